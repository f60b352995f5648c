"""Hand-written subgraph sets composed by us and by @apollo/composition: same outcome.

Each case covers a federation directive or a merge rule. Both composers must agree on success
or failure and on the set of error codes; on success the API schemas (normalised like the
shared corpus scorer does) and the ``join__*`` placements must be equal.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from composer import SubgraphSource, compose
from tests.reference.apollo import apollo_compose_many_in_background, reference_available

SCORER = Path(__file__).resolve().parents[3] / "shared" / "compose-corpus" / "score.py"


def load_scorer() -> ModuleType:
    """The shared corpus scorer (normalisation of API schemas and join__ placements)."""
    if not SCORER.is_file():
        pytest.fail(f"shared scorer missing at {SCORER}")
    spec = importlib.util.spec_from_file_location("compose_corpus_score", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("compose_corpus_score", module)
    spec.loader.exec_module(module)
    return module


def fed2(*imports: str) -> str:
    names = ", ".join(f'"@{i}"' for i in imports)
    return (
        f'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: [{names}])\n'
    )


Case = Sequence[tuple[str, str]]

CASES: dict[str, Case] = {
    "key_entity_across_subgraphs": [
        (
            "a",
            fed2("key") + 'type Query { p: P }\ntype P @key(fields: "id") { id: ID! name: String }',
        ),
        ("b", fed2("key") + 'type P @key(fields: "id") { id: ID! price: Int }'),
    ],
    "key_composite_and_multiple": [
        (
            "a",
            fed2("key")
            + 'type Query { p: P }\ntype P @key(fields: "id") @key(fields: "sku org") { id: ID! sku: String! org: String! name: String }',
        ),
        (
            "b",
            fed2("key") + 'type P @key(fields: "sku org") { sku: String! org: String! price: Int }',
        ),
    ],
    "key_nested_field_set": [
        (
            "a",
            fed2("key", "shareable")
            + 'type Query { p: P }\ntype P @key(fields: "id org { id }") { id: ID! org: Org! name: String }\ntype Org @shareable { id: ID! }',
        ),
        (
            "b",
            fed2("key", "shareable")
            + 'type P @key(fields: "id org { id }") { id: ID! org: Org! price: Int }\ntype Org @shareable { id: ID! }',
        ),
    ],
    "key_resolvable_false": [
        (
            "a",
            fed2("key")
            + 'type Query { r: Review }\ntype Review { id: ID! p: P }\ntype P @key(fields: "id", resolvable: false) { id: ID! }',
        ),
        (
            "b",
            fed2("key") + 'type Query { p: P }\ntype P @key(fields: "id") { id: ID! name: String }',
        ),
    ],
    "shareable_value_type": [
        (
            "a",
            fed2("shareable")
            + "type Query { a: Money }\ntype Money @shareable { amount: Int currency: String }",
        ),
        (
            "b",
            fed2("shareable")
            + "type Query { b: Money }\ntype Money @shareable { amount: Int currency: String }",
        ),
    ],
    "shareable_missing_is_an_error": [
        ("a", fed2("key") + "type Query { a: Money }\ntype Money { amount: Int }"),
        ("b", fed2("key") + "type Query { b: Money }\ntype Money { amount: Int }"),
    ],
    "shareable_on_fields_and_root": [
        ("a", fed2("shareable") + "type Query { both: String @shareable a: Int }"),
        ("b", fed2("shareable") + "type Query { both: String @shareable b: Int }"),
    ],
    "external_requires": [
        (
            "a",
            fed2("key") + 'type Query { p: P }\ntype P @key(fields: "id") { id: ID! weight: Int }',
        ),
        (
            "b",
            fed2("key", "external", "requires")
            + 'type P @key(fields: "id") { id: ID! weight: Int @external shipping: Int @requires(fields: "weight") }',
        ),
    ],
    "requires_without_external_is_an_error": [
        (
            "a",
            fed2("key") + 'type Query { p: P }\ntype P @key(fields: "id") { id: ID! weight: Int }',
        ),
        (
            "b",
            fed2("key", "requires")
            + 'type P @key(fields: "id") { id: ID! weight: Int shipping: Int @requires(fields: "weight") }',
        ),
    ],
    "provides_on_root_field": [
        (
            "a",
            fed2("key", "shareable")
            + 'type Query { p: P }\ntype P @key(fields: "id") { id: ID! name: String @shareable }',
        ),
        (
            "b",
            fed2("key", "external", "provides")
            + 'type Query { top: [P] @provides(fields: "name") }\ntype P @key(fields: "id") { id: ID! name: String @external }',
        ),
    ],
    "external_unused_is_an_error": [
        (
            "a",
            fed2("key") + 'type Query { p: P }\ntype P @key(fields: "id") { id: ID! name: String }',
        ),
        (
            "b",
            fed2("key", "external")
            + 'type Query { q: P }\ntype P @key(fields: "id") { id: ID! name: String @external x: Int }',
        ),
    ],
    "override_field": [
        (
            "a",
            fed2("key") + 'type Query { p: P }\ntype P @key(fields: "id") { id: ID! price: Int }',
        ),
        (
            "b",
            fed2("key", "override")
            + 'type P @key(fields: "id") { id: ID! price: Int @override(from: "a") }',
        ),
    ],
    "override_with_label": [
        (
            "a",
            fed2("key") + 'type Query { p: P }\ntype P @key(fields: "id") { id: ID! price: Int }',
        ),
        (
            "b",
            fed2("key", "override")
            + 'type P @key(fields: "id") { id: ID! price: Int @override(from: "a", label: "percent(25)") }',
        ),
    ],
    "override_from_self_is_an_error": [
        (
            "a",
            fed2("key", "override")
            + 'type Query { p: P }\ntype P @key(fields: "id") { id: ID! price: Int @override(from: "a") }',
        ),
        ("b", fed2("key") + 'type P @key(fields: "id") { id: ID! name: String }'),
    ],
    "interface_object": [
        (
            "a",
            fed2("key")
            + 'type Query { m: [Media] }\ninterface Media @key(fields: "id") { id: ID! title: String }\ntype Book implements Media @key(fields: "id") { id: ID! title: String pages: Int }',
        ),
        (
            "b",
            fed2("key", "interfaceObject")
            + 'type Media @key(fields: "id") @interfaceObject { id: ID! rating: Int }',
        ),
    ],
    "inaccessible_field_and_type": [
        (
            "a",
            fed2("key", "inaccessible")
            + 'type Query { p: P secret: Hidden @inaccessible }\ntype P @key(fields: "id") { id: ID! internal: Int @inaccessible name: String }\ntype Hidden @inaccessible { x: Int }',
        ),
        ("b", fed2("key") + 'type P @key(fields: "id") { id: ID! price: Int }'),
    ],
    "inaccessible_referenced_is_an_error": [
        (
            "a",
            fed2("inaccessible") + "type Query { h: Hidden }\ntype Hidden @inaccessible { x: Int }",
        ),
        ("b", fed2("key") + "type Query { b: Int }"),
    ],
    "tag_applications": [
        (
            "a",
            fed2("key", "tag")
            + 'type Query { p: P @tag(name: "public") }\ntype P @key(fields: "id") @tag(name: "entity") { id: ID! name: String @tag(name: "public") }',
        ),
        (
            "b",
            fed2("key", "tag")
            + 'type P @key(fields: "id") { id: ID! price: Int @tag(name: "internal") }',
        ),
    ],
    "enum_output_values_union": [
        ("a", fed2("shareable") + "type Query { a: Color }\nenum Color { RED GREEN }"),
        ("b", fed2("shareable") + "type Query { b: Color }\nenum Color { RED BLUE }"),
    ],
    "enum_input_values_intersection": [
        ("a", fed2() + "type Query { a(c: Color): Int }\nenum Color { RED GREEN }"),
        ("b", fed2() + "type Query { b(c: Color): Int }\nenum Color { RED BLUE }"),
    ],
    "enum_input_and_output_mismatch_is_an_error": [
        ("a", fed2() + "type Query { a(c: Color): Color }\nenum Color { RED GREEN }"),
        ("b", fed2() + "type Query { b(c: Color): Int }\nenum Color { RED BLUE }"),
    ],
    "input_fields_intersection": [
        ("a", fed2() + "type Query { a(f: Filter): Int }\ninput Filter { q: String limit: Int }"),
        ("b", fed2() + "type Query { b(f: Filter): Int }\ninput Filter { q: String offset: Int }"),
    ],
    "input_required_field_missing_is_an_error": [
        ("a", fed2() + "type Query { a(f: Filter): Int }\ninput Filter { q: String! }"),
        ("b", fed2() + "type Query { b(f: Filter): Int }\ninput Filter { limit: Int }"),
    ],
    "union_members_merged": [
        (
            "a",
            fed2("shareable")
            + "type Query { a: R }\nunion R = X | Y\ntype X @shareable { x: Int }\ntype Y { y: Int }",
        ),
        (
            "b",
            fed2("shareable")
            + "type Query { b: R }\nunion R = X | Z\ntype X @shareable { x: Int }\ntype Z { z: Int }",
        ),
    ],
    "interface_value_type_across_subgraphs": [
        (
            "a",
            fed2("shareable")
            + "type Query { a: Node }\ninterface Node { id: ID! }\ntype U implements Node @shareable { id: ID! }",
        ),
        (
            "b",
            fed2("shareable")
            + "type Query { b: Node }\ninterface Node { id: ID! }\ntype U implements Node @shareable { id: ID! }\ntype V implements Node { id: ID! }",
        ),
    ],
    "fed1_subgraphs": [
        ("a", 'type Query { p: P }\ntype P @key(fields: "upc") { upc: String! name: String }'),
        ("b", 'extend type P @key(fields: "upc") { upc: String! @external price: Int }'),
    ],
    "fed1_and_fed2_mixed": [
        ("a", 'type Query { p: P }\ntype P @key(fields: "upc") { upc: String! name: String }'),
        ("b", fed2("key") + 'type P @key(fields: "upc") { upc: String! price: Int }'),
    ],
    "renamed_imports": [
        (
            "a",
            'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: [{name: "@key", as: "@primaryKey"}, {name: "@shareable", as: "@shared"}])\ntype Query { p: P }\ntype P @primaryKey(fields: "id") { id: ID! name: String @shared }',
        ),
        (
            "b",
            fed2("key", "shareable")
            + 'type P @key(fields: "id") { id: ID! name: String @shareable }',
        ),
    ],
    "namespaced_federation_link": [
        (
            "a",
            'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", as: "fed")\ntype Query { p: P }\ntype P @fed__key(fields: "id") { id: ID! name: String }',
        ),
        ("b", fed2("key") + 'type P @key(fields: "id") { id: ID! price: Int }'),
    ],
    "compatible_nullability_on_shareable": [
        ("a", fed2("shareable") + "type Query { a: T }\ntype T @shareable { x: String }"),
        ("b", fed2("shareable") + "type Query { b: T }\ntype T @shareable { x: String! }"),
    ],
    "incompatible_field_types_are_an_error": [
        ("a", fed2("shareable") + "type Query { a: T }\ntype T @shareable { x: String }"),
        ("b", fed2("shareable") + "type Query { b: T }\ntype T @shareable { x: Int }"),
    ],
    "arguments_merged_on_shareable_field": [
        (
            "a",
            fed2("shareable") + "type Query { s(q: String, limit: Int = 10): [String] @shareable }",
        ),
        ("b", fed2("shareable") + "type Query { s(q: String): [String] @shareable }"),
    ],
    "mutations_across_subgraphs": [
        ("a", fed2() + "type Query { a: Int }\ntype Mutation { addA(x: Int!): Int }"),
        ("b", fed2() + "type Query { b: Int }\ntype Mutation { addB(x: Int!): Int }"),
    ],
    "deprecations_and_descriptions": [
        (
            "a",
            fed2("shareable")
            + '"The root"\ntype Query { old: Int @deprecated(reason: "use new") new: Int }',
        ),
        (
            "b",
            fed2("shareable")
            + 'type Query { b(x: Int @deprecated): Color }\nenum Color { RED BLUE @deprecated(reason: "gone") }',
        ),
    ],
    "external_type_mismatch_is_an_error": [
        (
            "a",
            fed2("key") + 'type Query { p: P }\ntype P @key(fields: "id") { id: ID! weight: Int }',
        ),
        (
            "b",
            fed2("key", "external", "requires")
            + 'type P @key(fields: "id") { id: ID! weight: String @external shipping: Int @requires(fields: "weight") }',
        ),
    ],
    "unreachable_field_is_unsatisfiable": [
        ("a", fed2("shareable") + "type Query { t: T }\ntype T @shareable { id: ID! }"),
        (
            "b",
            fed2("shareable")
            + "type Query { other: Int }\ntype T @shareable { id: ID! extra: Int }",
        ),
    ],
    "override_progressive_label_flag": [
        (
            "a",
            fed2("key") + 'type Query { p: P }\ntype P @key(fields: "id") { id: ID! price: Int }',
        ),
        (
            "b",
            fed2("key", "override")
            + 'type P @key(fields: "id") { id: ID! price: Int @override(from: "a", label: "feature-x") }',
        ),
    ],
    "override_invalid_label": [
        (
            "a",
            fed2("key") + 'type Query { p: P }\ntype P @key(fields: "id") { id: ID! price: Int }',
        ),
        (
            "b",
            fed2("key", "override")
            + 'type P @key(fields: "id") { id: ID! price: Int @override(from: "a", label: "percent(150)") }',
        ),
    ],
    "override_unknown_source": [
        (
            "a",
            fed2("key") + 'type Query { p: P }\ntype P @key(fields: "id") { id: ID! price: Int }',
        ),
        (
            "b",
            fed2("key", "override")
            + 'type P @key(fields: "id") { id: ID! name: Int @override(from: "zzz") }',
        ),
    ],
    "inaccessible_enum_value": [
        (
            "a",
            fed2("inaccessible")
            + "type Query { c: Color }\nenum Color { RED GREEN @inaccessible }",
        ),
        ("b", fed2() + "type Query { b: Int }"),
    ],
    "inaccessible_union_member": [
        (
            "a",
            fed2("inaccessible")
            + "type Query { u: U }\nunion U = X | Y\ntype X { x: Int }\ntype Y @inaccessible { y: Int }",
        ),
        ("b", fed2() + "type Query { b: Int }"),
    ],
    "arg_default_mismatch": [
        ("a", fed2("shareable") + "type Query { s(limit: Int = 5): Int @shareable }"),
        ("b", fed2("shareable") + "type Query { s(limit: Int = 10): Int @shareable }"),
    ],
    "input_default_mismatch": [
        ("a", fed2() + "type Query { a(f: F): Int }\ninput F { limit: Int = 1 }"),
        ("b", fed2() + "type Query { b(f: F): Int }\ninput F { limit: Int = 2 }"),
    ],
    "key_on_interface_missing_impl": [
        (
            "a",
            fed2("key")
            + 'type Query { m: M }\ninterface M @key(fields: "id") { id: ID! }\ntype B implements M @key(fields: "id") { id: ID! }',
        ),
        (
            "b",
            fed2("key")
            + 'interface M @key(fields: "id") { id: ID! }\ntype C implements M @key(fields: "id") { id: ID! }',
        ),
    ],
    "shareable_on_interface_error": [
        (
            "a",
            fed2("shareable")
            + "type Query { i: I }\ninterface I @shareable { id: ID! }\ntype T implements I { id: ID! }",
        ),
        ("b", fed2() + "type Query { b: Int }"),
    ],
    "requires_nested": [
        (
            "a",
            fed2("key", "shareable")
            + 'type Query { p: P }\ntype P @key(fields: "id") { id: ID! dims: Dims }\ntype Dims @shareable { w: Int h: Int }',
        ),
        (
            "b",
            fed2("key", "external", "requires", "shareable")
            + 'type P @key(fields: "id") { id: ID! dims: Dims @external area: Int @requires(fields: "dims { w h }") }\ntype Dims @shareable { w: Int h: Int }',
        ),
    ],
    "provides_nested": [
        (
            "a",
            fed2("key", "shareable")
            + 'type Query { r: R }\ntype R @key(fields: "id") { id: ID! p: P @shareable }\ntype P @key(fields: "id") { id: ID! name: String @shareable }',
        ),
        (
            "b",
            fed2("key", "external", "provides")
            + 'type Query { rs: [R] }\ntype R @key(fields: "id") { id: ID! p: P @provides(fields: "name") }\ntype P @key(fields: "id") { id: ID! name: String @external }',
        ),
    ],
    "tag_on_interface_and_enum": [
        (
            "a",
            fed2("tag")
            + 'type Query { i: I c: C }\ninterface I @tag(name: "x") { id: ID! }\ntype T implements I { id: ID! }\nenum C @tag(name: "y") { A @tag(name: "z") }',
        ),
        ("b", fed2() + "type Query { b: Int }"),
    ],
    "compose_directive": [
        (
            "a",
            'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@composeDirective"]) @link(url: "https://example.com/cache/v1.0", import: ["@cached"]) @composeDirective(name: "@cached")\ndirective @cached(ttl: Int) on FIELD_DEFINITION\ntype Query { a: Int @cached(ttl: 5) }',
        ),
        ("b", fed2() + "type Query { b: Int }"),
    ],
    "fed1_value_types_implicitly_shareable": [
        ("a", "type Query { a: Money }\ntype Money { amount: Int }"),
        ("b", "type Query { b: Money }\ntype Money { amount: Int }"),
    ],
    "fed1_extends_directive": [
        ("a", 'type Query { p: P }\ntype P @key(fields: "id") { id: ID! }'),
        ("b", 'type P @extends @key(fields: "id") { id: ID! @external price: Int }'),
    ],
    "external_on_type_level": [
        (
            "a",
            fed2("key", "shareable")
            + 'type Query { p: P }\ntype P @key(fields: "id") { id: ID! a: Int @shareable b: Int @shareable }',
        ),
        (
            "b",
            fed2("key", "external", "provides")
            + 'type Query { ps: [P] @provides(fields: "a b") }\ntype P @key(fields: "id") @external { id: ID! a: Int b: Int }',
        ),
    ],
    "root_type_renamed": [
        ("a", fed2() + "schema { query: RootQuery }\ntype RootQuery { a: Int }"),
        ("b", fed2() + "type Query { b: Int }"),
    ],
    "subscription_root": [
        ("a", fed2() + "type Query { a: Int }\ntype Subscription { tick: Int }"),
        ("b", fed2() + "type Query { b: Int }"),
    ],
    "custom_scalar_and_specifiedBy": [
        (
            "a",
            fed2() + 'scalar Date @specifiedBy(url: "https://example.com")\ntype Query { d: Date }',
        ),
        ("b", fed2() + "scalar Date\ntype Query { e: Date }"),
    ],
    "interface_field_on_impl_missing": [
        (
            "a",
            fed2("shareable")
            + "type Query { i: I }\ninterface I { id: ID! x: Int }\ntype T implements I @shareable { id: ID! x: Int }",
        ),
        (
            "b",
            fed2("shareable")
            + "interface I { id: ID! }\ntype T implements I @shareable { id: ID! }\ntype Query { b: Int }",
        ),
    ],
}


def ours(case: Case) -> tuple[bool, list[str], str | None]:
    result = compose(
        [SubgraphSource(n, f"http://{n}/graphql", sdl, f"{n}.graphql") for n, sdl in case]
    )
    return result.ok, sorted({e.code.value for e in result.errors}), result.supergraph_sdl


Outcome = tuple[bool, list[str], str | None]


@pytest.fixture(scope="module")
def outcomes() -> dict[str, tuple[Outcome, dict[str, Any]]]:
    """Our outcome and Apollo's for every case (Apollo composes in the background meanwhile)."""
    if not reference_available():
        pytest.fail("node and tests/reference/node_modules are needed for differential tests")
    names = sorted(CASES)
    pending = apollo_compose_many_in_background(
        [[(n, f"http://{n}/graphql", sdl) for n, sdl in CASES[c]] for c in names]
    )
    mine = [ours(CASES[c]) for c in names]
    return dict(zip(names, zip(mine, pending.result(), strict=True), strict=True))


@pytest.fixture(scope="module")
def scorer() -> ModuleType:
    return load_scorer()


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_outcome_as_apollo(
    name: str, outcomes: dict[str, tuple[Outcome, dict[str, Any]]], scorer: ModuleType
) -> None:
    (ok, codes, sdl), ref = outcomes[name]
    assert ok == ref["ok"], (codes, ref["errors"])
    if not ok:
        assert codes == sorted({e["code"] for e in ref["errors"]})
        return
    assert sdl is not None
    their_api = scorer.normalize_api_sdl(ref["apiSchemaSdl"])
    our_api = scorer.normalize_api_sdl(scorer.api_schema_from_supergraph(sdl))
    assert our_api == their_api
    assert scorer.extract_join(sdl) == scorer.extract_join(ref["supergraphSdl"])


def test_cases_cover_successes_and_failures(
    outcomes: dict[str, tuple[Outcome, dict[str, Any]]],
) -> None:
    assert {ref["ok"] for _, ref in outcomes.values()} == {True, False}
    assert len(CASES) >= 30
