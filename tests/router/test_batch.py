"""Fetch batching: plans in waves, same-subgraph entity fetches merged into one request."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from router.plan import (
    BatchFetchNode,
    ConditionNode,
    FetchNode,
    FlattenNode,
    InputField,
    InputFragment,
    ParallelNode,
    PlanNode,
    QueryPlan,
    SequenceNode,
    count_fetches,
    explain,
    plan_to_json,
)
from router.planner import PlannerConfig
from router.planner.batch import batch_fetches
from router.service import Router
from tests.conformance.subgraph import InMemoryClient, build_subgraph_schema
from tests.router.golden_harness import fixtures, supergraph_for
from tests.router.helpers import compose_cached

LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])\n'
ACCOUNTS = (
    LINK
    + """
type Query { users: [User!]! }
type User @key(fields: "id") { id: ID! name: String! nick: String }
"""
)
POSTS = (
    LINK
    + """
type Query { posts: [Post!]! }
type Post { id: ID! author: User! editor: User }
type User @key(fields: "id") { id: ID! posts: [Post!]! }
"""
)
ACCOUNTS_DATA: dict[str, Any] = {
    "Query": {"users": [{"$ref": ["User", {"id": "1"}]}, {"$ref": ["User", {"id": "2"}]}]},
    "entities": {
        "User": [
            {"id": "1", "name": "Ada", "nick": "ada"},
            {"id": "2", "name": "Bob", "nick": {"$error": "nick is private"}},
        ]
    },
}
POSTS_DATA: dict[str, Any] = {
    "Query": {
        "posts": [
            {"id": "p1", "author": {"__typename": "User", "id": "1"}, "editor": None},
            {
                "id": "p2",
                "author": {"__typename": "User", "id": "2"},
                "editor": {"__typename": "User", "id": "1"},
            },
        ]
    },
    "entities": {
        "User": [
            {"id": "1", "posts": [{"id": "p1", "author": {"__typename": "User", "id": "1"}}]},
            {"id": "2", "posts": []},
        ]
    },
}


def _router(batch: bool) -> tuple[Router, InMemoryClient]:
    sdl = compose_cached([("accounts", ACCOUNTS), ("posts", POSTS)])
    client = InMemoryClient(
        {
            "accounts": build_subgraph_schema(ACCOUNTS, ACCOUNTS_DATA),
            "posts": build_subgraph_schema(POSTS, POSTS_DATA),
        }
    )
    return Router.from_sdl(sdl, client, config=PlannerConfig(batch_fetches=batch)), client


async def _both(query: str, variables: dict[str, Any] | None = None) -> tuple[Any, InMemoryClient]:
    """The response with batching (checked equal to the one without) and the batched client."""
    bodies = []
    clients = []
    for batch in (True, False):
        router, client = _router(batch)
        status, body = await router.execute({"query": query, "variables": variables})
        assert status == 200
        bodies.append(body)
        clients.append(client)
    assert bodies[0] == bodies[1]
    return bodies[0], clients[0]


def _entity_fetch(service: str, path: str, selection: str, op: str = "Op") -> FlattenNode:
    requires = (InputFragment("User", (InputField("__typename"), InputField("id"))),)
    operation = (
        f"query {op}($representations:[_Any!]!)"
        f"{{_entities(representations:$representations){selection}}}"
    )
    return FlattenNode(
        tuple(path.split(".")), FetchNode(service, operation, (), "query", requires, op)
    )


def _root(service: str, kind: str = "query") -> FetchNode:
    return FetchNode(service, "{users{__typename id}}", (), kind)  # type: ignore[arg-type]


def _requests(node: PlanNode | None) -> Counter[str]:
    match node:
        case FetchNode() | BatchFetchNode():
            return Counter([node.service_name])
        case FlattenNode():
            return _requests(node.node)
        case SequenceNode() | ParallelNode():
            return sum((_requests(n) for n in node.nodes), Counter())
        case ConditionNode():
            return _requests(node.if_clause) + _requests(node.else_clause)
    return Counter()


def test_fetches_run_as_early_as_the_plan_allows_and_merge_per_wave() -> None:
    a = _entity_fetch("accounts", "posts.@.author", "{...on User{name}}")
    b = _entity_fetch("accounts", "users.@.friend", "{...on User{name}}")
    plan = ParallelNode(
        (
            SequenceNode((_root("posts"), a)),
            SequenceNode((_root("users"), _root("other"), b)),
        )
    )
    got = batch_fetches(plan)
    # a (wave 1) and b (wave 2) are in different waves: nothing merges, the plan is unchanged.
    assert got == plan
    plan = ParallelNode((SequenceNode((_root("posts"), a)), SequenceNode((_root("users"), b))))
    got = batch_fetches(plan)
    assert isinstance(got, SequenceNode)
    first, second = got.nodes
    assert first == ParallelNode((_root("posts"), _root("users")))
    assert isinstance(second, BatchFetchNode)
    assert [b.paths for b in second.batches] == [
        (("posts", "@", "author"), ("users", "@", "friend"))
    ]
    # One selection: the first fetch's operation, its one _entities field.
    assert second.operation == a.node.operation  # type: ignore[union-attr]
    assert count_fetches(got) == 3 and count_fetches(plan) == 4


def test_different_selections_become_aliased_fields_with_their_own_variables() -> None:
    a = _entity_fetch("accounts", "posts.@.author", "{...on User{name}}", "Op__accounts__1")
    b = FlattenNode(
        ("users", "@"),
        FetchNode(
            "accounts",
            "query Op__accounts__2($representations:[_Any!]! $representations0:Int=5)"
            "{_entities(representations:$representations){...on User{nick(n:$representations0)}}}",
            ("representations0",),
            "query",
            a.node.requires,  # type: ignore[union-attr]
            "Op__accounts__2",
        ),
    )
    got = batch_fetches(SequenceNode((_root("posts"), ParallelNode((a, b)))))
    assert isinstance(got, SequenceNode)
    batch = got.nodes[1]
    assert isinstance(batch, BatchFetchNode)
    # The client's variable keeps its name; the representations variable avoids it.
    assert batch.operation == (
        "query Op__accounts__1($_representations0:[_Any!]! $representations1:[_Any!]! "
        "$representations0: Int = 5){_e0:_entities(representations:$_representations0)"
        "{...on User{name}} _e1:_entities(representations:$representations1)"
        "{...on User{nick(n:$representations0)}}}"
    )
    assert [(b.response_key, b.variable) for b in batch.batches] == [
        ("_e0", "_representations0"),
        ("_e1", "representations1"),
    ]
    assert batch.variable_usages == ("representations0",)
    text = explain(QueryPlan(got))
    assert 'BatchFetch(service: "accounts") {' in text
    assert '_e1: _entities(paths: "users.@") {' in text
    js = plan_to_json(QueryPlan(got))["node"]["nodes"][1]
    assert js["kind"] == "BatchFetch"
    assert [e["paths"] for e in js["entities"]] == [[["posts", "@", "author"]], [["users", "@"]]]


def test_conditions_are_opaque_units_batched_inside() -> None:
    a = _entity_fetch("accounts", "posts.@.author", "{...on User{name}}")
    b = _entity_fetch("accounts", "posts.@.editor", "{...on User{name}}")
    cond = ConditionNode("x", ParallelNode((a, b)), None)
    got = batch_fetches(SequenceNode((_root("posts"), ParallelNode((cond, a)))))
    assert isinstance(got, SequenceNode)
    par = got.nodes[1]
    # The condition is not merged with its sibling; inside it, its own fetches merge.
    assert isinstance(par, ParallelNode)
    inner = par.nodes[0]
    assert isinstance(inner, ConditionNode) and isinstance(inner.if_clause, BatchFetchNode)
    assert par.nodes[1] == a


def test_mutation_root_fetches_keep_their_order_and_are_never_merged() -> None:
    m1, m2 = _root("accounts", "mutation"), _root("accounts", "mutation")
    a = _entity_fetch("posts", "a", "{...on User{posts{id}}}")
    b = _entity_fetch("posts", "b", "{...on User{posts{id}}}")
    plan = SequenceNode((m1, a, m2, b))
    assert batch_fetches(plan) == plan


@pytest.mark.parametrize("fx", fixtures(), ids=lambda fx: fx.feature)
def test_batching_keeps_every_fetch_of_every_golden_plan(fx: Any) -> None:
    """Every entity fetch of the plain plan is still made (same subgraph, selection, path),
    and no subgraph gets more requests."""
    sdl = supergraph_for(fx)
    plain = Router.from_sdl(sdl, None, config=PlannerConfig(batch_fetches=False))  # type: ignore[arg-type]
    batched = Router.from_sdl(sdl, None)  # type: ignore[arg-type]
    for case in fx.cases:
        p = plain.prepare(case.query, None).plan.node
        b = batched.prepare(case.query, None).plan.node
        assert _entity_parts(p) == _entity_parts(b), case.name
        assert not _requests(b) - _requests(p), case.name
        assert count_fetches(b) <= count_fetches(p)


def _entity_parts(node: PlanNode | None) -> Counter[tuple[object, ...]]:
    match node:
        case FlattenNode():
            f = node.node
            assert isinstance(f, FetchNode)
            sel = f.operation.partition("(representations:$representations)")[2]
            return Counter([(f.service_name, f.requires, node.path, sel)])
        case BatchFetchNode():
            out: Counter[tuple[object, ...]] = Counter()
            for b in node.batches:
                sel = b.fetch.operation.partition("(representations:$representations)")[2]
                for p in b.paths:
                    out[(node.service_name, b.fetch.requires, p, sel)] += 1
            return out
        case SequenceNode() | ParallelNode():
            return sum((_entity_parts(n) for n in node.nodes), Counter())
        case ConditionNode():
            return _entity_parts(node.if_clause) + _entity_parts(node.else_clause)
    return Counter()


async def test_same_selection_shares_one_entities_call_with_deduplicated_representations() -> None:
    body, client = await _both("{ posts { id author { name } editor { name } } }")
    assert body == {
        "data": {
            "posts": [
                {"id": "p1", "author": {"name": "Ada"}, "editor": None},
                {"id": "p2", "author": {"name": "Bob"}, "editor": {"name": "Ada"}},
            ]
        }
    }
    calls = [p for s, p in client.requests if s == "accounts"]
    assert len(calls) == 1
    assert calls[0]["variables"]["representations"] == [
        {"__typename": "User", "id": "1"},
        {"__typename": "User", "id": "2"},
    ]


async def test_aliased_batches_split_results_and_errors_per_path() -> None:
    body, client = await _both("{ posts { author { name } editor { nick } } }")
    assert body["data"] == {
        "posts": [
            {"author": {"name": "Ada"}, "editor": None},
            {"author": {"name": "Bob"}, "editor": {"nick": "ada"}},
        ]
    }
    assert "errors" not in body
    calls = [p for s, p in client.requests if s == "accounts"]
    assert len(calls) == 1 and "_e1:_entities" in calls[0]["query"]
    body, _ = await _both("{ posts { author { nick } editor { name } } }")
    assert body["data"]["posts"][1] == {"author": {"nick": None}, "editor": {"name": "Ada"}}
    assert [(e["message"], e["path"]) for e in body["errors"]] == [
        ("nick is private", ["posts", 1, "author", "nick"])
    ]


async def test_include_kept_in_the_operation_still_batches() -> None:
    query = "query Q($x: Boolean!) { posts { author { name } editor @include(if: $x) { nick } } }"
    for x in (True, False):
        body, client = await _both(query, {"x": x})
        assert all("editor" in p for p in body["data"]["posts"]) == x
        calls = [p for s, p in client.requests if s == "accounts"]
        assert len(calls) == 1
        editors = [v for k, v in calls[0]["variables"].items() if k != "representations0"]
        assert editors == ([[{"__typename": "User", "id": "1"}]] if x else [[]])


async def test_condition_nodes_run_their_clause_only() -> None:
    query = (
        "query Q($x: Boolean!) { posts { author { name } }"
        " ... @include(if: $x) { users { posts { editor { name } } } } }"
    )
    router, _ = _router(True)
    plan = router.prepare(query, None).plan.node
    assert isinstance(plan, ParallelNode) and isinstance(plan.nodes[1], ConditionNode)
    for x in (True, False):
        body, client = await _both(query, {"x": x})
        assert ("users" in body["data"]) == x
        # With x: users, their posts; the editors' fetch has no representations (no editor).
        assert [s for s, _ in client.requests] == (
            ["posts", "accounts", "accounts", "posts"] if x else ["posts", "accounts"]
        )
