"""Planner details that the printed plan does not show: operation kinds and variables."""

from __future__ import annotations

import pytest
from graphql import parse
from graphql.language import OperationDefinitionNode

from composer.supergraph.reader import read_supergraph
from router.errors import RequestError
from router.normalize import normalize_selections
from router.plan import (
    FetchNode,
    InputField,
    InputFragment,
    QueryPlan,
    explain,
)
from router.planner import PlannerConfig, PlanningBudgetExceeded, QueryPlanner
from router.service import Router
from tests.reference.apollo import apollo_compose
from tests.router.golden_harness import GOLDEN, read_fixture, supergraph_for
from tests.router.helpers import plan_fetches


class _NoClient:
    async def request(
        self, service: str, url: str, payload: dict[str, object]
    ) -> dict[str, object]:
        raise AssertionError("planning only")


def _fetches(plan: QueryPlan) -> list[FetchNode]:
    return plan_fetches(plan.node)


def _router(feature: str) -> Router:
    fx = read_fixture(GOLDEN / f"{feature}.golden")
    return Router.from_sdl(supergraph_for(fx), _NoClient())


def test_entity_fetch_below_a_mutation_is_a_query() -> None:
    plan = (
        _router("operations")
        .prepare('mutation { addReview(userId: "1", body: "b") { body author { name } } }', None)
        .plan
    )
    root, entity = _fetches(plan)
    assert (root.operation_kind, root.operation.split("{")[0]) == ("mutation", "mutation")
    assert entity.operation_kind == "query"
    assert entity.operation.startswith("query($representations:[_Any!]!)")


def test_lifted_condition_variable_is_not_declared_in_the_fetch() -> None:
    plan = (
        _router("operations")
        .prepare(
            'query Q($w: Boolean!) { user(id: "1") { name reviews @include(if: $w) { body } } }',
            "Q",
        )
        .plan
    )
    root, entity = _fetches(plan)
    assert entity.variable_usages == ()
    assert "$w" not in entity.operation
    assert "@include" not in entity.operation
    assert root.variable_usages == ()


def test_mixed_conditions_stay_in_the_operation() -> None:
    plan = (
        _router("operations")
        .prepare('query Q($w: Boolean!) { user(id: "1") { name @include(if: $w) id } }', "Q")
        .plan
    )
    (root,) = _fetches(plan)
    assert root.variable_usages == ("w",)
    assert "name @include(if: $w) id" in root.operation


def test_key_aliased_when_the_client_uses_its_name() -> None:
    plan = _router("operations").prepare('{ user(id: "1") { id: name reviews { body } } }', None)
    root, entity = _fetches(plan.plan)
    assert root.operation == 'query{user(id: "1"){__typename id__alias_0:id id:name}}'
    assert entity.requires == (
        InputFragment("User", (InputField("__typename"), InputField("id", None, "id__alias_0"))),
    )


def test_planning_budget_is_a_clear_error() -> None:
    fx = read_fixture(GOLDEN / "shareable.golden")
    planner = QueryPlanner(
        read_supergraph(supergraph_for(fx)), PlannerConfig(max_evaluated_alternatives=1)
    )
    query = parse("{ product { name price } }")
    op = query.definitions[0]
    assert isinstance(op, OperationDefinitionNode)
    sg = planner.supergraph
    root = sg.schema.query_type
    assert root is not None
    sels = normalize_selections(sg.schema, root, op, {})
    with pytest.raises(PlanningBudgetExceeded, match="budget of 1 evaluated alternatives"):
        planner.plan("query", sels, {})
    assert explain(QueryPlanner(sg).plan("query", sels, {})).count("Fetch(") == 1


_CONTEXT_SUBGRAPH = """extend schema @link(url: "https://specs.apollo.dev/federation/v2.8",
  import: ["@key", "@context", "@fromContext"])
type Query { user: User }
type User @key(fields: "id") @context(name: "userCtx") {
  id: ID! lang: String address: Address cart: Cart
}
type Address { city: String }
type Cart @key(fields: "id") {
  id: ID!
  total(lang: String @fromContext(field: "$userCtx { lang }")): String
  shipping(city: String @fromContext(field: "$userCtx { address { city } }")): String
}
"""


def test_from_context_field_in_the_ancestors_subgraph_is_its_own_entity_fetch() -> None:
    result = apollo_compose([("a", "http://a/graphql", _CONTEXT_SUBGRAPH)])
    assert result["ok"], result["errors"]
    router = Router.from_sdl(str(result["supergraphSdl"]), _NoClient())
    root, entity = _fetches(router.prepare("{ user { cart { total } } }", None).plan)
    assert root.operation == "query{user{__typename lang cart{__typename id}}}"
    assert entity.operation == (
        "query($representations:[_Any!]! $contextualArgument_1_0:String)"
        "{_entities(representations:$representations)"
        "{... on Cart{total(lang: $contextualArgument_1_0)}}}"
    )
    with pytest.raises(RequestError) as info:
        router.prepare("{ user { cart { shipping } } }", None)
    assert [(e["extensions"]["code"], e["message"]) for e in info.value.errors] == [
        (
            "QUERY_PLANNING_FAILED",
            "Cart.shipping: the @fromContext selection '{ address { city } }' is not a single "
            "leaf field, which this planner does not support",
        )
    ]
