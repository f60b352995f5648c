"""Per-subgraph federation rules: codes, Apollo's messages and locations."""

from __future__ import annotations

import pytest

from composer.compose import compose
from composer.errors import CompositionError
from composer.sources import SubgraphSource

FED = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", '
    '"@requires", "@provides", "@external", "@shareable", "@interfaceObject", "@context", '
    '"@fromContext"])\n'
)


def errors(sdl: str, name: str = "users", header: str = FED) -> list[CompositionError]:
    other = FED + "type Query { other: Int }\n"
    result = compose(
        [
            SubgraphSource(name, "http://a", header + sdl, "a.graphql"),
            SubgraphSource("zzz", "http://b", other, "b.graphql"),
        ]
    )
    return list(result.errors)


def pairs(sdl: str, **kw: str) -> set[tuple[str, str]]:
    return {(e.code.value, e.message) for e in errors(sdl, **kw)}


def test_key_selecting_field_with_arguments() -> None:
    sdl = 'type Query { u: User }\ntype User @key(fields: "id tags") { id: ID! tags(n: Int): [String] }'
    assert pairs(sdl) == {
        (
            "KEY_FIELDS_HAS_ARGS",
            'On type "User", for @key(fields: "id tags"): field User.tags cannot be included '
            "because it has arguments (fields with argument are not allowed in @key)",
        )
    }


def test_key_unknown_field_stops_at_first_problem_with_location() -> None:
    sdl = 'type Query { u: User }\ntype User @key(fields: "nope") { id: ID! }'
    errs = errors(sdl)
    assert [e.code.value for e in errs] == ["KEY_INVALID_FIELDS"]
    assert errs[0].message == (
        'On type "User", for @key(fields: "nope"): Cannot query field "nope" on type "User" '
        "(the field should either be added to this subgraph or, if it should not be resolved by "
        "this subgraph, you need to add it to this subgraph with @external)."
    )
    assert (errs[0].locations[0].line, errs[0].locations[0].column) == (3, 11)


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ("true", "KEY_INVALID_FIELDS_TYPE"),
        ('"id {"', "KEY_INVALID_FIELDS"),
        ('"i { id }"', "KEY_FIELDS_SELECT_INVALID_TYPE"),
    ],
)
def test_key_first_phase_codes(fields: str, code: str) -> None:
    sdl = (
        "type Query { u: User }\ninterface I { id: ID! }\n"
        f"type User @key(fields: {fields}) {{ id: ID! i: I }}"
    )
    assert [e.code.value for e in errors(sdl)] == [code]


def test_requires_on_non_external_and_provides_on_scalar() -> None:
    sdl = (
        'type Query { u: User @provides(fields: "id") name: String @provides(fields: "x") }\n'
        'type User @key(fields: "id") { id: ID! a: Int b: Int @requires(fields: "a") }'
    )
    got = pairs(sdl)
    assert (
        "REQUIRES_FIELDS_MISSING_EXTERNAL",
        'On field "User.b", for @requires(fields: "a"): field "User.a" should not be part of a '
        "@requires since it is already provided by this subgraph (it is not marked @external)",
    ) in got
    assert (
        "PROVIDES_ON_NON_OBJECT_FIELD",
        'Invalid @provides directive on field "Query.name": field has type "String" which is '
        "not a Composite Type",
    ) in got
    assert {c for c, _ in got} == {
        "REQUIRES_FIELDS_MISSING_EXTERNAL",
        "PROVIDES_ON_NON_OBJECT_FIELD",
        "PROVIDES_FIELDS_MISSING_EXTERNAL",
    }


def test_external_used_by_requires_is_fine_and_unused_is_reported() -> None:
    used = (
        "type Query { u: User }\n"
        'type User @key(fields: "id") { id: ID! a: Int @external b: Int @requires(fields: "a") }'
    )
    assert not [e for e in errors(used) if e.code.value.startswith(("EXTERNAL_UN", "REQUIRES"))]
    unused = 'type Query { u: User }\ntype User @key(fields: "id") { id: ID! a: Int @external }'
    assert [e.code.value for e in errors(unused)] == ["EXTERNAL_UNUSED"]


def test_external_used_by_from_context_selection() -> None:
    sdl = (
        'type Query { t: T }\ntype T @key(fields: "id") @context(name: "c") '
        "{ id: ID! u: U prop: String @external }\n"
        'type U @key(fields: "id") { id: ID! f(a: String @fromContext(field: "$c { prop }")): Int }'
    )
    assert "EXTERNAL_UNUSED" not in {e.code.value for e in errors(sdl)}


def test_federation1_subgraphs_skip_federation2_rules() -> None:
    sdl = 'type Query { u: User }\ntype User @key(fields: "id") { id: ID! a: Int @external }'
    assert "EXTERNAL_UNUSED" not in {e.code.value for e in errors(sdl, header="")}


def test_root_type_names_and_reserved_subgraph_name() -> None:
    sdl = "schema { query: RootQuery }\ntype RootQuery { a: Int }\ntype Query { b: Int }"
    assert [e.code.value for e in errors(sdl)] == ["ROOT_QUERY_USED"]
    assert [e.code.value for e in errors("type Query { a: Int }", name="_")] == [
        "INVALID_SUBGRAPH_NAME"
    ]


def test_interface_key_missing_on_implementation_and_shareable_on_interface() -> None:
    sdl = (
        'type Query { n: Node }\ninterface Node @key(fields: "id") { id: ID! @shareable }\n'
        "type A implements Node { id: ID! }"
    )
    got = pairs(sdl)
    assert (
        "INTERFACE_KEY_NOT_ON_IMPLEMENTATION",
        'Key @key(fields: "id") on interface type "Node" is missing on implementation type "A".',
    ) in got
    assert (
        "INVALID_SHAREABLE_USAGE",
        'Invalid use of @shareable on field "Node.id": only object type fields can be marked '
        "with @shareable",
    ) in got


def test_interface_object_without_key() -> None:
    sdl = "type Query { m: Media }\ntype Media @interfaceObject { id: ID! }"
    assert (
        "INTERFACE_OBJECT_USAGE_ERROR",
        "The @interfaceObject directive can only be applied to entity types but type "
        '"Media" has no @key in this subgraph.',
    ) in pairs(sdl)
