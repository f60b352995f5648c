"""Fetch batching against plain plans on the standard federation benchmark's four subgraphs
(executed in process over their dataset): the same responses, never more subgraph requests."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from graphql import (
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
    graphql,
    is_composite_type,
    is_non_null_type,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.dataset import SUBGRAPH_NAMES, load_dataset
from bench.subgraph_schemas import build_subgraph_schema
from composer.supergraph.api_schema import build_api_schema
from router.planner import PlannerConfig
from router.service import Router
from tests.router.golden_harness import fixtures, read_fixture, supergraph_for

BENCH = next(fx for fx in fixtures() if fx.feature == "bench")
SUPERGRAPH = supergraph_for(BENCH)
API = build_api_schema(SUPERGRAPH)
DATASET = load_dataset()
SCHEMAS = {name: build_subgraph_schema(name, DATASET) for name in SUBGRAPH_NAMES}


class _InProcess:
    """Runs each subgraph request against the benchmark subgraph's executable schema."""

    def __init__(self) -> None:
        self.requests: list[str] = []

    async def request(
        self,
        service: str,
        url: str,
        payload: dict[str, Any],
        headers: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        self.requests.append(service)
        result = await graphql(
            SCHEMAS[service],
            payload["query"],
            variable_values=payload.get("variables"),
            operation_name=payload.get("operationName"),
        )
        return result.formatted  # type: ignore[return-value]


async def _run(query: str, batch: bool) -> tuple[int, dict[str, Any], list[str]]:
    client = _InProcess()
    router = Router.from_sdl(SUPERGRAPH, client, config=PlannerConfig(batch_fetches=batch))
    status, body = await router.execute({"query": query})
    return status, body, client.requests


def _selection(rng: random.Random, schema: GraphQLSchema, t: GraphQLObjectType, depth: int) -> str:
    """Random fields of ``t``, nested composite fields preferred (entity jumps are what fetches
    are made of), down to depth 5."""
    usable = [
        (name, f)
        for name, f in t.fields.items()
        if not any(is_non_null_type(a.type) and a.default_value is None for a in f.args.values())
    ]
    nested = [(n, f) for n, f in usable if is_composite_type(get_named_type(f.type))]
    leaves = [(n, f) for n, f in usable if (n, f) not in nested]
    chosen = rng.sample(leaves, rng.randint(1, min(3, len(leaves)))) if leaves else []
    if nested and depth < 5:
        chosen += rng.sample(nested, rng.randint(1, len(nested)))
    parts = []
    for name, f in chosen:
        named = get_named_type(f.type)
        alias = f"a{rng.randint(0, 9)}_{name}: " if rng.random() < 0.2 else ""
        if is_composite_type(named):
            target = (
                named
                if isinstance(named, GraphQLObjectType)
                else rng.choice(schema.get_possible_types(named))  # type: ignore[arg-type]
            )
            inner = _selection(rng, schema, target, depth + 1)
            if target is not named:
                inner = f"{{ ... on {target.name} {inner} }}"
            parts.append(f"{alias}{name} {inner}")
        else:
            parts.append(alias + name)
    return "{ " + " ".join(dict.fromkeys(parts)) + " }"


def _query(seed: int) -> str:
    rng = random.Random(seed)
    assert API.query_type is not None
    return _selection(rng, API, API.query_type, 0)


async def test_benchmark_queries() -> None:
    fx = read_fixture(BENCH.path)
    for case in fx.cases:
        batched = await _run(case.query, True)
        plain = await _run(case.query, False)
        assert batched[:2] == plain[:2]
        assert "errors" not in batched[1]
    heavy = next(c for c in fx.cases if c.name == "heavy")
    _, _, requests = await _run(heavy.query, True)
    _, _, plain_requests = await _run(heavy.query, False)
    assert (len(requests), len(plain_requests)) == (7, 13)
    assert sorted(requests) == sorted(
        ["accounts", "products", "reviews", "inventory", "products", "accounts", "inventory"]
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2**32 - 1))
async def test_random_queries_same_response_no_more_requests(seed: int) -> None:
    query = _query(seed)
    status, body, requests = await _run(query, True)
    plain_status, plain_body, plain_requests = await _run(query, False)
    assert (status, body) == (plain_status, plain_body), query
    assert len(requests) <= len(plain_requests), query
