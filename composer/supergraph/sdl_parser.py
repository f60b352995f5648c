"""A fast parser for type system documents (subgraph and supergraph SDL), producing exactly the
graphql-core AST that ``graphql.parse`` produces.

graphql-core lexes one character at a time; on a large federation that is most of the parse
time. Here one regular expression cuts the text into tokens (``sdl_lexer``) and a small
recursive descent builds the same nodes, with the same locations (offsets, lines, columns). Only documents made of
type system definitions and extensions take this path, and only while everything is ordinary:
on anything else (executable definitions, invalid characters, unusual escapes, a syntax error)
the document goes to ``graphql.parse``, so syntax errors and rare forms are graphql-core's own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from graphql import parse as graphql_parse
from graphql.language import ast
from graphql.language.ast import Location, OperationType, Token
from graphql.language.directive_locations import DirectiveLocation
from graphql.language.source import Source
from graphql.language.token_kind import TokenKind

from composer.supergraph.sdl_lexer import Unsupported, has_unusual_characters
from composer.supergraph.sdl_lexer import tokens as lex

__all__ = ["parse_sdl"]

T = TypeVar("T")

_LOCATIONS = frozenset(DirectiveLocation.__members__)
_OPERATIONS = {"query": OperationType.QUERY, "mutation": OperationType.MUTATION}
_OPERATIONS["subscription"] = OperationType.SUBSCRIPTION


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
            raise Unsupported
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
            raise Unsupported
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
        raise Unsupported  # variables in constants, stray punctuation

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
            raise Unsupported
        end = self.tokens[-1]
        loc = None if self.source is None else Location(self.tokens[0], end, self.source)
        defs = cast("tuple[ast.DefinitionNode, ...]", tuple(definitions))
        return ast.DocumentNode(definitions=defs, loc=loc)

    def definition(self) -> ast.Node:
        first = self.tokens[self.i]
        has_description = first.kind is TokenKind.STRING or first.kind is TokenKind.BLOCK_STRING
        keyword = self.tokens[self.i + 1] if has_description else first
        if keyword.kind is not TokenKind.NAME:
            raise Unsupported
        if keyword.value == "extend" and not has_description:
            return self.extension()
        value = keyword.value or ""
        if value in _TYPE_PARTS:
            return self.type_definition(value, False)
        if value == "schema":
            return self.schema_definition()
        if value == "directive":
            return self.directive_definition()
        raise Unsupported

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
            raise Unsupported
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

    def type_definition(self, keyword: str, extend: bool) -> ast.Node:
        """A type definition or extension: description (definitions only), keyword, name,
        then the parts of its kind (``_TYPE_PARTS``); an extension must add something."""
        start = self.tokens[self.i]
        description = None if extend else self.description()
        if extend:
            self.keyword("extend")
        self.keyword(keyword)
        fields: dict[str, Any] = {"name": self.name()}
        for attribute, parse_part in _TYPE_PARTS[keyword]:
            fields[attribute] = parse_part(self)
        if extend:
            if not any(v for k, v in fields.items() if k != "name"):
                raise Unsupported
        else:
            fields["description"] = description
        definition, extension = _TYPE_CLASSES[keyword]
        return (extension if extend else definition)(loc=self.loc(start), **fields)

    def union_members(self) -> tuple[ast.NamedTypeNode, ...] | None:
        if not self.optional(TokenKind.EQUALS):
            return None
        return self.delimited_many(TokenKind.PIPE, self.named_type)

    def enum_values(self) -> tuple[ast.EnumValueDefinitionNode, ...] | None:
        return self.optional_many(TokenKind.BRACE_L, self.enum_value, TokenKind.BRACE_R)

    def input_fields(self) -> tuple[ast.InputValueDefinitionNode, ...] | None:
        return self.optional_many(TokenKind.BRACE_L, self.input_value, TokenKind.BRACE_R)

    def enum_value(self) -> ast.EnumValueDefinitionNode:
        start = self.tokens[self.i]
        description = self.description()
        if self.tokens[self.i].value in ("true", "false", "null"):
            raise Unsupported
        name = self.name()
        return ast.EnumValueDefinitionNode(
            description=description, name=name, directives=self.directives(), loc=self.loc(start)
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
            raise Unsupported
        return name

    def extension(self) -> ast.Node:
        keyword = self.tokens[self.i + 1]
        value = keyword.value if keyword.kind is TokenKind.NAME else None
        if value in _TYPE_PARTS:
            return self.type_definition(value or "", True)
        if value != "schema":
            raise Unsupported
        start = self.tokens[self.i]
        self.i += 2
        directives = self.directives()
        ops = self.optional_many(TokenKind.BRACE_L, self.operation_type, TokenKind.BRACE_R)
        if not (directives or ops):
            raise Unsupported
        return ast.SchemaExtensionNode(
            directives=directives, operation_types=ops, loc=self.loc(start)
        )


# Per type keyword: the parts after the name in source order (node attribute, parser).
_Part = tuple[str, Callable[[_Parser], Any]]
_DIRECTIVES: _Part = ("directives", _Parser.directives)
_INTERFACES: _Part = ("interfaces", _Parser.implements)
_TYPE_PARTS: dict[str, tuple[_Part, ...]] = {
    "scalar": (_DIRECTIVES,),
    "type": (_INTERFACES, _DIRECTIVES, ("fields", _Parser.fields)),
    "interface": (_INTERFACES, _DIRECTIVES, ("fields", _Parser.fields)),
    "union": (_DIRECTIVES, ("types", _Parser.union_members)),
    "enum": (_DIRECTIVES, ("values", _Parser.enum_values)),
    "input": (_DIRECTIVES, ("fields", _Parser.input_fields)),
}
_TYPE_CLASSES: dict[str, tuple[type[ast.Node], type[ast.Node]]] = {
    "scalar": (ast.ScalarTypeDefinitionNode, ast.ScalarTypeExtensionNode),
    "type": (ast.ObjectTypeDefinitionNode, ast.ObjectTypeExtensionNode),
    "interface": (ast.InterfaceTypeDefinitionNode, ast.InterfaceTypeExtensionNode),
    "union": (ast.UnionTypeDefinitionNode, ast.UnionTypeExtensionNode),
    "enum": (ast.EnumTypeDefinitionNode, ast.EnumTypeExtensionNode),
    "input": (ast.InputObjectTypeDefinitionNode, ast.InputObjectTypeExtensionNode),
}


def parse_sdl(text: str, *, no_location: bool = False) -> ast.DocumentNode:
    """Parse a GraphQL document; the result equals ``graphql.parse(text, no_location)``.

    Raises:
        GraphQLSyntaxError: the document does not parse (graphql-core's error).
    """
    try:
        if has_unusual_characters(text):
            raise Unsupported
        source = None if no_location else Source(text)
        tokens = lex(text)
        tokens.insert(0, Token(TokenKind.SOF, 0, 0, 0, 0))
        parser = _Parser(tokens, source)
        parser.i = 1
        return parser.document()
    except (Unsupported, RecursionError):
        return graphql_parse(text, no_location=no_location)
