"""Run every conformance case through the router twice: on the supergraph from Apollo's composer
and on the one from ours. Subgraphs are served by one real process on 127.0.0.1; the router runs
in process with its production aiohttp client; responses must equal the expected JSON exactly.

Scenarios our composer cannot compose yet are reported (a warning naming them) and run on
Apollo's supergraph only; ``composes-with-ours.txt`` lists those it composes, and may only grow.
"""

from __future__ import annotations

import warnings
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from router.client import AiohttpSubgraphClient
from router.service import Router, SchemaSnapshot
from tests.conformance.harness import (
    COMPOSES_LIST,
    listed_composing,
    ours,
    request,
    subgraph_server,
    supergraph,
    urls,
)
from tests.conformance.scenario import Scenario, load_scenarios
from tests.procs import Proc, running

pytestmark = pytest.mark.xdist_group("conformance")

SCENARIOS = load_scenarios()
COMPOSING = {s.name for s in SCENARIOS if ours(s.name) is not None}
RUNS = [
    (kind, s, c)
    for kind in ("apollo", "ours")
    for s in SCENARIOS
    if kind == "apollo" or s.name in COMPOSING
    for c in s.cases()
]
_SNAPSHOTS: dict[tuple[str, str], SchemaSnapshot] = {}


@pytest.fixture(scope="module")
def server() -> Iterator[Proc]:
    with running(subgraph_server(), name="conformance-subgraphs") as proc:
        yield proc


@pytest.fixture
async def client() -> AsyncIterator[AiohttpSubgraphClient]:
    c = AiohttpSubgraphClient(timeout_seconds=10)
    try:
        yield c
    finally:
        await c.close()


def snapshot(kind: str, scenario: Scenario, base: str) -> SchemaSnapshot:
    key = (kind, scenario.name)
    if key not in _SNAPSHOTS:
        sdl = supergraph(scenario, kind)
        _SNAPSHOTS[key] = SchemaSnapshot.from_sdl(sdl, urls=urls(scenario, base))
    return _SNAPSHOTS[key]


@pytest.mark.parametrize(
    ("kind", "scenario", "case"),
    RUNS,
    ids=[f"{k}-{s.name}: {c['name']}" for k, s, c in RUNS],
)
async def test_scenario_case(
    kind: str,
    scenario: Scenario,
    case: dict[str, Any],
    server: Proc,
    client: AiohttpSubgraphClient,
) -> None:
    router = Router(snapshot(kind, scenario, server.url), client)
    _, body = await router.execute(request(case))
    assert body == case["response"]


def test_our_composer_keeps_composing_listed_scenarios() -> None:
    listed = listed_composing()
    lost = sorted(listed - COMPOSING)
    assert not lost, f"our composer no longer composes {lost} (listed in {COMPOSES_LIST.name})"
    missing = sorted({s.name for s in SCENARIOS} - COMPOSING)
    if missing:
        warnings.warn(f"our composer cannot compose yet: {', '.join(missing)}", stacklevel=1)
    new = sorted(COMPOSING - listed)
    if new:
        warnings.warn(f"now composing, add to {COMPOSES_LIST.name}: {new}", stacklevel=1)


def test_suite_size() -> None:
    """The suite covers each federation feature with many cases; it must not shrink."""
    assert sum(len(s.cases()) for s in SCENARIOS) >= 150


def test_divergent_cases_say_why() -> None:
    for s in SCENARIOS:
        for c in s.cases():
            assert ("divergence" in c) == ("apollo" in c), (s.name, c["name"])
            assert c.get("divergence", "x").strip(), (s.name, c["name"])
