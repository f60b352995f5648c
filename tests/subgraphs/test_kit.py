"""The subgraph kit: request handling, router headers in context, per-request loaders."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import strawberry
from strawberry.types import Info

from subgraphs.kit import (
    AccessCounter,
    RequestContext,
    create_app,
    federated_schema,
    parse_traceparent,
)

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


@strawberry.type
class Echo:
    request_id: str | None
    user_id: str | None
    traceparent: str | None


@strawberry.type
class Query:
    @strawberry.field
    def echo(self, info: Info[RequestContext, None]) -> Echo:
        c = info.context
        return Echo(request_id=c.request_id, user_id=c.user_id, traceparent=c.traceparent)

    @strawberry.field
    async def square(self, info: Info[RequestContext, None], n: int) -> int:
        result: int = await info.context.loader("square").load(n)
        return result


def make_app() -> tuple[Any, AccessCounter]:
    counter = AccessCounter()

    async def squares(keys: list[int]) -> list[int]:
        counter.hit("squares")
        return [k * k for k in keys]

    app = create_app(
        federated_schema(query=Query),
        name="kit-test",
        loaders={"square": squares},
        stats=counter.snapshot,
    )
    return app, counter


@pytest.fixture
async def client() -> Any:
    app, _ = make_app()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as c:
        yield c


async def test_health(client: httpx.AsyncClient) -> None:
    r = await client.get("/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "subgraph": "kit-test"}


async def test_router_headers_reach_context_and_are_echoed(client: httpx.AsyncClient) -> None:
    headers = {"x-request-id": "req-42", "x-user-id": "u9", "traceparent": TRACEPARENT}
    r = await client.post(
        "/graphql",
        json={"query": "{ echo { requestId userId traceparent } }"},
        headers=headers,
    )
    assert r.json() == {
        "data": {"echo": {"requestId": "req-42", "userId": "u9", "traceparent": TRACEPARENT}}
    }
    assert r.headers["traceparent"] == TRACEPARENT
    assert r.headers["x-request-id"] == "req-42"
    assert r.headers["content-type"] == "application/json"


async def test_without_router_headers(client: httpx.AsyncClient) -> None:
    r = await client.post("/graphql", json={"query": "{ echo { requestId userId traceparent } }"})
    assert r.json()["data"]["echo"] == {"requestId": None, "userId": None, "traceparent": None}
    assert "traceparent" not in r.headers


async def test_malformed_traceparent_is_dropped(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/graphql", json={"query": "{ echo { traceparent } }"}, headers={"traceparent": "nope"}
    )
    assert r.json()["data"]["echo"]["traceparent"] is None
    assert "traceparent" not in r.headers


async def test_loader_batches_within_a_request_and_not_across() -> None:
    app, counter = make_app()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as c:
        query = "{ " + " ".join(f"s{i}: square(n: {i})" for i in range(20)) + " }"
        r = await c.post("/graphql", json={"query": query})
        assert r.json()["data"] == {f"s{i}": i * i for i in range(20)}
        assert counter.snapshot() == {"squares": 1}
        await c.post("/graphql", json={"query": "{ square(n: 3) }"})
        # A new request gets a new DataLoader: no cache carried over.
        assert counter.snapshot() == {"squares": 2}
        stats = await c.get("/stats")
        assert stats.json() == {"squares": 2}


async def test_variables_and_operation_name(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/graphql",
        json={
            "query": "query A($n: Int!) { square(n: $n) } query B { echo { userId } }",
            "variables": {"n": 7},
            "operationName": "A",
        },
    )
    assert r.json() == {"data": {"square": 49}}


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[1, 2]",
        b'{"query": 3}',
        b'{"query": "{ square(n: 1) }", "variables": [1]}',
        b'{"query": "{ square(n: 1) }", "operationName": 5}',
    ],
)
async def test_bad_requests_are_400(client: httpx.AsyncClient, body: bytes) -> None:
    r = await client.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 400
    assert r.json()["errors"][0]["message"]


async def test_graphql_errors_are_reported(client: httpx.AsyncClient) -> None:
    r = await client.post("/graphql", json={"query": "{ nope }"})
    body = r.json()
    assert r.status_code == 200
    assert body["data"] is None
    assert "nope" in body["errors"][0]["message"]


async def test_no_stats_route_without_stats() -> None:
    app = create_app(federated_schema(query=Query), name="bare")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as c:
        assert (await c.get("/stats")).status_code == 404


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (TRACEPARENT, TRACEPARENT),
        (TRACEPARENT.upper(), TRACEPARENT),
        (f"  {TRACEPARENT} ", TRACEPARENT),
        (None, None),
        ("", None),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", None),
        ("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", None),
        ("00-00000000000000000000000000000000-00f067aa0ba902b7-01", None),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", None),
        ("00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01", None),
    ],
)
def test_parse_traceparent(value: str | None, expected: str | None) -> None:
    assert parse_traceparent(value) == expected
