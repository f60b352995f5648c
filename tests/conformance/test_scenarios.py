"""Run every conformance scenario: subgraph processes on 127.0.0.1, the router in process
with its production aiohttp client, exact expected responses."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from router.client import AiohttpSubgraphClient
from router.service import Router
from tests.conformance.processes import free_port, start, stop
from tests.conformance.scenario import Scenario, load_scenarios

SCENARIOS = load_scenarios()
CASES = [(s, c) for s in SCENARIOS for c in s.cases()]


@pytest.fixture(scope="module")
def subgraph_urls() -> Any:
    """Start every scenario's subgraphs once for the module; stop them by PID afterwards."""
    procs = []
    urls: dict[str, dict[str, str]] = {}
    try:
        for s in SCENARIOS:
            urls[s.name] = {}
            for name, _ in s.subgraphs:
                port = free_port()
                args = [
                    "-m",
                    "tests.conformance.serve_subgraph",
                    "--sdl",
                    str(s.sdl_file(name)),
                    "--data",
                    str(s.data_file(name)),
                    "--port",
                    str(port),
                ]
                procs.append(start(args, port))
                urls[s.name][name] = f"http://127.0.0.1:{port}/graphql"
        yield urls
    finally:
        for p in procs:
            stop(p)


@pytest.fixture
async def client() -> AsyncIterator[AiohttpSubgraphClient]:
    c = AiohttpSubgraphClient(timeout_seconds=10)
    try:
        yield c
    finally:
        await c.close()


@pytest.mark.parametrize(
    ("scenario", "case"), CASES, ids=[f"{s.name}: {c['name']}" for s, c in CASES]
)
async def test_scenario_case(
    scenario: Scenario,
    case: dict[str, Any],
    subgraph_urls: dict[str, dict[str, str]],
    client: AiohttpSubgraphClient,
) -> None:
    router = Router.from_sdl(scenario.supergraph(), client, urls=subgraph_urls[scenario.name])
    request = {k: case[k] for k in ("query", "variables", "operationName") if k in case}
    _, body = await router.execute(request)
    assert body == case["response"]
