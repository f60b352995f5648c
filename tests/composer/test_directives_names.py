"""Carried federation directives must be imported under one name across subgraphs."""

from __future__ import annotations

from composer.compose import compose
from composer.sources import SubgraphSource


def sdl(tag_import: str) -> str:
    return (
        'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", '
        f'import: ["@key", "@shareable", {tag_import}])\n'
    )


def test_tag_imported_under_different_names_fails() -> None:
    a = sdl('{name: "@tag", as: "@mytag"}') + 'type Query { x: Int @mytag(name: "a") @shareable }'
    b = sdl('"@tag"') + 'type Query { x: Int @tag(name: "b") @shareable }'
    r = compose([SubgraphSource("a", "http://a", a, "a"), SubgraphSource("b", "http://b", b, "b")])
    assert {e.code.value for e in r.errors} == {"LINK_IMPORT_NAME_MISMATCH"}


def test_same_rename_everywhere_composes() -> None:
    a = sdl('{name: "@tag", as: "@mytag"}') + 'type Query { x: Int @mytag(name: "a") @shareable }'
    b = sdl('{name: "@tag", as: "@mytag"}') + 'type Query { x: Int @mytag(name: "b") @shareable }'
    r = compose([SubgraphSource("a", "http://a", a, "a"), SubgraphSource("b", "http://b", b, "b")])
    assert r.ok, r.errors
