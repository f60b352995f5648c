"""Authorization directives: merging, propagation and the auth error codes."""

from __future__ import annotations

from composer.compose import CompositionResult, compose
from composer.directives.auth import dnf_conjunction
from composer.sources import SubgraphSource

FED = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", '
    '"@external", "@requires", "@shareable", "@authenticated", "@requiresScopes", "@policy"])\n'
)


def run(a: str, b: str) -> CompositionResult:
    return compose(
        [
            SubgraphSource("a", "http://a", FED + a, "a.graphql"),
            SubgraphSource("b", "http://b", FED + b, "b.graphql"),
        ]
    )


def codes(r: CompositionResult) -> set[str]:
    return {e.code.value for e in r.errors}


def test_dnf_conjunction_combines_and_drops_subsumed() -> None:
    assert dnf_conjunction([[["a"]], [["b"]]]) == [["a", "b"]]
    assert dnf_conjunction([[["a"], ["b"]], [["a"]]]) == [["a"]]
    assert dnf_conjunction([[["x"]], [["x"]]]) == [["x"]]


def test_scopes_merge_across_subgraphs_and_link_the_spec() -> None:
    a = 'type Query { t: T }\ntype T @key(fields: "id") { id: ID! x: Int @shareable @requiresScopes(scopes: [["a"]]) }'
    b = 'type T @key(fields: "id") { id: ID! x: Int @shareable @requiresScopes(scopes: [["b"]]) }'
    r = run(a, b)
    assert r.ok, r.errors
    sdl = r.supergraph_sdl or ""
    assert '@requiresScopes(scopes: [["a", "b"]])' in sdl
    assert '@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)' in sdl
    assert "scalar requiresScopes__Scope" in sdl


def test_implementation_auth_propagates_to_interface() -> None:
    a = (
        "type Query { i: I }\ninterface I { x: Int }\n"
        "type A implements I { x: Int @authenticated }\ntype B implements I { x: Int }"
    )
    r = run(a, "type Other { y: Int }")
    assert r.ok, r.errors
    sdl = r.supergraph_sdl or ""
    assert sdl.count("x: Int @authenticated") == 2  # A.x and I.x


def test_auth_on_interface_is_an_error() -> None:
    r = run(
        "type Query { i: I }\ninterface I @authenticated { x: Int }\ntype A implements I { x: Int }",
        "type O { y: Int }",
    )
    assert codes(r) == {"AUTH_REQUIREMENTS_APPLIED_ON_INTERFACE"}


def test_requires_needs_the_auth_of_what_it_reads() -> None:
    a = 'type Query { t: T }\ntype T @key(fields: "id") { id: ID! secret: Int @policy(policies: [["p"]]) }'
    b = (
        'type T @key(fields: "id") { id: ID! secret: Int @external '
        'derived: Int @requires(fields: "secret") }'
    )
    assert codes(run(a, b)) == {"MISSING_TRANSITIVE_AUTH_REQUIREMENTS"}
    b_ok = b.replace(
        '@requires(fields: "secret")', '@requires(fields: "secret") @policy(policies: [["p"]])'
    )
    r = run(a, b_ok)
    assert r.ok, r.errors
