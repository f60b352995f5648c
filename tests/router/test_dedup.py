"""Inbound de-duplication: a real router server on 127.0.0.1 in front of a slow subgraph
(an aiohttp app in the test's loop that counts the requests it receives)."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import uvicorn
from aiohttp import web
from graphql import graphql

from composer import SubgraphSource, compose
from router.client import AiohttpSubgraphClient, HeaderRule, HeaderRules
from router.dedup import InflightDeduplicator, dedup_key
from router.server import RouterConfig, create_app, load_config
from router.service import Router
from tests.conformance.subgraph import build_subgraph_schema
from tests.procs import free_port

SDL = """
extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
type Query { me: User whoami: String broken: String }
type Mutation { bump(ns: String!, n: Int!): Int }
type User @key(fields: "id") { id: ID! name: String! }
"""
DATA: dict[str, Any] = {
    "Query": {
        "me": {"$ref": ["User", {"id": "1"}]},
        "whoami": {"$header": "x-user-id"},
        "broken": {"$error": "broken on purpose"},
    },
    "Mutation": {"bump": {"$counter": "add"}},
    "entities": {"User": [{"id": "1", "name": "Ada"}]},
}
DELAY = 0.4
_namespaces = itertools.count()


@dataclass
class SlowSubgraph:
    """Answers after ``DELAY`` seconds; records every request's query and headers."""

    url: str = ""
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)


@dataclass
class Stack:
    subgraph: SlowSubgraph
    router_url: str
    app: Any


