"""@composeDirective: exported custom directives and DIRECTIVE_COMPOSITION_ERROR."""

from __future__ import annotations

import pytest

from composer.compose import CompositionResult, compose
from composer.sources import SubgraphSource


def fed(extra: str = "", compose_arg: str | None = '"@foo"', version: str = "v1.0") -> str:
    head = (
        'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", '
        'import: ["@key", "@composeDirective", "@shareable", "@tag"]) '
        f'@link(url: "https://specs.dev/foo/{version}", import: ["@foo"])'
    )
    if compose_arg is not None:
        head += f" @composeDirective(name: {compose_arg})"
    return head + "\n" + extra


FOO = "directive @foo(n: Int) repeatable on FIELD_DEFINITION | OBJECT\n"


def run(a: str, b: str) -> CompositionResult:
    return compose(
        [
            SubgraphSource("a", "http://a", a, "a.graphql"),
            SubgraphSource("b", "http://b", b, "b.graphql"),
        ]
    )


def codes(r: CompositionResult) -> set[str]:
    return {e.code.value for e in r.errors}


def test_exported_directive_definition_link_and_applications() -> None:
    a = fed(FOO + "type Query { x: Int @foo(n: 1) @shareable }")
    b = fed(FOO + "type Query { x: Int @foo(n: 2) @shareable }", version="v1.1")
    r = run(a, b)
    assert r.ok, r.errors
    sdl = r.supergraph_sdl or ""
    assert '@link(url: "https://specs.dev/foo/v1.1", import: ["@foo"])' in sdl
    assert "directive @foo(n: Int) repeatable on FIELD_DEFINITION | OBJECT" in sdl
    assert "@foo(n: 1)" in sdl and "@foo(n: 2)" in sdl


def test_not_exported_directive_is_dropped() -> None:
    r = run(
        fed(FOO + "type Query { x: Int @foo(n: 1) }", compose_arg=None),
        fed("type T { y: Int }", compose_arg=None),
    )
    assert r.ok, r.errors
    assert "@foo" not in (r.supergraph_sdl or "")


@pytest.mark.parametrize(
    "sdl",
    [
        fed(FOO + "type Query { x: Int }", compose_arg='""'),
        fed(FOO + "type Query { x: Int }", compose_arg='"foo"'),
        fed(FOO + "type Query { x: Int }", compose_arg='"@fooz"'),
        fed(FOO + "type Query { x: Int }", compose_arg='"@key"'),
        fed(
            "directive @bar on FIELD_DEFINITION\ntype Query { x: Int @bar }",
            compose_arg='"@bar"',
        ),
    ],
)
def test_invalid_exports(sdl: str) -> None:
    r = run(sdl, fed("type T { y: Int }", compose_arg=None))
    assert codes(r) == {"DIRECTIVE_COMPOSITION_ERROR"}


def test_major_version_mismatch_between_exporting_subgraphs() -> None:
    a = fed(FOO + "type Query { x: Int }")
    b = fed(FOO + "type T { y: Int }", version="v2.0")
    assert codes(run(a, b)) == {"DIRECTIVE_COMPOSITION_ERROR"}


def test_composing_tag_is_only_a_hint() -> None:
    r = run(
        fed(FOO + "type Query { x: Int }", compose_arg='"@tag"'),
        fed("type T { y: Int }", compose_arg=None),
    )
    assert r.ok, r.errors
    assert any(h.code.value == "DIRECTIVE_COMPOSITION_INFO" for h in r.hints)


def test_import_renamed_into_the_join_namespace_is_rejected() -> None:
    a = (
        'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", '
        'import: ["@key", "@composeDirective"]) '
        '@link(url: "https://specs.dev/foo/v1.0", import: [{name: "@foo", as: "@join__field"}]) '
        '@composeDirective(name: "@join__field")\n'
        "directive @join__field on FIELD_DEFINITION\ntype Query { x: Int @join__field }"
    )
    r = run(a, fed("type T { y: Int }", compose_arg=None))
    assert codes(r) == {"INVALID_LINK_DIRECTIVE_USAGE"}
