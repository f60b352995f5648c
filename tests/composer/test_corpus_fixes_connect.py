"""Connectors (connect spec) and join__Graph enum names, compared with @apollo/composition:
``@connect``/``@source`` and the connect ``@link`` recorded as ``@join__directive`` on the
same elements (the schema included), the supergraph's connect link, and the enum value each
subgraph gets."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import parse, print_ast
from graphql.language import ast

from tests.composer.test_differential_cases import Case, Outcome, ours
from tests.reference.apollo import apollo_compose_many_in_background, reference_available


def _connect(fed: str, extra: str = "") -> str:
    return (
        f'extend schema @link(url: "https://specs.apollo.dev/federation/v{fed}", '
        'import: ["@key", "@shareable"]) '
        '@link(url: "https://specs.apollo.dev/connect/v0.1", import: ["@connect", "@source"]) '
        '@source(name: "v1", http: {baseURL: "http://v1"})\n'
        'type Query @shareable { resources: [Resource!]! @connect(source: "v1", '
        'http: {GET: "/resources"}, selection: """\nid\ndescription\n""") }\n'
        'type Resource @shareable @key(fields: "id") { id: ID! description: String! }\n' + extra
    )


def _plain(fed: str, field: str) -> str:
    return (
        f'extend schema @link(url: "https://specs.apollo.dev/federation/v{fed}", '
        f'import: ["@key"])\ntype Query {{ {field}: String! }}\n'
    )


CASES: dict[str, Case] = {
    "connect_one_subgraph_with_plain_ones": [
        ("already-newest", _plain("2.7", "b")),
        ("old-but-not-upgraded", _plain("2.5", "a")),
        ("upgraded", _connect("2.5")),
    ],
    "connect_same_in_two_subgraphs": [
        ("upgraded-1", _connect("2.5")),
        ("upgraded-2", _connect("2.5")),
    ],
    "connect_on_several_fields": [
        (
            "a",
            _connect("2.10").replace(
                "type Resource",
                "type Other @shareable { x: Int }\nextend type Query { more: [Other] @connect("
                'source: "v1", http: {GET: "/more"}, selection: "x") }\ntype Resource',
            ),
        ),
        ("b", _plain("2.10", "b")),
    ],
    "graph_enum_names_like_apollo": [
        ("svc-1", _plain("2.9", "a")),
        ("Svc_2", _plain("2.9", "b")),
        ("svc", _plain("2.9", "c")),
        ("SVC", _plain("2.9", "d")),
        ("9lives", _plain("2.9", "e")),
    ],
}


def joins(sdl: str) -> dict[str, Any]:
    """Graph enum values by subgraph name, the schema's links and join__directive
    applications (with graphs as subgraph names), and those on types and fields."""
    doc = parse(sdl)
    graphs: dict[str, str] = {}
    for d in doc.definitions:
        if isinstance(d, ast.EnumTypeDefinitionNode) and d.name.value == "join__Graph":
            for v in d.values or ():
                name = next(a.value for a in v.directives[0].arguments if a.name.value == "name")
                assert isinstance(name, ast.StringValueNode)
                graphs[v.name.value] = name.value

    def named(app: ast.DirectiveNode) -> str:
        text = print_ast(app)
        for enum, name in graphs.items():
            text = text.replace(f"[{enum}", f"[<{name}>").replace(f" {enum},", f" <{name}>,")
            text = text.replace(f", {enum}]", f", <{name}>]")
        return text

    schema: list[str] = []
    elements: dict[str, list[str]] = {}
    for d in doc.definitions:
        if isinstance(d, ast.SchemaDefinitionNode):
            schema = sorted(
                named(a)
                for a in d.directives or ()
                if a.name.value == "join__directive" or "/connect/" in print_ast(a)
            )
        elif isinstance(d, ast.TypeDefinitionNode):
            for owner, coord in [(d, d.name.value)] + [
                (f, f"{d.name.value}.{f.name.value}") for f in getattr(d, "fields", None) or ()
            ]:
                texts = [
                    named(a) for a in owner.directives or () if a.name.value == "join__directive"
                ]
                if texts:
                    elements[coord] = sorted(texts)
    return {"graphs": sorted(graphs.items()), "schema": schema, "elements": elements}


@pytest.fixture(scope="module")
def both() -> dict[str, tuple[Outcome, dict[str, Any]]]:
    if not reference_available():
        pytest.fail("node and tests/reference/node_modules are needed for differential tests")
    names = sorted(CASES)
    pending = apollo_compose_many_in_background(
        [[(n, f"http://{n}/graphql", s) for n, s in CASES[k]] for k in names]
    )
    mine = [ours(CASES[k]) for k in names]
    return dict(zip(names, zip(mine, pending.result(), strict=True), strict=True))


@pytest.mark.parametrize("name", sorted(CASES))
def test_join_directives_and_graph_names_like_apollo(
    name: str, both: dict[str, tuple[Outcome, dict[str, Any]]]
) -> None:
    (ok, codes, sdl), ref = both[name]
    assert ref["ok"], ref["errors"]
    assert ok and sdl is not None, codes
    assert joins(sdl) == joins(ref["supergraphSdl"])


def test_connect_cases_record_join_directives(
    both: dict[str, tuple[Outcome, dict[str, Any]]],
) -> None:
    for name, ((_, _, sdl), _) in both.items():
        if name.startswith("connect"):
            assert sdl is not None
            found = joins(sdl)
            assert found["elements"] and len(found["schema"]) >= 3, name
