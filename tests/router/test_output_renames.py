"""Selections a subgraph cannot merge: aliased by the planner, renamed back by the executor."""

from __future__ import annotations

import json
from typing import Any

import pytest

from router.executor import apply_renames, renamed_error_path
from router.plan import (
    BatchFetchNode,
    KeyRenamer,
    PlanNode,
    QueryPlan,
    SequenceNode,
    explain,
    plan_to_json,
)
from router.planner import PlannerConfig
from router.service import Router
from tests.conformance.scenario import load_scenarios
from tests.conformance.subgraph import InMemoryClient, build_subgraph_schema
from tests.router.helpers import plan_fetches

SCENARIO = next(s for s in load_scenarios() if s.name == "conflicting-field-types")


def _is_a(type_condition: str, typename: str) -> bool:
    return type_condition == typename or (type_condition, typename) in {("Account", "Admin")}


def _router(batch: bool) -> tuple[Router, InMemoryClient]:
    schemas = {
        name: build_subgraph_schema(sdl, json.loads(SCENARIO.data_file(name).read_text("utf-8")))
        for name, sdl in SCENARIO.subgraphs
    }
    client = InMemoryClient(schemas)
    config = PlannerConfig(batch_fetches=batch)
    return Router.from_sdl(SCENARIO.supergraph(), client, config=config), client


def test_renames_enter_lists_and_keep_to_objects_of_the_type() -> None:
    data: dict[str, Any] = {
        "accounts": [
            {"__typename": "Admin", "id__alias_0": "a1"},
            {"__typename": "User", "id__alias_0": "u1"},
            [{"__typename": "Admin", "id__alias_0": None}],
        ]
    }
    apply_renames(data, (KeyRenamer(("accounts", "... on Admin", "id__alias_0"), "id"),), _is_a)
    assert data == {
        "accounts": [
            {"__typename": "Admin", "id": "a1"},
            {"__typename": "User", "id__alias_0": "u1"},
            [{"__typename": "Admin", "id": None}],
        ]
    }


def test_rename_through_an_abstract_type_condition_and_missing_values() -> None:
    data: dict[str, Any] = {
        "a": {"__typename": "Admin", "x__alias_0": 1},
        "b": None,
        "c": {"__typename": "Admin"},
    }
    renames = tuple(KeyRenamer((k, "... on Account", "x__alias_0"), "x") for k in "abc")
    apply_renames(data, renames, _is_a)
    assert data == {"a": {"__typename": "Admin", "x": 1}, "b": None, "c": {"__typename": "Admin"}}


def test_renamed_object_merges_into_an_object_already_at_the_key() -> None:
    entity: dict[str, Any] = {"m": {"id": "1"}, "m__alias_0": {"name": "n"}}
    apply_renames(entity, (KeyRenamer(("m__alias_0",), "m"),), _is_a)
    assert entity == {"m": {"id": "1", "name": "n"}}


def test_rename_below_an_aliased_field_applies_before_it() -> None:
    # The planner records a level's renames before those of the levels below it, whose paths
    # name the aliased keys.
    renames = (
        KeyRenamer(("... on Admin", "m__alias_0"), "m"),
        KeyRenamer(("... on Admin", "m__alias_0", "... on Admin", "k__alias_0"), "k"),
    )
    entity: dict[str, Any] = {"m__alias_0": [{"__typename": "Admin", "k__alias_0": "v"}]}
    apply_renames(entity, renames, _is_a)
    assert entity == {"m": [{"__typename": "Admin", "k": "v"}]}


def test_error_paths_use_the_client_keys() -> None:
    renames = (
        KeyRenamer(("... on User", "m__alias_0"), "m"),
        KeyRenamer(("... on User", "m__alias_0", "... on Admin", "id__alias_0"), "id"),
        KeyRenamer(("... on User", "other", "id__alias_0"), "id"),
    )
    assert renamed_error_path(["m__alias_0", 2, "id__alias_0"], renames) == ["m", 2, "id"]
    assert renamed_error_path(["m__alias_0"], renames) == ["m"]
    # Keys that only look like an alias elsewhere stay as they are.
    assert renamed_error_path(["n", 0, "id__alias_0"], renames) == ["n", 0, "id__alias_0"]


def test_plan_prints_and_serialises_renames() -> None:
    router, _ = _router(batch=False)
    query = "{ accounts { ... on User { id } ... on Admin { id } } }"
    plan = router.prepare(query, None).plan
    assert 'rename(path: "accounts/... on Admin/id__alias_0", to: "id")' in explain(plan)
    node = plan_to_json(plan)["node"]
    assert node["outputRewrites"] == [
        {
            "kind": "KeyRenamer",
            "path": ["accounts", "... on Admin", "id__alias_0"],
            "renameKeyTo": "id",
        }
    ]
    assert "id__alias_0:id" in node["operation"]


def test_merging_selections_get_no_alias() -> None:
    router, _ = _router(batch=False)
    plan = router.prepare("{ accounts { ... on User { name } ... on Admin { name } } }", None).plan
    assert all(not f.output_rewrites for f in plan_fetches(plan.node))
    assert "__alias" not in explain(plan)


def test_batched_fetches_keep_each_selection_renames() -> None:
    router, _ = _router(batch=True)
    query = (
        "{ users { similarAccounts { ... on User { id } ... on Admin { id } } }"
        " team { name similarAccounts { ... on Admin { id } ... on User { id } } } }"
    )
    plan = router.prepare(query, None).plan
    batch = next(n for n in _nodes(plan) if isinstance(n, BatchFetchNode))
    renames = [b.fetch.output_rewrites for b in batch.batches]
    assert [[r.path[-2] for r in rs] for rs in renames] == [["... on Admin"], ["... on User"]]
    assert [f.output_rewrites for f in plan_fetches(plan.node)[1:]] == renames
    js = plan_to_json(QueryPlan(batch))["node"]["entities"]
    assert [e["outputRewrites"][0]["path"][-1] for e in js] == ["id__alias_0", "id__alias_0"]


def _nodes(plan: QueryPlan) -> list[PlanNode]:
    node = plan.node
    return list(node.nodes) if isinstance(node, SequenceNode) else [node] if node else []


@pytest.mark.parametrize("case", SCENARIO.cases(), ids=[c["name"] for c in SCENARIO.cases()])
@pytest.mark.parametrize("batch", [False, True])
async def test_scenario_in_process(case: dict[str, Any], batch: bool) -> None:
    router, _ = _router(batch)
    status, body = await router.execute({"query": case["query"]})
    assert (status, body) == (200, case["response"])
