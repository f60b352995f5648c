"""Executable directive definitions in the supergraph."""

from __future__ import annotations

from composer.compose import CompositionResult, compose
from composer.sources import SubgraphSource

FED = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])\n'


def run(a: str, b: str) -> CompositionResult:
    return compose(
        [
            SubgraphSource("a", "http://a", FED + a + "\ntype Query { x: Int }", "a.graphql"),
            SubgraphSource("b", "http://b", FED + b + "\ntype T { y: Int }", "b.graphql"),
        ]
    )


def hint_codes(r: CompositionResult) -> set[str]:
    return {h.code.value for h in r.hints}


def test_kept_with_location_intersection() -> None:
    r = run(
        "directive @t(n: Int) on FIELD | QUERY | OBJECT",
        "directive @t(n: Int) repeatable on FIELD | FRAGMENT_SPREAD",
    )
    assert r.ok, r.errors
    assert "directive @t(n: Int) on FIELD\n" in (r.supergraph_sdl or "")
    assert {
        "INCONSISTENT_EXECUTABLE_DIRECTIVE_LOCATIONS",
        "INCONSISTENT_EXECUTABLE_DIRECTIVE_REPEATABLE",
    } <= hint_codes(r)


def test_dropped_when_missing_in_a_subgraph() -> None:
    r = run("directive @t on FIELD", "")
    assert r.ok, r.errors
    assert "directive @t" not in (r.supergraph_sdl or "")
    assert "INCONSISTENT_EXECUTABLE_DIRECTIVE_PRESENCE" in hint_codes(r)


def test_type_system_only_directive_is_not_kept() -> None:
    r = run("directive @t on OBJECT", "directive @t on OBJECT")
    assert r.ok, r.errors
    assert "directive @t" not in (r.supergraph_sdl or "")
