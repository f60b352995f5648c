"""Our supergraph of the sample subgraphs, served by @apollo/gateway, answers across all four.

The supergraph is composed by Switchyard's composer from the repository's ``supergraph.yaml``
(routing URLs pointed at the live subgraph processes); the reference gateway must load it and
answer the dashboard query, which reaches users, orders, products and reviews.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from composer import compose
from composer.config import load_config
from composer.sources import read_sources
from tests.procs import Proc, running
from tests.reference.apollo import reference_available
from tests.subgraphs.conftest import NAMES, data, live
from tests.subgraphs.test_routers import expected_dashboard, query

pytestmark = pytest.mark.xdist_group("subgraphs-live")

ROOT = Path(__file__).resolve().parents[2]
GATEWAY = ROOT / "tests" / "subgraphs" / "reference_gateway.mjs"

__all__ = ["live"]  # the session fixture starting the four sample subgraphs


@pytest.fixture(scope="module")
def our_supergraph(live: dict[str, Proc], tmp_path_factory: pytest.TempPathFactory) -> Path:
    sources = read_sources(load_config(ROOT / "supergraph.yaml"))
    assert sorted(s.name for s in sources) == sorted(NAMES)
    sources = [dataclasses.replace(s, url=f"{live[s.name].url}/graphql") for s in sources]
    result = compose(sources)
    assert result.ok, [e.format() for e in result.errors]
    assert result.supergraph_sdl is not None
    path = tmp_path_factory.mktemp("ours") / "supergraph.graphql"
    path.write_text(result.supergraph_sdl, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def apollo_gateway(our_supergraph: Path) -> Iterator[Proc]:
    if not reference_available():
        pytest.fail("node and tests/reference/node_modules are needed for the reference gateway")
    command = ["node", str(GATEWAY), "--supergraph", str(our_supergraph), "--port"]
    with running(lambda port: [*command, str(port)], name="apollo-gateway-ours") as proc:
        yield proc


@pytest.mark.parametrize("user_id", ["u1", "u400"])
def test_dashboard_across_four_subgraphs(apollo_gateway: Proc, user_id: str) -> None:
    got = data(apollo_gateway.url, query("dashboard"), {"userId": user_id, "recent": 3})
    assert got == expected_dashboard(user_id, 3)


def test_gateway_serves_our_api_schema(apollo_gateway: Proc) -> None:
    response = httpx.post(
        apollo_gateway.url + "/graphql",
        json={"query": "{ __schema { queryType { fields { name } } } }"},
        timeout=10.0,
    )
    fields = {f["name"] for f in response.json()["data"]["__schema"]["queryType"]["fields"]}
    assert {"user", "topProducts"} <= fields
