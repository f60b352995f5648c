"""The fast SDL parser gives exactly graphql-core's AST (nodes, offsets, lines, columns), and
graphql-core's own error whenever the document does not parse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from graphql import GraphQLSyntaxError, parse
from graphql.language import ast
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.gen_subgraphs import generate
from composer.supergraph import sdl_parser
from composer.supergraph.sdl_parser import parse_sdl

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "compose-corpus"


def _token(t: ast.Token) -> tuple[Any, ...]:
    return (t.kind, t.start, t.end, t.line, t.column, t.value)


def _same_tree(a: object, b: object, path: str = "doc") -> None:
    assert type(a) is type(b), path
    if isinstance(a, ast.Node):
        assert isinstance(b, ast.Node)
        if a.loc is None or b.loc is None:
            assert a.loc is None and b.loc is None, path
        else:
            assert (a.loc.start, a.loc.end) == (b.loc.start, b.loc.end), path
            assert _token(a.loc.start_token) == _token(b.loc.start_token), path
            assert _token(a.loc.end_token) == _token(b.loc.end_token), path
            assert a.loc.source.body == b.loc.source.body
        for key in a.keys:
            if key != "loc":
                _same_tree(getattr(a, key), getattr(b, key), f"{path}.{key}")
    elif isinstance(a, tuple | list):
        assert isinstance(b, tuple | list) and len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same_tree(x, y, f"{path}[{i}]")
    else:
        assert a == b, path


def assert_like_graphql_core(text: str) -> None:
    for no_location in (False, True):
        try:
            expected = parse(text, no_location=no_location)
        except GraphQLSyntaxError as exc:
            with pytest.raises(GraphQLSyntaxError) as got:
                parse_sdl(text, no_location=no_location)
            assert (got.value.message, got.value.locations) == (exc.message, exc.locations)
            continue
        actual = parse_sdl(text, no_location=no_location)
        _same_tree(actual, expected)
        assert actual == expected


CASES = [
    "type A { a: Int }",
    '"""\n  desc\n    indented\n"""\ntype A { a(x: Int = 1, y: [Float!]! = [1.5, -2e3, 3E+2], '
    'z: String = "a\\"b\\u00e9\\n\\t\\/") : Int @d(a: {b: [true, false, null, ENUM]}) }',
    'type A {\r\n  a: Int\r\n  "x"\r\n  b: Int\r}\r\n# comment\r\nscalar X @d',
    '"""a\\"""b\r\nc\r  d"""\nscalar Y\nscalar Z',
    'scalar X @d(a: """ \\\\""" """)',
    'scalar X @d(a: """"a""")',
    'extend schema @link(url: "x", import: ["@key", {name: "@a", as: "@b"}])',
    'extend type A @key(fields: "id")',
    "extend union U = A | B",
    "extend enum E { A B }",
    "extend input I { a: Int = 1 }",
    "extend interface I implements J",
    "extend scalar S @d",
    "union U = | A | B",
    "type A implements & B & C { a: Int }",
    "type A implements B, C { a: Int }",
    'enum E { A @deprecated(reason: "x") B }',
    'directive @a(x: Int = 2 @d, "desc" y: [ID!]) repeatable on FIELD_DEFINITION | OBJECT',
    "schema { query: Q mutation: M subscription: S }",
    '"d" schema @a { query: Q }',
    'input I @d { "x" a: [[Int!]!] = [[1]] @e }',
    "type Query { x(a: Int = -1.0e-10): Int }",
    "\ufefftype A { a: Int }",
    'scalar X @d(a: "tab\there", b: "")',
    "type A { a: Int }" * 3,
    # Not type system documents, or invalid: graphql-core decides.
    "{ a }",
    "query { a }",
    "type A { a: Int } fragment F on A { a }",
    "",
    "# only a comment",
    "type A {}",
    "extend type A",
    "union U @d",
    "enum E { true }",
    "input I { a: Int = $x }",
    "directive @a on FOO",
    "schema { foo: Q }",
    "scalar X @d(a: 1.)",
    "scalar X @d(a: 00)",
    "scalar X @d(a: 12abc)",
    'scalar X @d(a: "\\u{1F600}")',
    'scalar X @d(a: "\\uD83D\\uDE00")',
    'scalar X @d(a: "\\q")',
    'scalar X @d(a: "unterminated)',
    'scalar X @d(a: """unterminated)',
    "type A { a: Int }\x00",
    '"d" extend type A @x',
    "type A { ... }",
    "extend directive @a on FIELD",
    'input I { a: String = """x" b: Int }',
    '# """\n?"""',
    '#"""\n?"""\nscalar A',
    "# comment\n?",
    'scalar A @d(a: """)',
]


@pytest.mark.parametrize("text", CASES)
def test_cases_match_graphql_core(text: str) -> None:
    assert_like_graphql_core(text)


def test_generated_federation_and_corpus_match_graphql_core() -> None:
    texts = [sdl for _, _, sdl in generate(5, 20)]
    if CORPUS.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*/*.graphql"))]
    for text in texts:
        assert_like_graphql_core(text)


def test_ordinary_documents_do_not_fall_back(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("fell back to graphql-core")

    monkeypatch.setattr(sdl_parser, "graphql_parse", refuse)
    for _, _, sdl in generate(4, 8):
        assert parse_sdl(sdl).definitions
    assert parse_sdl(CASES[1]).definitions


FRAGMENTS = st.sampled_from(
    [
        "type", "extend", "schema", "scalar", "interface", "union", "enum", "input",
        "directive", "implements", "repeatable", "on", "query", "A", "B", "Int", "true",
        "null", "FIELD", "OBJECT", "{", "}", "(", ")", "[", "]", ":", "=", "@", "|", "&",
        "!", "$", "...", ",", "1", "-2.5e3", "0x", '"s"', '"\\n"', '"""b\n  c"""', "#c\n",
        "\n", "\r\n", " ", "\t",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, max_size=40))
def test_random_token_soup_matches_graphql_core(parts: list[str]) -> None:
    assert_like_graphql_core(" ".join(parts))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                'type A @key(fields: "id") { id: ID! }',
                "extend type A { b(x: [Int!] = [1, 2]): String @external }",
                "interface I { id: ID! }",
                "union U = A | B",
                'enum E { X @tag(name: "t") Y }',
                "input In { a: Int = 3, b: [In!] }",
                "directive @d(a: String) repeatable on OBJECT | FIELD_DEFINITION",
                '"""\n  doc\n"""',
                '"doc"',
                "schema { query: Query }",
                'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3")',
                "scalar S",
                "}",
                "{",
            ]
        ),
        max_size=8,
    )
)
def test_random_definition_sequences_match_graphql_core(parts: list[str]) -> None:
    assert_like_graphql_core("\n".join(parts))
