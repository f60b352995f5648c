"""Subgraph GraphQL validation with its shortcuts (quick SDL check, federation definitions
parsed once, provably valid federation directives left out of the schema build) reports
exactly what validating the whole document with graphql-core reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import GraphQLError, build_ast_schema, parse, validate_schema
from graphql.language import ast
from graphql.validation.validate import validate_sdl

from bench.gen_subgraphs import generate
from composer.errors import CompositionError
from composer.subgraph import graphql_rules
from composer.subgraph.fed_defs import federation_sdl
from composer.subgraph.graphql_rules import graphql_errors
from composer.subgraph.link import resolve_links
from composer.validate.definitions import definition_errors, replaced_definitions

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "compose-corpus"
FED = '@link(url: "https://specs.apollo.dev/federation/v2.5", import: [{imports}])'


def reference_errors(sdl: str) -> list[str]:
    """The validation without shortcuts: every rule of graphql-core on the whole document."""
    doc = parse(sdl)
    links = resolve_links("s", doc)
    problems = definition_errors("s", "s.graphql", doc, links)
    if problems:
        return [str(e) for e in problems]
    replaced = replaced_definitions(doc, links)
    defs = [
        d
        for d in graphql_rules._definitions_for_validation(doc)
        if not (isinstance(d, ast.DirectiveDefinitionNode) and d.name.value in replaced)
    ]
    defined = {
        ("@" if isinstance(d, ast.DirectiveDefinitionNode) else "") + d.name.value  # type: ignore[attr-defined]
        for d in defs
        if isinstance(d, ast.DirectiveDefinitionNode | ast.TypeDefinitionNode)
    }
    extra = parse(federation_sdl(links, defined), no_location=True)
    full = ast.DocumentNode(definitions=tuple(defs) + tuple(extra.definitions))
    errors = validate_sdl(full)
    if not errors:
        try:
            schema = build_ast_schema(full, assume_valid_sdl=True)
        except (GraphQLError, TypeError) as exc:
            return [str(CompositionError(graphql_rules.ErrorCode.INVALID_GRAPHQL, str(exc), "s"))]
        errors = [
            e for e in validate_schema(schema) if not e.message.startswith(graphql_rules._IGNORED)
        ]
    return [str(graphql_rules._convert("s", "s.graphql", e)) for e in errors]


def ours(sdl: str) -> list[str]:
    doc = parse(sdl)
    links = resolve_links("s", doc)
    return [str(e) for e in graphql_errors("s", "s.graphql", doc, links)]


def fed2(imports: str, body: str) -> str:
    return "extend schema " + FED.replace("{imports}", imports) + "\n" + body


CASES = {
    "valid": fed2('"@key"', 'type Query { a: A } type A @key(fields: "id") { id: ID! }'),
    "renamed to a reserved name": fed2(
        '{name: "@key", as: "@__key"}', 'type Query { a: A } type A @__key(fields: "id") { id: ID }'
    ),
    "field set type redefined as an object": fed2(
        '"@key", "FieldSet"', "type FieldSet { a: Int } type Query { a: Int }"
    ),
    "standard scalar redefined": fed2('"@key"', "scalar String type Query { a: String }"),
    "interface not implemented": fed2(
        '"@key"', "interface I { a: Int } type Query implements I { b: Int }"
    ),
    "unknown type": fed2('"@key"', "type Query { a: Missing }"),
    "unknown directive": fed2('"@key"', "type Query @nope { a: Int }"),
    "empty union": fed2('"@shareable"', "union U type Query { a: U }"),
    "input cycle": fed2('"@key"', "input I { i: I! } type Query { a(i: I): Int }"),
    "fed1": 'type Query { a: A } type A @key(fields: "id") { id: ID! }',
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_errors_as_graphql_core_on_the_whole_document(name: str) -> None:
    assert ours(CASES[name]) == reference_errors(CASES[name])


def test_a_federation_directive_renamed_to_a_reserved_name_is_still_reported() -> None:
    assert any(
        "'__key' must not begin with '__'" in e for e in ours(CASES["renamed to a reserved name"])
    )


def test_same_errors_on_the_corpus_and_generated_subgraphs() -> None:
    texts = [sdl for _, _, sdl in generate(4, 10)]
    if CORPUS.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*/*.graphql"))]
    compared = 0
    for text in texts:
        try:
            expected = reference_errors(text)
        except Exception:  # not parsable or not linkable: not this stage's input
            continue
        assert ours(text) == expected, text[:200]
        compared += 1
    assert compared >= 10