async def _slow_subgraph() -> tuple[SlowSubgraph, web.AppRunner]:
    schema = build_subgraph_schema(SDL, DATA)
    state = SlowSubgraph()

    async def handle(request: web.Request) -> web.Response:
        body = await request.json()
        headers = {k.lower(): v for k, v in request.headers.items()}
        state.requests.append((body["query"], headers))
        await asyncio.sleep(DELAY)
        result = await graphql(
            schema,
            body["query"],
            variable_values=body.get("variables"),
            operation_name=body.get("operationName"),
            context_value={"headers": headers},
            field_resolver=schema.default_field_resolver,  # type: ignore[attr-defined]
        )
        return web.json_response(result.formatted)

    app = web.Application()
    app.router.add_post("/graphql", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    state.url = f"http://127.0.0.1:{port}/graphql"
    return state, runner


@contextlib.asynccontextmanager
async def running(config: RouterConfig) -> AsyncIterator[Stack]:
    """The slow subgraph and a router server configured with ``config``."""
    subgraph, runner = await _slow_subgraph()
    composed = compose([SubgraphSource("accounts", subgraph.url, SDL, "test")])
    assert composed.ok, composed.errors
    client = AiohttpSubgraphClient(header_rules=config.headers)
    router = Router.from_sdl(composed.supergraph_sdl, client, options=config.options)
    app = create_app(router, config)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        assert not task.done(), "router did not start"
        await asyncio.sleep(0.02)
    try:
        yield Stack(subgraph, f"http://127.0.0.1:{port}/graphql", app)
    finally:
        server.should_exit = True
        await task
        await runner.cleanup()


async def _burst(url: str, requests: list[dict[str, Any]]) -> list[httpx.Response]:
    """Send every request at once, each on its own connection."""
    limits = httpx.Limits(max_connections=len(requests))
    async with httpx.AsyncClient(timeout=10, limits=limits) as c:
        return list(await asyncio.gather(*(c.post(url, **r) for r in requests)))


DEDUP = RouterConfig(inbound_dedup=True)
ME = {"query": "query Me { me { id name } }", "operationName": "Me"}


async def test_concurrent_identical_queries_make_one_subgraph_call() -> None:
    async with running(DEDUP) as stack:
        responses = await _burst(stack.router_url, [{"json": ME}] * 6)
        assert [r.status_code for r in responses] == [200] * 6
        assert {r.content for r in responses} == {b'{"data":{"me":{"id":"1","name":"Ada"}}}'}
        assert len(stack.subgraph.requests) == 1
        assert stack.app.state.dedup.shared == 5
        # Every response keeps its own request id.
        assert len({r.headers["x-request-id"] for r in responses}) == 6


async def test_nothing_is_kept_after_the_shared_execution() -> None:
    async with running(DEDUP) as stack:
        async with httpx.AsyncClient(timeout=10) as c:
            for _ in range(3):
                assert (await c.post(stack.router_url, json=ME)).status_code == 200
        assert len(stack.subgraph.requests) == 3
        assert stack.app.state.dedup.in_flight == 0


async def test_different_authorization_or_cookie_never_share() -> None:
    async with running(DEDUP) as stack:
        users = [
            {"authorization": "Bearer alice"},
            {"authorization": "Bearer bob"},
            {"authorization": "Bearer alice", "cookie": "session=1"},
        ]
        responses = await _burst(stack.router_url, [{"json": ME, "headers": h} for h in users * 2])
        assert all(r.status_code == 200 for r in responses)
        assert len(stack.subgraph.requests) == 3
        assert stack.app.state.dedup.shared == 3


FORWARD_USER = RouterConfig(
    inbound_dedup=True, headers=HeaderRules(all=(HeaderRule("propagate", named="x-user-id"),))
)


async def test_propagated_headers_are_part_of_the_key() -> None:
    async with running(FORWARD_USER) as stack:
        who = {"query": "{ whoami }"}
        requests = [
            {"json": who, "headers": {"x-user-id": user, "x-request-id": f"r{i}"}}
            for i, user in enumerate(["7", "8", "7", "8"])
        ]
        responses = await _burst(stack.router_url, requests)
        assert [r.json()["data"]["whoami"] for r in responses] == ["7", "8", "7", "8"]
        # One call per user; the client request ids differ but are not part of the answer.
        assert sorted(h["x-user-id"] for _, h in stack.subgraph.requests) == ["7", "8"]
        assert [r.headers["x-request-id"] for r in responses] == ["r0", "r1", "r2", "r3"]


async def test_variables_and_operation_text_are_part_of_the_key() -> None:
    async with running(DEDUP) as stack:
        q = "query($on: Boolean!) { me { id name @include(if: $on) } }"
        requests = [
            {"json": {"query": q, "variables": {"on": True}}},
            {"json": {"query": q, "variables": {"on": False}}},
            {"json": {"query": q, "variables": {"on": True}, "extensions": {"a": 1}}},
            {"json": {"query": q + " ", "variables": {"on": True}}},
            {"json": {"query": q, "variables": {"on": True}}},
        ]
        responses = await _burst(stack.router_url, requests)
        ada = {"id": "1", "name": "Ada"}
        assert [r.json()["data"]["me"] for r in responses] == [ada, {"id": "1"}, ada, ada, ada]
        assert len(stack.subgraph.requests) == 4
        assert stack.app.state.dedup.shared == 1


async def test_mutations_are_never_shared() -> None:
    async with running(DEDUP) as stack:
        ns = f"dedup-{next(_namespaces)}"
        m = {"query": f'mutation {{ bump(ns: "{ns}", n: 1) }}'}
        responses = await _burst(stack.router_url, [{"json": m}] * 4)
        assert sorted(r.json()["data"]["bump"] for r in responses) == [1, 2, 3, 4]
        assert len(stack.subgraph.requests) == 4
        assert stack.app.state.dedup.shared == 0


async def test_errors_are_shared_with_the_whole_response() -> None:
    async with running(DEDUP) as stack:
        responses = await _burst(stack.router_url, [{"json": {"query": "{ broken }"}}] * 3)
        assert len(stack.subgraph.requests) == 1
        assert len({r.content for r in responses}) == 1
        body = responses[0].json()
        assert body["data"] == {"broken": None}
        assert body["errors"][0]["message"] == "broken on purpose"


async def test_invalid_requests_are_answered_alone() -> None:
    async with running(DEDUP) as stack:
        responses = await _burst(stack.router_url, [{"json": {"query": "{ nope }"}}] * 3)
        assert [r.status_code for r in responses] == [400] * 3
        assert all(
            r.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
            for r in responses
        )
        assert stack.app.state.dedup.shared == 0


async def test_off_by_default() -> None:
    async with running(RouterConfig()) as stack:
        responses = await _burst(stack.router_url, [{"json": ME}] * 4)
        assert {r.status_code for r in responses} == {200}
        assert len(stack.subgraph.requests) == 4
        assert stack.app.state.dedup is None
        assert RouterConfig().inbound_dedup is False


def test_config_key() -> None:
    cfg = load_config("traffic_shaping:\n  router:\n    deduplicate_query: true\n")
    assert cfg.inbound_dedup is True
    assert load_config("traffic_shaping: {}").inbound_dedup is False
    with pytest.raises(ValueError, match=re.escape("did you mean 'deduplicate_query'?")):
        load_config("traffic_shaping: {router: {deduplicate_queries: true}}")
    with pytest.raises(ValueError, match="deduplicate_query: expected bool"):
        load_config("traffic_shaping: {router: {deduplicate_query: 1}}")


def test_key_keeps_private_headers_and_drops_the_request_id() -> None:
    rules = HeaderRules(subgraphs={"b": (HeaderRule("propagate", named="x-tenant"),)})
    base = {"query": "{ a }", "variables": {"x": 1}}

    def key(headers: dict[str, str], payload: Any = base, method: str = "POST") -> Any:
        return dedup_key(method, payload, headers, rules)

    assert key({"x-request-id": "1"}) == key({"x-request-id": "2"}) == key({})
    assert key({"authorization": "a"}) != key({"authorization": "b"})
    assert key({"cookie": "a"}) != key({})
    # A header forwarded to one subgraph only still separates users.
    assert key({"x-tenant": "1"}) != key({"x-tenant": "2"})
    # Headers no rule forwards do not.
    assert key({"x-unrelated": "1"}) == key({"x-unrelated": "2"})
    assert key({}, {**base, "variables": {"x": 2}}) != key({})
    assert key({}, method="GET") != key({})
    assert key({}, {"query": 3}) is None and key({}, ["x"]) is None


async def test_shared_failure_reaches_every_waiter_and_one_cancel_spares_the_others() -> None:
    dedup = InflightDeduplicator()
    gate = asyncio.Event()
    runs = 0

    async def work() -> str:
        nonlocal runs
        runs += 1
        await gate.wait()
        raise RuntimeError("down")

    waiters = [asyncio.create_task(dedup.run("k", work)) for _ in range(3)]
    await asyncio.sleep(0)
    waiters[0].cancel()
    gate.set()
    results = await asyncio.gather(*waiters, return_exceptions=True)
    assert isinstance(results[0], asyncio.CancelledError)
    assert [str(r) for r in results[1:]] == ["down", "down"]
    assert runs == 1 and dedup.in_flight == 0
