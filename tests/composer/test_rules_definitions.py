"""Federation directives and types a subgraph redefines: compatible or rejected."""

from __future__ import annotations

from composer.compose import compose
from composer.sources import SubgraphSource

FED = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])\n'
BODY = 'type Query { u: User }\ntype User @key(fields: "id") { id: ID! }\n'


def pairs(sdl: str) -> set[tuple[str, str]]:
    result = compose([SubgraphSource("users", "http://u", sdl, "u.graphql")])
    return {(e.code.value, e.message) for e in result.errors}


def test_exact_and_looser_key_definitions_are_accepted() -> None:
    for definition in (
        "scalar federation__FieldSet\n"
        "directive @key(fields: federation__FieldSet!, resolvable: Boolean = true) "
        "repeatable on OBJECT | INTERFACE",
        "directive @key(fields: String!) on OBJECT",
    ):
        assert pairs(FED + definition + "\n" + BODY) == set()


def test_incompatible_key_definitions() -> None:
    sdl = FED + "directive @key(field: String!) repeatable on OBJECT | FIELD\n" + BODY
    assert pairs(sdl) == {
        (
            "DIRECTIVE_DEFINITION_INVALID",
            'Invalid definition for directive "@key": missing required argument "fields"',
        ),
        (
            "DIRECTIVE_DEFINITION_INVALID",
            'Invalid definition for directive "@key": unknown/unsupported argument "field"',
        ),
        (
            "DIRECTIVE_DEFINITION_INVALID",
            'Invalid definition for directive "@key": "@key" should have locations OBJECT, '
            "INTERFACE, but found (non-subset) OBJECT, FIELD",
        ),
    }


def test_default_value_must_match() -> None:
    sdl = FED + "directive @key(fields: String!, resolvable: Boolean) on OBJECT\n" + BODY
    assert pairs(sdl) == {
        (
            "DIRECTIVE_DEFINITION_INVALID",
            'Invalid definition for directive "@key": argument "resolvable" should have default '
            "value true but found default value null",
        )
    }


def test_federation_type_of_wrong_kind() -> None:
    link = (
        'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", '
        'import: ["@key", "FieldSet"])\n'
    )
    assert pairs(link + "input FieldSet { a: Int }\n" + BODY) == {
        (
            "TYPE_DEFINITION_INVALID",
            "Invalid definition for type FieldSet: FieldSet should be a ScalarType but is "
            "defined as a InputObjectType",
        )
    }


def test_loose_federation1_key_definition_is_replaced() -> None:
    sdl = "directive @key(fields: String) on OBJECT\n" + BODY
    assert pairs(sdl) == set()


def test_federation_type_named_by_a_definition_must_be_declared() -> None:
    sdl = FED + "directive @key(fields: federation__FieldSet!) on OBJECT\n" + BODY
    result = compose([SubgraphSource("users", "http://u", sdl, "u.graphql")])
    assert [e.format() for e in result.errors] == [
        "[users] INVALID_GRAPHQL: Unknown type federation__FieldSet (u.graphql:2:24)"
    ]
