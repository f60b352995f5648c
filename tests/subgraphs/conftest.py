"""Fixtures for the sample subgraphs: the four running as real processes, plus a query helper."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.procs import Proc, running_all, subgraph_command

NAMES = ("users", "orders", "reviews", "products")


@pytest.fixture(scope="session")
def live() -> Iterator[dict[str, Proc]]:
    """The four sample subgraphs, each a real process on a free 127.0.0.1 port."""
    with running_all({n: subgraph_command(n) for n in NAMES}) as procs:
        yield procs


def post(
    url: str,
    query: str,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """POST a GraphQL request to ``url`` (a base URL; ``/graphql`` is appended)."""
    body: dict[str, Any] = {"query": query}
    if variables is not None:
        body["variables"] = variables
    return httpx.post(url + "/graphql", json=body, headers=headers or {}, timeout=10.0)


def data(url: str, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Any:
    """The ``data`` of a request that must succeed without errors."""
    response = post(url, query, variables, **kw)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]
