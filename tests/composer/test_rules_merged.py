"""Rules that compare subgraphs or check the merged supergraph: codes and Apollo's messages."""

from __future__ import annotations

from composer.compose import compose
from composer.sources import SubgraphSource

FED = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", '
    '"@requires", "@external", "@shareable", "@override", "@inaccessible", "@tag"])\n'
)


def pairs(*sdls: str) -> set[tuple[str, str]]:
    result = compose(
        [
            SubgraphSource(f"s{i}", f"http://s{i}", FED + sdl, f"s{i}.graphql")
            for i, sdl in enumerate(sdls, 1)
        ]
    )
    return {(e.code.value, e.message) for e in result.errors}


def codes(*sdls: str) -> set[str]:
    return {c for c, _ in pairs(*sdls)}


def test_override_from_self_and_invalid_label() -> None:
    a = 'type Query { t: T }\ntype T @key(fields: "id") { id: ID! a: Int @override(from: "s1") }'
    assert pairs(a) == {
        (
            "OVERRIDE_FROM_SELF_ERROR",
            'Source and destination subgraphs "s1" are the same for overridden field "T.a"',
        )
    }
    b = (
        'type Query { t: T }\ntype T @key(fields: "id") '
        '{ id: ID! a: Int @override(from: "s2", label: "percent(101)") }'
    )
    c = 'type T @key(fields: "id") { id: ID! a: Int }'
    assert codes(b, c) == {"OVERRIDE_LABEL_INVALID"}


def test_override_of_a_field_with_requires_collides() -> None:
    a = 'type Query { t: T }\ntype T @key(fields: "id") { id: ID! a: Int @override(from: "s2") }'
    b = 'type T @key(fields: "id") { id: ID! x: Int @external a: Int @requires(fields: "x") }\n'
    c = 'type T @key(fields: "id") { id: ID! x: Int }'
    assert (
        "OVERRIDE_COLLISION_WITH_ANOTHER_DIRECTIVE",
        '@override cannot be used on field "T.a" on subgraph "s1" since "T.a" on "s2" is marked '
        'with directive "@requires"',
    ) in pairs(a, b, c)


def test_external_without_base_and_with_mismatching_type() -> None:
    a = (
        'type Query { t: T }\ntype T @key(fields: "id") '
        '{ id: ID! f: Int @external g: Int @requires(fields: "f") }'
    )
    assert pairs(a) == {
        (
            "EXTERNAL_MISSING_ON_BASE",
            'Field "T.f" is marked @external on all the subgraphs in which it is listed '
            '(subgraph "s1").',
        )
    }
    a2 = a.replace("f: Int @external", "f: String @external")
    b = 'type T @key(fields: "id") { id: ID! f: Int }'
    assert pairs(a2, b) == {
        (
            "EXTERNAL_TYPE_MISMATCH",
            'Type of field "T.f" is incompatible across subgraphs (where marked @external): it '
            'has type "Int" in subgraph "s2" but type "String" in subgraph "s1"',
        )
    }


def test_external_argument_missing() -> None:
    a = (
        'type Query { t: T }\ntype T @key(fields: "id") '
        '{ id: ID! f: Int @external g: Int @requires(fields: "f") }'
    )
    b = 'type T @key(fields: "id") { id: ID! f(x: Int): Int }'
    assert codes(a, b) == {"EXTERNAL_ARGUMENT_MISSING"}


def test_tag_on_external_field() -> None:
    a = (
        'type Query { t: T }\ntype T @key(fields: "id") '
        '{ id: ID! f: Int @external @tag(name: "x") g: Int @requires(fields: "f") }'
    )
    b = 'type T @key(fields: "id") { id: ID! f: Int }'
    assert (
        "MERGED_DIRECTIVE_APPLICATION_ON_EXTERNAL",
        'Cannot apply merged directive @tag(name: "x") to external field "T.f"',
    ) in pairs(a, b)


def test_interface_field_not_implemented_where_implemented() -> None:
    a = "type Query { i: I }\ninterface I { a: Int }"
    b = "interface I { b: Int }\ntype B implements I { b: Int }\ntype Query { x: Int }"
    assert pairs(a, b) == {
        (
            "INTERFACE_FIELD_NO_IMPLEM",
            'Interface field "I.a" is declared in subgraph "s1" but type "B", which implements '
            '"I" only in subgraph "s2" does not have field "a".',
        )
    }


def test_inaccessible_reference_and_required_argument() -> None:
    a = "type Query { a: A q(id: ID! @inaccessible): Int }\ntype A @inaccessible { x: Int }"
    assert pairs(a) == {
        (
            "REFERENCED_INACCESSIBLE",
            'Type "A" is @inaccessible but is referenced by "Query.a", which is in the API schema.',
        ),
        (
            "REQUIRED_INACCESSIBLE",
            'Argument "Query.q(id:)" is @inaccessible but is a required argument of its field.',
        ),
    }


def test_only_inaccessible_children_and_inaccessible_default() -> None:
    a = (
        "type Query { p: P f(t: E = B): Int }\ntype P { x: Int @inaccessible }\n"
        "enum E { A B @inaccessible }"
    )
    assert codes(a) == {"ONLY_INACCESSIBLE_CHILDREN", "DEFAULT_VALUE_USES_INACCESSIBLE"}


def test_no_queries() -> None:
    assert codes("type T { a: Int }") == {"NO_QUERIES"}
