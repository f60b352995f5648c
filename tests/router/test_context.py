"""``@fromContext`` arguments: planned from the ancestor setting the context, sent per value."""

from __future__ import annotations

import json
from typing import Any

import pytest

from router.entities import ancestors_at, context_value, split_by_values
from router.plan import FetchNode, QueryPlan, plan_to_json
from router.planner import PlannerConfig
from router.service import Router
from tests.conformance.scenario import load_scenarios
from tests.conformance.subgraph import InMemoryClient, build_subgraph_schema
from tests.router.helpers import plan_fetches

SCENARIO = next(s for s in load_scenarios() if s.name == "context")


def _is_a(type_condition: str, typename: str) -> bool:
    return type_condition == typename


def _router(batch: bool) -> tuple[Router, InMemoryClient]:
    schemas = {
        name: build_subgraph_schema(sdl, json.loads(SCENARIO.data_file(name).read_text("utf-8")))
        for name, sdl in SCENARIO.subgraphs
    }
    client = InMemoryClient(schemas)
    config = PlannerConfig(batch_fetches=batch)
    return Router.from_sdl(SCENARIO.supergraph(), client, config=config), client


def _contextual(plan: QueryPlan) -> FetchNode:
    (fetch,) = [f for f in plan_fetches(plan.node) if f.context_rewrites]
    return fetch


@pytest.mark.parametrize("case", SCENARIO.cases(), ids=[c["name"] for c in SCENARIO.cases()])
@pytest.mark.parametrize("batch", [False, True])
async def test_scenario_in_process(case: dict[str, Any], batch: bool) -> None:
    router, _ = _router(batch)
    status, body = await router.execute({"query": case["query"]})
    assert (status, body) == (200, case["response"])


async def test_one_entities_field_per_distinct_context_value() -> None:
    router, client = _router(batch=True)
    await router.execute({"query": "{ users { posts { title } } }"})
    (sent,) = [p for _, p in client.requests if "contextualArgument_1_0" in p["query"]]
    # u1 and u3 share the locale: their posts go together, p1 once.
    assert sent["variables"] == {
        "representations_0": [
            {"__typename": "Post", "id": "p1"},
            {"__typename": "Post", "id": "p2"},
        ],
        "contextualArgument_1_0_0": "en",
        "representations_1": [{"__typename": "Post", "id": "p1"}],
        "contextualArgument_1_0_1": "fr",
    }
    assert "_0: _entities(representations: $representations_0)" in sent["query"]
    assert "title(locale: $contextualArgument_1_0_1)" in sent["query"]


def test_split_operation_keeps_client_variables_and_avoids_their_names() -> None:
    operation = (
        "query Q($representations:[_Any!]! $representations_0:Int $c:String)"
        "{_entities(representations:$representations){... on T{f(a: $c, n: $representations_0)}}}"
    )
    text, names = split_by_values(operation, ("c",), 2)
    assert names == (("_representations_0", "c_0"), ("representations_1", "c_1"))
    assert text.startswith(
        "query Q($_representations_0: [_Any!]!, $c_0: String, $representations_1: [_Any!]!, "
        "$c_1: String, $representations_0: Int)"
    )
    assert "_1: _entities(representations: $representations_1)" in text
    assert "f(a: $c_1, n: $representations_0)" in text


def test_plan_declares_the_variable_and_records_where_the_value_is() -> None:
    router, _ = _router(batch=True)
    plan = router.prepare("{ users { posts { title } } }", None).plan
    fetch = _contextual(plan)
    assert "$contextualArgument_1_0:String" in fetch.operation
    assert "title(locale: $contextualArgument_1_0)" in fetch.operation
    assert fetch.variable_usages == ("contextualArgument_1_0",)
    node = plan_to_json(plan)["node"]["nodes"][1]["node"]
    assert node["contextRewrites"] == [
        {
            "kind": "KeyRenamer",
            "path": ["..", "... on User", "locale"],
            "renameKeyTo": "contextualArgument_1_0",
        }
    ]


def test_context_values_follow_ancestors() -> None:
    data: dict[str, Any] = {
        "users": [
            {"__typename": "User", "locale": "en", "posts": [{"id": "p1"}, None, {"id": "p2"}]},
            {"__typename": "Admin", "locale": "fr", "posts": [[{"id": "p3"}]]},
            {"__typename": "User", "posts": [{"id": "p4"}]},
        ]
    }
    above = ancestors_at(data, ("users", "@", "posts", "@"))
    path = ("..", "... on User", "locale")
    found = [context_value(a, path, _is_a) for a in above]
    assert found == [(True, "en"), (True, "en"), (False, None), (False, None)]
    assert [a[-1].get("locale") for a in above] == ["en", "en", "fr", None]
    # Too many steps up: no ancestor there.
    assert context_value(above[0], ("..", "..", "..", "x"), _is_a) == (False, None)
    assert context_value(above[0], ("..", "..", "users"), _is_a)[1] is data["users"]


async def test_error_in_one_value_set_is_reported_at_its_objects() -> None:
    data = json.loads(SCENARIO.data_file("a").read_text("utf-8"))
    p1 = data["entities"]["Post"][0]
    p1["title"]["$args"][1]["value"] = {"$error": "no french title"}
    schemas = {
        "a": build_subgraph_schema(dict(SCENARIO.subgraphs)["a"], data),
        "b": build_subgraph_schema(
            dict(SCENARIO.subgraphs)["b"], json.loads(SCENARIO.data_file("b").read_text("utf-8"))
        ),
    }
    router = Router.from_sdl(SCENARIO.supergraph(), InMemoryClient(schemas))
    _, body = await router.execute({"query": "{ users { id posts { id title } } }"})
    # title is non-null down to the root list: the error nulls the whole response.
    assert body["data"] is None
    assert [(e["message"], e["path"]) for e in body["errors"]] == [
        ("no french title", ["users", 1, "posts", 0, "title"])
    ]
