"""The quick SDL check vouches for a document only when graphql-core's SDL rules find nothing
in it, so skipping those rules never hides an error."""

from __future__ import annotations

import pytest
from graphql import parse
from graphql.validation.validate import validate_sdl
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.gen_subgraphs import generate
from composer.subgraph.graphql_rules import surely_valid_sdl

DEFS = """
directive @key(fields: String!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE
directive @once(a: Int, b: [In]) on FIELD_DEFINITION | OBJECT | ARGUMENT_DEFINITION | SCHEMA
scalar Custom
input In { x: Int, y: [In!] = [{x: 1}] }
"""

VALID = [
    "type Query { a: Int }",
    'type A @key(fields: "id") @key(fields: "b") { id: ID! b(x: In = {x: 1} @once): String }',
    'type A { a: Int } extend type A @once { c: [Custom!]! @deprecated(reason: "old") }',
    "type A { a: Int } extend type A { b: Int }",
    "schema @once { query: Q } type Q { a: Int }",
    "enum E { A B } extend enum E { C }",
    "union U = A | B type A { a: Int } type B { b: Int }",
    "interface I { a: Int } type T implements I { a: Int }",
    'scalar S @specifiedBy(url: "u")',
    "input J @oneOf { a: Int b: Int }",
    'directive @d(a: Int @deprecated(reason: "r")) on DIRECTIVE_DEFINITION | OBJECT',
]

INVALID = {
    "lone schema": "schema { query: Q } schema { query: Q } type Q { a: Int }",
    "unique operation types": "schema { query: Q } extend schema { query: Q } type Q { a: Int }",
    "unique type names": "type A { a: Int } type A { b: Int }",
    "unique enum values": "enum E { A } extend enum E { A }",
    "unique fields": "type A { a: Int } extend type A { a: Int }",
    "unique input fields": "input K { a: Int a: Int }",
    "unique argument definitions": "type A { a(x: Int, x: Int): Int }",
    "unique directive names": "directive @z on OBJECT directive @z on OBJECT",
    "known type names": "type A { a: Missing }",
    "known union members": "union U = Missing",
    "known directives": "type A @missing { a: Int }",
    "directive location": 'type A { a: Int @key(fields: "a") }',
    "executable directive in SDL": "type A { a: Int @skip(if: true) }",
    "unique directives per location": "type A @once @once { a: Int }",
    "unique across extensions": "type A @once { a: Int } extend type A @once",
    "possible type extension": "type A { a: Int } extend input A { b: Int }",
    "extension of undefined type": "extend type Nowhere { a: Int }",
    "known argument names": "type A @once(c: 1) { a: Int }",
    "unique argument names": "type A @once(a: 1, a: 2) { a: Int }",
    "unique object fields": "type A @once(b: [{x: 1, x: 2}]) { a: Int }",
    "unique object fields in defaults": "type A { a(i: In = {x: 1, x: 1}): Int }",
    "required arguments": "type A @key { a: Int }",
    "specified directive arguments": 'type A { a: Int @deprecated(why: "x") }',
}


def doc(text: str):  # type: ignore[no-untyped-def]
    return parse(DEFS + text)


@pytest.mark.parametrize("text", VALID)
def test_vouches_for_valid_documents(text: str) -> None:
    assert validate_sdl(doc(text)) == []
    assert surely_valid_sdl(doc(text))


@pytest.mark.parametrize("rule", sorted(INVALID))
def test_never_vouches_when_a_rule_reports(rule: str) -> None:
    document = doc(INVALID[rule])
    assert validate_sdl(document), rule
    assert not surely_valid_sdl(document)


def test_vouches_for_generated_subgraphs_with_federation_definitions() -> None:
    fed = (
        "directive @key(fields: FieldSet!, resolvable: Boolean = true) repeatable on OBJECT"
        " | INTERFACE\ndirective @shareable repeatable on OBJECT | FIELD_DEFINITION\n"
        "directive @external(reason: String) on OBJECT | FIELD_DEFINITION\n"
        "directive @requires(fields: FieldSet!) on FIELD_DEFINITION\n"
        "directive @provides(fields: FieldSet!) on FIELD_DEFINITION\n"
        "directive @link(url: String, as: String, import: [String]) repeatable on SCHEMA\n"
        "scalar FieldSet\n"
    )
    for _, _, sdl in generate(4, 12):
        document = parse(fed + sdl)
        assert validate_sdl(document) == []
        assert surely_valid_sdl(document)


POOL = [
    "type A { a: Int }",
    "type A { b: In }",
    "extend type A { a: Int }",
    "extend type A @once",
    "extend type B { z: Int }",
    'type B @key(fields: "a") { a(x: Int = 1, y: In = {x: 2}): [A!] }',
    "type B @once(a: 1) @once(a: 2) { a: Int }",
    "enum E { V W }",
    "extend enum E { V }",
    "union U = A | B",
    "union U = A | Nope",
    "schema { query: A }",
    "extend schema @once",
    "directive @r(v: Int!) on FIELD_DEFINITION | ENUM_VALUE",
    "type C { c: Int @r(v: 1) d: Int @r e: Int @r(w: 1) }",
    "interface I { i: Int }",
    "type D implements I { i: Int @deprecated }",
    "input In2 { a: Int @once }",
    "scalar A",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(POOL), max_size=6))
def test_random_documents_are_never_vouched_for_wrongly(parts: list[str]) -> None:
    document = doc("\n".join(parts))
    if surely_valid_sdl(document):
        assert validate_sdl(document) == []
