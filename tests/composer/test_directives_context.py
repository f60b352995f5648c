"""@context/@fromContext: CONTEXT_* errors and the join contextArguments."""

from __future__ import annotations

import pytest

from composer.compose import CompositionResult, compose
from composer.sources import SubgraphSource

FED = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", '
    'import: ["@key", "@context", "@fromContext", "@interfaceObject"])\n'
)
OTHER = FED + 'type Query { a: Int! }\ntype U @key(fields: "id") { id: ID! }\n'


def run(sdl: str) -> CompositionResult:
    return compose(
        [
            SubgraphSource("Subgraph1", "http://s1", FED + sdl, "s1.graphql"),
            SubgraphSource("Subgraph2", "http://s2", OTHER, "s2.graphql"),
        ]
    )


def codes(r: CompositionResult) -> set[str]:
    return {e.code.value for e in r.errors}


def subgraph(context: str, arg: str, key: str = '@key(fields: "id")') -> str:
    return (
        "type Query { t: T! }\n"
        f'type T @key(fields: "id") @context(name: "{context}") '
        "{ id: ID! u: U! prop: String! }\n"
        f"type U {key} {{ id: ID! field({arg}): Int! }}\n"
    )


def test_contextual_argument_becomes_join_context_arguments() -> None:
    r = run(subgraph("context", 'a: String @fromContext(field: "$context { prop }")'))
    assert r.ok, r.errors
    assert r.supergraph_sdl is not None
    assert (
        '@join__field(graph: SUBGRAPH1, contextArguments: [{context: "Subgraph1__context", '
        'name: "a", type: "String", selection: " { prop }"}])'
    ) in r.supergraph_sdl
    assert "field(a:" not in r.supergraph_sdl
    assert '@context(name: "Subgraph1__context")' in r.supergraph_sdl
    assert '@link(url: "https://specs.apollo.dev/context/v0.1", for: SECURITY)' in r.supergraph_sdl


@pytest.mark.parametrize(
    ("context", "arg", "key", "code"),
    [
        (
            "bad_name",
            'a: String @fromContext(field: "$bad_name { prop }")',
            None,
            "CONTEXT_NAME_INVALID",
        ),
        ("context", 'a: String @fromContext(field: "$nope { prop }")', None, "CONTEXT_NOT_SET"),
        ("context", 'a: String @fromContext(field: "{ prop }")', None, "NO_CONTEXT_IN_SELECTION"),
        (
            "context",
            'a: String = "x" @fromContext(field: "$context { prop }")',
            None,
            "CONTEXT_NOT_SET",
        ),
        (
            "context",
            'a: String @fromContext(field: "$context { p: prop }")',
            None,
            "CONTEXT_INVALID_SELECTION",
        ),
        (
            "context",
            'a: String @fromContext(field: "$context { prop id }")',
            None,
            "CONTEXT_INVALID_SELECTION",
        ),
        (
            "context",
            'a: Int @fromContext(field: "$context { prop }")',
            None,
            "CONTEXT_INVALID_SELECTION",
        ),
        (
            "context",
            'a: String @fromContext(field: "$context { missing }")',
            None,
            "CONTEXT_INVALID_SELECTION",
        ),
        (
            "context",
            'a: String @fromContext(field: "$context { prop }")',
            '@key(fields: "id", resolvable: false)',
            "CONTEXT_NO_RESOLVABLE_KEY",
        ),
    ],
)
def test_context_errors(context: str, arg: str, key: str | None, code: str) -> None:
    r = run(subgraph(context, arg, key or '@key(fields: "id")'))
    assert code in codes(r)


def test_type_conditions_must_match_a_context_location() -> None:
    arg = 'a: String @fromContext(field: "$context ... on U { id }")'
    r = run(subgraph("context", arg))
    assert codes(r) == {"CONTEXT_INVALID_SELECTION"}
