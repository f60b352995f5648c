"""The conformance expectations checked against @apollo/gateway: every case's expected response
is what Apollo Gateway answers on the same supergraph and subgraph processes, except cases with a
``divergence`` (why ours differs); for those the gateway's pinned ``apollo`` answer is checked,
message-insensitively (data, then error paths and codes)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conformance.harness import gateways, request, subgraph_server
from tests.conformance.scenario import load_scenarios
from tests.procs import Proc, running
from tests.reference.apollo import reference_available

pytestmark = pytest.mark.xdist_group("conformance")

# Scenarios Apollo Gateway cannot load, and why; their expectations are checked against our
# router only (tests/conformance).
GATEWAY_CANNOT_LOAD = {
    "context": "the context spec is linked for SECURITY, a purpose Apollo Gateway does not "
    "support (it refuses the supergraph; Apollo Router executes it, as ours does)",
}
SCENARIOS = [s for s in load_scenarios() if s.name not in GATEWAY_CANNOT_LOAD]
CASES = [(s.name, c) for s in SCENARIOS for c in s.cases()]


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proc]:
    assert reference_available(), "the reference npm packages are not installed"
    tmp: Path = tmp_path_factory.mktemp("gateways")
    with (
        running(subgraph_server(), name="conformance-subgraphs") as subs,
        gateways(SCENARIOS, subs.url, tmp) as gw,
    ):
        yield gw


def test_scenarios_the_gateway_cannot_load_still_exist() -> None:
    names = {s.name for s in load_scenarios()}
    assert set(GATEWAY_CANNOT_LOAD) <= names


def errors_shape(body: dict[str, Any]) -> list[str]:
    """Paths and codes of the errors, sorted: the gateway lists parallel failures as they come."""
    shape = [(e.get("path"), e.get("extensions", {}).get("code")) for e in body.get("errors", [])]
    return sorted(json.dumps(x) for x in shape)


@pytest.mark.parametrize(("scenario", "case"), CASES, ids=[f"{s}: {c['name']}" for s, c in CASES])
def test_gateway_agrees(scenario: str, case: dict[str, Any], gateway: Proc) -> None:
    theirs = httpx.post(f"{gateway.url}/{scenario}/graphql", json=request(case), timeout=30).json()
    if "divergence" not in case:
        assert theirs == case["response"]
        return
    pinned = case["apollo"]
    assert theirs.get("data") == pinned.get("data")
    assert errors_shape(theirs) == errors_shape(pinned)
    assert theirs != case["response"], "no longer divergent: drop the divergence"
