"""Merging: join placement, the shareable rule, overrides, enums, inputs, Fed1 upgrade.

Each case states the SDL and the exact join applications or error codes Apollo's composition
gives for it (checked against @apollo/composition when these cases were written)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from composer import SubgraphSource, compose

FED2 = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", '
    '"@shareable", "@external", "@requires", "@provides", "@override", "@inaccessible", '
    '"@interfaceObject", "@tag"])\n'
)


def sources(**sdl: str) -> list[SubgraphSource]:
    return [
        SubgraphSource(name, f"http://{name}/graphql", text, f"{name}.graphql")
        for name, text in sdl.items()
    ]


def codes(**sdl: str) -> set[str]:
    return {e.code.value for e in compose(sources(**sdl)).errors}


def supergraph(**sdl: str) -> str:
    result = compose(sources(**sdl))
    assert result.ok, [e.format() for e in result.errors]
    assert result.supergraph_sdl is not None
    return result.supergraph_sdl


def field_line(sdl: str, type_name: str, field: str) -> str:
    body = sdl.split(f"type {type_name}\n", 1)[1].split("\n}", 1)[0]
    return next(
        line.strip()
        for line in body.splitlines()
        if line.strip().startswith(field + ":") or line.strip().startswith(field + "(")
    )


def enum_values(sdl: str, name: str) -> list[str]:
    body = sdl.split(f"enum {name}", 1)[1].split("{", 1)[1].split("}", 1)[0]
    return [line.split()[0] for line in body.splitlines() if line.strip()]


def test_field_in_every_subgraph_of_its_type_has_no_join_field() -> None:
    sdl = supergraph(
        a=FED2 + 'type Query { u: User } type User @key(fields: "id") { id: ID! name: String }',
        b=FED2 + 'type User @key(fields: "id") { id: ID! age: Int }',
    )
    assert field_line(sdl, "User", "id") == "id: ID!"
    assert field_line(sdl, "User", "name") == "name: String @join__field(graph: A)"
    assert field_line(sdl, "User", "age") == "age: Int @join__field(graph: B)"
    assert '@join__type(graph: A, key: "id")' in sdl
    assert '@join__type(graph: B, key: "id")' in sdl


def test_non_shareable_field_in_two_subgraphs_is_invalid_field_sharing() -> None:
    assert codes(
        a=FED2 + 'type Query { u: User } type User @key(fields: "id") { id: ID! name: String }',
        b=FED2 + 'type User @key(fields: "id") { id: ID! name: String }',
    ) == {"INVALID_FIELD_SHARING"}


def test_shareable_in_both_composes_and_key_fields_are_implicitly_shareable() -> None:
    sdl = supergraph(
        a=FED2
        + 'type Query { u: User } type User @key(fields: "id") { id: ID! name: String @shareable }',
        b=FED2 + 'type User @key(fields: "id") { id: ID! name: String @shareable }',
    )
    assert field_line(sdl, "User", "name") == "name: String"


def test_provided_external_makes_the_owner_need_shareable() -> None:
    owner = FED2 + 'type Query { u: User } type User @key(fields: "id") { id: ID! name: String }'
    provider = FED2 + (
        'type Query { r: Review } type Review { author: User @provides(fields: "name") } '
        'type User @key(fields: "id") { id: ID! name: String @external }'
    )
    assert codes(a=owner, b=provider) == {"INVALID_FIELD_SHARING"}
    sdl = supergraph(a=owner.replace("name: String }", "name: String @shareable }"), b=provider)
    assert "@join__field(graph: B, external: true)" in field_line(sdl, "User", "name")


def test_override_drops_unused_source_and_keeps_used_one() -> None:
    sdl = supergraph(
        a=FED2
        + 'type Query { t: T } type T @key(fields: "id") { id: ID! x: Int @override(from: "b") }',
        b=FED2 + 'type T @key(fields: "id") { id: ID! x: Int }',
    )
    assert field_line(sdl, "T", "x") == 'x: Int @join__field(graph: A, override: "b")'
    # Overriding a key field of the source: the source still needs it for the key.
    sdl = supergraph(
        a=FED2
        + 'type Query { t: T } type T @key(fields: "id") { id: ID! @override(from: "b") x: Int }',
        b=FED2 + 'type T @key(fields: "id") { id: ID! y: Int }',
    )
    line = field_line(sdl, "T", "id")
    assert '@join__field(graph: A, override: "b")' in line
    assert "@join__field(graph: B, usedOverridden: true)" in line


def test_progressive_override_keeps_both_with_label() -> None:
    sdl = supergraph(
        a=FED2
        + 'type Query { t: T } type T @key(fields: "id") { id: ID! x: Int @override(from: "b", label: "percent(5)") }',
        b=FED2 + 'type T @key(fields: "id") { id: ID! x: Int }',
    )
    line = field_line(sdl, "T", "x")
    assert '@join__field(graph: A, override: "b", overrideLabel: "percent(5)")' in line
    assert '@join__field(graph: B, overrideLabel: "percent(5)")' in line


def test_field_types_merge_to_the_supertype_with_per_graph_types() -> None:
    sdl = supergraph(
        a=FED2 + "type Query { v: V } type V @shareable { x: Int! }",
        b=FED2 + "type V @shareable { x: Int }",
    )
    line = field_line(sdl, "V", "x")
    assert line.startswith("x: Int @join__field")
    assert '@join__field(graph: A, type: "Int!")' in line
    assert '@join__field(graph: B, type: "Int")' in line
    assert codes(
        a=FED2 + "type Query { v: V } type V @shareable { x: Int }",
        b=FED2 + "type V @shareable { x: String }",
    ) == {"FIELD_TYPE_MISMATCH"}


def test_enum_merges_by_usage() -> None:
    output_only = supergraph(
        a=FED2 + "type Query { e: E @shareable } enum E { A B }",
        b=FED2 + "type Query { e: E @shareable } enum E { A C }",
    )
    assert enum_values(output_only, "E") == ["A", "B", "C"]
    input_only = supergraph(
        a=FED2 + "type Query { f(e: E): Int @shareable } enum E { A B }",
        b=FED2 + "type Query { f(e: E): Int @shareable } enum E { A C }",
    )
    values = enum_values(input_only, "E")
    assert values == ["A"]
    assert codes(
        a=FED2 + "type Query { f(e: E): E @shareable } enum E { A B }",
        b=FED2 + "type Query { f(e: E): E @shareable } enum E { A C }",
    ) == {"ENUM_VALUE_MISMATCH"}


def test_input_objects_intersect_and_required_fields_must_be_everywhere() -> None:
    sdl = supergraph(
        a=FED2 + "type Query { f(i: I): Int @shareable } input I { a: Int b: Int }",
        b=FED2 + "type Query { f(i: I): Int @shareable } input I { a: Int c: Int }",
    )
    body = sdl.split("input I", 1)[1].split("}", 1)[0]
    assert "a: Int" in body and "b:" not in body and "c:" not in body
    assert codes(
        a=FED2 + "type Query { f(i: I): Int @shareable } input I { a: Int b: Int! }",
        b=FED2 + "type Query { f(i: I): Int @shareable } input I { a: Int }",
    ) == {"REQUIRED_INPUT_FIELD_MISSING_IN_SOME_SUBGRAPH"}


def test_shareable_abstract_field_needs_common_runtime_types() -> None:
    base = "interface A { x: Int } type Query { a: A @shareable }"
    assert codes(
        a=FED2 + base + " type I1 implements A { x: Int }",
        b=FED2 + base + " type I2 implements A { x: Int }",
    ) == {"SHAREABLE_HAS_MISMATCHED_RUNTIME_TYPES"}


def test_fed1_value_types_and_extensions_are_upgraded() -> None:
    sdl = supergraph(
        a='type Query { p: Product } type Product @key(fields: "sku") { sku: String! name: String } type Money { amount: Int }\n'
        "extend type Query { m: Money }",
        b='extend type Product @key(fields: "sku") { sku: String! @external price: Int }\n'
        "type Money { amount: Int }",
    )
    # The extension has a base definition elsewhere: not recorded as an extension.
    assert '@join__type(graph: B, key: "sku")' in sdl
    assert "extension: true" not in sdl
    # Money is a value type in both Fed1 subgraphs: implicitly shareable, so no error.
    assert "type Money" in sdl


def test_fed1_unused_external_is_removed() -> None:
    sdl = supergraph(
        a='type Query { u: User } type User @key(fields: "id") { id: ID! }',
        b='type Query { v: User } type User @key(fields: "id") { id: ID! nick: String @external }',
    )
    assert "nick" not in sdl


SUBGRAPHS = {
    "users": FED2
    + 'type Query { me: User } type User @key(fields: "id") { id: ID! name: String @shareable }',
    "reviews": FED2
    + 'type User @key(fields: "id") { id: ID! reviews: [Review] name: String @shareable } type Review { body: String }',
    "orders": FED2
    + 'type User @key(fields: "id") { id: ID! orders: [Int] } type Query { top: [User] }',
}


@settings(max_examples=15, deadline=None)
@given(st.permutations(list(SUBGRAPHS)))
def test_output_does_not_depend_on_subgraph_order(order: list[str]) -> None:
    reference = supergraph(**SUBGRAPHS)
    shuffled = compose([SubgraphSource(n, f"http://{n}/graphql", SUBGRAPHS[n], n) for n in order])
    assert shuffled.supergraph_sdl == reference
