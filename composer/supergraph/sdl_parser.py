"""A fast parser for type system documents (subgraph and supergraph SDL), producing exactly the
graphql-core AST that ``graphql.parse`` produces.

graphql-core lexes one character at a time; on a large federation that is most of the parse
time. Here one regular expression cuts the text into tokens and a small recursive descent
builds the same nodes, with the same locations (offsets, lines, columns). Only documents made of
type system definitions and extensions take this path, and only while everything is ordinary:
on anything else (executable definitions, invalid characters, unusual escapes, a syntax error)
the document goes to ``graphql.parse``, so syntax errors and rare forms are graphql-core's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar, cast

from graphql import parse as graphql_parse
from graphql.language import ast
from graphql.language.ast import Location, OperationType, Token
from graphql.language.block_string import dedent_block_string_lines
from graphql.language.directive_locations import DirectiveLocation
from graphql.language.source import Source
from graphql.language.token_kind import TokenKind

__all__ = ["parse_sdl"]

T = TypeVar("T")


class _Fallback(Exception):
    """The fast path does not handle this document; graphql-core parses it."""


# One match per significant token: the ignored text before it (whitespace, commas, line breaks,
# comments), then one alternative per token class. A position where no token starts (an
# invalid character, an unterminated string, ...) does not match, and the document falls back.
# Possessive quantifiers: the ignored text is never re-read as tokens, and an unterminated
# block string is never taken for an empty string followed by a quote.
_TOKEN = re.compile(
    r"""
    (?P<ignored>(?:[ \t,\ufeff]+|\r\n|[\n\r]|\#[^\n\r]*+)*+)
    (?:
    (?P<name>[_A-Za-z][_0-9A-Za-z]*)
    |(?P<punct>[!$&():=@\[\]{|}])
    |(?P<block>\"\"\"(?:\\\"\"\"|[^"\\]|\\(?!\"\"\")|"(?!""))*+\"\"\")
    |(?P<string>(?!\"\"\")"(?:[^"\\\n\r]|\\["\\/bfnrt]|\\u[0-9A-Fa-f]{4})*+")
    |(?P<number>-?(?:0|[1-9][0-9]*)(?P<frac>\.[0-9]+)?(?P<exp>[eE][+-]?[0-9]+)?)
    |(?P<spread>\.\.\.)
    |(?P<eof>\Z)
    )
    """,
    re.VERBOSE,
)
# Characters the fast path leaves to graphql-core (it validates them precisely).
_UNUSUAL = re.compile(r"[\ud800-\udfff]")
_AFTER_NUMBER = re.compile(r"[._0-9A-Za-z]")
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|(.))")
_LINE_BREAK = re.compile(r"\r\n|[\n\r]")

_PUNCT_KIND = {
    "!": TokenKind.BANG,
    "$": TokenKind.DOLLAR,
    "&": TokenKind.AMP,
    "(": TokenKind.PAREN_L,
    ")": TokenKind.PAREN_R,
    ":": TokenKind.COLON,
    "=": TokenKind.EQUALS,
    "@": TokenKind.AT,
    "[": TokenKind.BRACKET_L,
    "]": TokenKind.BRACKET_R,
    "{": TokenKind.BRACE_L,
    "|": TokenKind.PIPE,
    "}": TokenKind.BRACE_R,
}
_LOCATIONS = frozenset(DirectiveLocation.__members__)
_OPERATIONS = {"query": OperationType.QUERY, "mutation": OperationType.MUTATION}
_OPERATIONS["subscription"] = OperationType.SUBSCRIPTION


def _unescape(raw: str) -> str:
    def one(m: re.Match[str]) -> str:
        if m.group(1) is not None:
            code = int(m.group(1), 16)
            if 0xD800 <= code <= 0xDFFF:
                raise _Fallback  # surrogate pairs: graphql-core's rules
            return chr(code)
        return _ESCAPES[m.group(2)]

    return _ESCAPE.sub(one, raw)


def _block_value(raw: str) -> str:
    lines = _LINE_BREAK.split(raw.replace('\\"""', '"""'))
    return "\n".join(dedent_block_string_lines(lines))


def _tokens(body: str) -> list[Token]:
    """The significant tokens of ``body`` followed by EOF, with graphql-core's positions."""
    out: list[Token] = []
    append = out.append
    line = 1
    line_start = 0
    pos = 0
    end = len(body)
    match = _TOKEN.match
    while True:
        m = match(body, pos)
        if m is None:
            raise _Fallback
        ignored = m.group("ignored")
        if "\n" in ignored or "\r" in ignored:
            line += ignored.count("\n") + ignored.count("\r") - ignored.count("\r\n")
            line_start = pos + max(ignored.rfind("\n"), ignored.rfind("\r")) + 1
        start = pos + len(ignored)
        stop = m.end()
        column = start - line_start + 1
        kind = m.lastgroup
        if kind == "name":
            append(Token(TokenKind.NAME, start, stop, line, column, body[start:stop]))
        elif kind == "punct":
            append(Token(_PUNCT_KIND[body[start]], start, stop, line, column))
        elif kind == "string":
            raw = body[start + 1 : stop - 1]
            value = _unescape(raw) if "\\" in raw else raw
            append(Token(TokenKind.STRING, start, stop, line, column, value))
        elif kind == "block":
            raw = body[start + 3 : stop - 3]
            append(Token(TokenKind.BLOCK_STRING, start, stop, line, column, _block_value(raw)))
            breaks = list(_LINE_BREAK.finditer(raw))
            if breaks:
                line += len(breaks)
                line_start = start + 3 + breaks[-1].end()
        elif kind == "number":
            if stop < end and _AFTER_NUMBER.match(body, stop):
                raise _Fallback
            number_kind = TokenKind.FLOAT if m.group("frac") or m.group("exp") else TokenKind.INT
            append(Token(number_kind, start, stop, line, column, body[start:stop]))
        elif kind == "spread":
            append(Token(TokenKind.SPREAD, start, stop, line, column))
        else:
            append(Token(TokenKind.EOF, end, end, line, column))
            return out
        pos = stop


class _Parser:
    """Recursive descent over the token list; mirrors graphql-core's ``Parser`` methods."""

    def __init__(self, tokens: list[Token], source: Source | None) -> None:
        self.tokens = tokens
        self.i = 0
        self.source = source

    # -- helpers --------------------------------------------------------------------------

    def loc(self, start: Token) -> Location | None:
        if self.source is None:
            return None
        return Location(start, self.tokens[self.i - 1], self.source)

    def peek(self, kind: TokenKind) -> bool:
        return self.tokens[self.i].kind is kind

    def expect(self, kind: TokenKind) -> Token:
        tok = self.tokens[self.i]
        if tok.kind is not kind:
            raise _Fallback
        self.i += 1
        return tok

    def optional(self, kind: TokenKind) -> bool:
        if self.tokens[self.i].kind is kind:
            self.i += 1
            return True
        return False

    def keyword(self, value: str) -> None:
        tok = self.tokens[self.i]
        if tok.kind is not TokenKind.NAME or tok.value != value:
            raise _Fallback
        self.i += 1

    def optional_keyword(self, value: str) -> bool:
        tok = self.tokens[self.i]
        if tok.kind is TokenKind.NAME and tok.value == value:
            self.i += 1
            return True
        return False

    def many(self, open_: TokenKind, item: Callable[[], T], close: TokenKind) -> tuple[T, ...]:
        self.expect(open_)
        nodes = [item()]
        while not self.optional(close):
            nodes.append(item())
        return tuple(nodes)

    def optional_many(
        self, open_: TokenKind, item: Callable[[], T], close: TokenKind
    ) -> tuple[T, ...] | None:
        if not self.peek(open_):
            return None
        return self.many(open_, item, close)

    def delimited_many(self, delimiter: TokenKind, item: Callable[[], T]) -> tuple[T, ...]:
        self.optional(delimiter)
        nodes = [item()]
        while self.optional(delimiter):
            nodes.append(item())
        return tuple(nodes)

    # -- names, types, values, directives ---------------------------------------------------

    def name(self) -> ast.NameNode:
        tok = self.expect(TokenKind.NAME)
        return ast.NameNode(value=tok.value or "", loc=self.loc(tok))

    def named_type(self) -> ast.NamedTypeNode:
        start = self.tokens[self.i]
        return ast.NamedTypeNode(name=self.name(), loc=self.loc(start))

    def type_reference(self) -> ast.TypeNode:
        start = self.tokens[self.i]
        type_: ast.TypeNode
        if self.optional(TokenKind.BRACKET_L):
            inner = self.type_reference()
            self.expect(TokenKind.BRACKET_R)
            type_ = ast.ListTypeNode(type=inner, loc=self.loc(start))
        else:
            type_ = self.named_type()
        if self.optional(TokenKind.BANG):
            return ast.NonNullTypeNode(type=type_, loc=self.loc(start))
        return type_

    def value(self) -> ast.ConstValueNode:
        tok = self.tokens[self.i]
        kind = tok.kind
        if kind is TokenKind.STRING or kind is TokenKind.BLOCK_STRING:
            return self.string()
        self.i += 1
        if kind is TokenKind.NAME:
            if tok.value == "true":
                return ast.BooleanValueNode(value=True, loc=self.loc(tok))
            if tok.value == "false":
                return ast.BooleanValueNode(value=False, loc=self.loc(tok))
            if tok.value == "null":
                return ast.NullValueNode(loc=self.loc(tok))
            return ast.EnumValueNode(value=tok.value or "", loc=self.loc(tok))
        if kind is TokenKind.INT:
            return ast.IntValueNode(value=tok.value or "", loc=self.loc(tok))
        if kind is TokenKind.FLOAT:
            return ast.FloatValueNode(value=tok.value or "", loc=self.loc(tok))
        if kind is TokenKind.BRACKET_L:
            values: list[ast.ValueNode] = []
            while not self.optional(TokenKind.BRACKET_R):
                values.append(self.value())
            node: ast.ValueNode = ast.ListValueNode(values=tuple(values), loc=self.loc(tok))
            return cast(ast.ConstValueNode, node)
        if kind is TokenKind.BRACE_L:
            fields: list[ast.ObjectFieldNode] = []
            while not self.optional(TokenKind.BRACE_R):
                start = self.tokens[self.i]
                name = self.name()
                self.expect(TokenKind.COLON)
                value = self.value()
                fields.append(ast.ObjectFieldNode(name=name, value=value, loc=self.loc(start)))
            node = ast.ObjectValueNode(fields=tuple(fields), loc=self.loc(tok))
            return cast(ast.ConstValueNode, node)
        raise _Fallback  # variables in constants, stray punctuation

    def string(self) -> ast.StringValueNode:
        tok = self.tokens[self.i]
        self.i += 1
        return ast.StringValueNode(
            value=tok.value or "", block=tok.kind is TokenKind.BLOCK_STRING, loc=self.loc(tok)
        )

    def description(self) -> ast.StringValueNode | None:
        kind = self.tokens[self.i].kind
        if kind is TokenKind.STRING or kind is TokenKind.BLOCK_STRING:
            return self.string()
        return None

    def argument(self) -> ast.ArgumentNode:
        start = self.tokens[self.i]
        name = self.name()
        self.expect(TokenKind.COLON)
        return ast.ArgumentNode(name=name, value=self.value(), loc=self.loc(start))

    def directives(self) -> tuple[ast.ConstDirectiveNode, ...] | None:
        out: list[ast.DirectiveNode] = []
        while self.peek(TokenKind.AT):
            start = self.tokens[self.i]
            self.i += 1
            name = self.name()
            args = self.optional_many(TokenKind.PAREN_L, self.argument, TokenKind.PAREN_R)
            out.append(ast.DirectiveNode(name=name, arguments=args, loc=self.loc(start)))
        # graphql-core builds the non-const node classes for constant values too.
        return cast("tuple[ast.ConstDirectiveNode, ...]", tuple(out)) if out else None

    # -- definitions ---------------------------------------------------------------------------

    def document(self) -> ast.DocumentNode:
        definitions: list[ast.Node] = []
        while not self.peek(TokenKind.EOF):
            definitions.append(self.definition())
        if not definitions:
            raise _Fallback
        end = self.tokens[-1]
        loc = None if self.source is None else Location(self.tokens[0], end, self.source)
        defs = cast("tuple[ast.DefinitionNode, ...]", tuple(definitions))
        return ast.DocumentNode(definitions=defs, loc=loc)

    def definition(self) -> ast.Node:
        first = self.tokens[self.i]
        has_description = first.kind is TokenKind.STRING or first.kind is TokenKind.BLOCK_STRING
        keyword = self.tokens[self.i + 1] if has_description else first
        if keyword.kind is not TokenKind.NAME:
            raise _Fallback
        if keyword.value == "extend" and not has_description:
            return self.extension()
        method = _DEFINITIONS.get(keyword.value or "")
        if method is None:
            raise _Fallback
        return method(self)

    def schema_definition(self) -> ast.SchemaDefinitionNode:
        start = self.tokens[self.i]
        description = self.description()
        self.keyword("schema")
        directives = self.directives()
        ops = self.many(TokenKind.BRACE_L, self.operation_type, TokenKind.BRACE_R)
        return ast.SchemaDefinitionNode(
            description=description, directives=directives, operation_types=ops, loc=self.loc(start)
        )

    def operation_type(self) -> ast.OperationTypeDefinitionNode:
        start = self.tokens[self.i]
        operation = _OPERATIONS.get(self.expect(TokenKind.NAME).value or "")
        if operation is None:
            raise _Fallback
        self.expect(TokenKind.COLON)
        type_ = self.named_type()
        return ast.OperationTypeDefinitionNode(operation=operation, type=type_, loc=self.loc(start))

    def implements(self) -> tuple[ast.NamedTypeNode, ...] | None:
        if not self.optional_keyword("implements"):
            return None
        return self.delimited_many(TokenKind.AMP, self.named_type)

    def fields(self) -> tuple[ast.FieldDefinitionNode, ...] | None:
        return self.optional_many(TokenKind.BRACE_L, self.field, TokenKind.BRACE_R)

    def field(self) -> ast.FieldDefinitionNode:
        start = self.tokens[self.i]
        description = self.description()
        name = self.name()
        args = self.optional_many(TokenKind.PAREN_L, self.input_value, TokenKind.PAREN_R)
        self.expect(TokenKind.COLON)
        type_ = self.type_reference()
        return ast.FieldDefinitionNode(
            description=description,
            name=name,
            arguments=args,
            type=type_,
            directives=self.directives(),
            loc=self.loc(start),
        )

    def input_value(self) -> ast.InputValueDefinitionNode:
        start = self.tokens[self.i]
        description = self.description()
        name = self.name()
        self.expect(TokenKind.COLON)
        type_ = self.type_reference()
        default = self.value() if self.optional(TokenKind.EQUALS) else None
        return ast.InputValueDefinitionNode(
            description=description,
            name=name,
            type=type_,
            default_value=default,
            directives=self.directives(),
            loc=self.loc(start),
        )

    def object_like(self, keyword: str, extend: bool) -> ast.Node:
        start = self.tokens[self.i]
        description = None if extend else self.description()
        if extend:
            self.keyword("extend")
        self.keyword(keyword)
        name = self.name()
        interfaces = self.implements()
        directives = self.directives()
        fields: dict[str, Any] = {
            "name": name,
            "interfaces": interfaces,
            "directives": directives,
            "fields": self.fields(),
            "loc": None,
        }
        if extend:
            if not (interfaces or directives or fields["fields"]):
                raise _Fallback
        else:
            fields["description"] = description
        fields["loc"] = self.loc(start)
        return _OBJECT_LIKE[(keyword, extend)](**fields)

    def object_type(self) -> ast.Node:
        return self.object_like("type", False)

    def interface_type(self) -> ast.Node:
        return self.object_like("interface", False)

    def scalar_type(self, extend: bool = False) -> ast.Node:
        start = self.tokens[self.i]
        description = None if extend else self.description()
        if extend:
            self.keyword("extend")
        self.keyword("scalar")
        name = self.name()
        directives = self.directives()
        if extend:
            if not directives:
                raise _Fallback
            return ast.ScalarTypeExtensionNode(
                name=name, directives=directives, loc=self.loc(start)
            )
        return ast.ScalarTypeDefinitionNode(
            description=description, name=name, directives=directives, loc=self.loc(start)
        )

    def union_type(self, extend: bool = False) -> ast.Node:
        start = self.tokens[self.i]
        description = None if extend else self.description()
        if extend:
            self.keyword("extend")
        self.keyword("union")
        name = self.name()
        directives = self.directives()
        types = (
            self.delimited_many(TokenKind.PIPE, self.named_type)
            if self.optional(TokenKind.EQUALS)
            else None
        )
        if extend:
            if not (directives or types):
                raise _Fallback
            return ast.UnionTypeExtensionNode(
                name=name, directives=directives, types=types, loc=self.loc(start)
            )
        return ast.UnionTypeDefinitionNode(
            description=description,
            name=name,
            directives=directives,
            types=types,
            loc=self.loc(start),
        )

    def enum_value(self) -> ast.EnumValueDefinitionNode:
        start = self.tokens[self.i]
        description = self.description()
        if self.tokens[self.i].value in ("true", "false", "null"):
            raise _Fallback
        name = self.name()
        return ast.EnumValueDefinitionNode(
            description=description, name=name, directives=self.directives(), loc=self.loc(start)
        )

    def enum_type(self, extend: bool = False) -> ast.Node:
        start = self.tokens[self.i]
        description = None if extend else self.description()
        if extend:
            self.keyword("extend")
        self.keyword("enum")
        name = self.name()
        directives = self.directives()
        values = self.optional_many(TokenKind.BRACE_L, self.enum_value, TokenKind.BRACE_R)
        if extend:
            if not (directives or values):
                raise _Fallback
            return ast.EnumTypeExtensionNode(
                name=name, directives=directives, values=values, loc=self.loc(start)
            )
        return ast.EnumTypeDefinitionNode(
            description=description,
            name=name,
            directives=directives,
            values=values,
            loc=self.loc(start),
        )

    def input_type(self, extend: bool = False) -> ast.Node:
        start = self.tokens[self.i]
        description = None if extend else self.description()
        if extend:
            self.keyword("extend")
        self.keyword("input")
        name = self.name()
        directives = self.directives()
        fields = self.optional_many(TokenKind.BRACE_L, self.input_value, TokenKind.BRACE_R)
        if extend:
            if not (directives or fields):
                raise _Fallback
            return ast.InputObjectTypeExtensionNode(
                name=name, directives=directives, fields=fields, loc=self.loc(start)
            )
        return ast.InputObjectTypeDefinitionNode(
            description=description,
            name=name,
            directives=directives,
            fields=fields,
            loc=self.loc(start),
        )

    def directive_definition(self) -> ast.Node:
        start = self.tokens[self.i]
        description = self.description()
        self.keyword("directive")
        self.expect(TokenKind.AT)
        name = self.name()
        args = self.optional_many(TokenKind.PAREN_L, self.input_value, TokenKind.PAREN_R)
        directives = self.directives()
        repeatable = self.optional_keyword("repeatable")
        self.keyword("on")
        locations = self.delimited_many(TokenKind.PIPE, self.directive_location)
        return ast.DirectiveDefinitionNode(
            description=description,
            name=name,
            arguments=args,
            directives=directives,
            repeatable=repeatable,
            locations=locations,
            loc=self.loc(start),
        )

    def directive_location(self) -> ast.NameNode:
        name = self.name()
        if name.value not in _LOCATIONS:
            raise _Fallback
        return name

    def extension(self) -> ast.Node:
        keyword = self.tokens[self.i + 1]
        value = keyword.value if keyword.kind is TokenKind.NAME else None
        if value in ("type", "interface"):
            return self.object_like(value, True)  # type: ignore[return-value]
        if value == "schema":
            start = self.tokens[self.i]
            self.i += 2
            directives = self.directives()
            ops = self.optional_many(TokenKind.BRACE_L, self.operation_type, TokenKind.BRACE_R)
            if not (directives or ops):
                raise _Fallback
            return ast.SchemaExtensionNode(
                directives=directives, operation_types=ops, loc=self.loc(start)
            )
        extend = _EXTENSIONS.get(value or "")
        if extend is None:
            raise _Fallback
        return extend(self, True)  # type: ignore[return-value]


_OBJECT_LIKE: dict[tuple[str, bool], type[ast.Node]] = {
    ("type", False): ast.ObjectTypeDefinitionNode,
    ("type", True): ast.ObjectTypeExtensionNode,
    ("interface", False): ast.InterfaceTypeDefinitionNode,
    ("interface", True): ast.InterfaceTypeExtensionNode,
}
_DEFINITIONS: dict[str, Callable[[_Parser], ast.Node]] = {
    "schema": _Parser.schema_definition,
    "scalar": _Parser.scalar_type,
    "type": _Parser.object_type,
    "interface": _Parser.interface_type,
    "union": _Parser.union_type,
    "enum": _Parser.enum_type,
    "input": _Parser.input_type,
    "directive": _Parser.directive_definition,
}
_EXTENSIONS: dict[str, Callable[[_Parser, bool], ast.Node]] = {
    "scalar": _Parser.scalar_type,
    "union": _Parser.union_type,
    "enum": _Parser.enum_type,
    "input": _Parser.input_type,
}


def parse_sdl(text: str, *, no_location: bool = False) -> ast.DocumentNode:
    """Parse a GraphQL document; the result equals ``graphql.parse(text, no_location)``.

    Raises:
        GraphQLSyntaxError: the document does not parse (graphql-core's error).
    """
    try:
        if _UNUSUAL.search(text):
            raise _Fallback
        source = None if no_location else Source(text)
        tokens = _tokens(text)
        tokens.insert(0, Token(TokenKind.SOF, 0, 0, 0, 0))
        parser = _Parser(tokens, source)
        parser.i = 1
        return parser.document()
    except (_Fallback, RecursionError):
        return graphql_parse(text, no_location=no_location)
