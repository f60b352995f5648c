"""The client-visible part of a supergraph, read off the schema the reader already built.

Same elements as ``composer.supergraph.api_schema.build_api_schema`` (everything not
``@inaccessible``), without parsing and building the SDL a second time: on large supergraphs
that second pass costs more than the whole traversal.
"""

from __future__ import annotations

import re

from graphql import (
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
)
from graphql.language import ast

_INACCESSIBLE_URL = re.compile(r"/inaccessible/v\d+\.\d+/?$")


def _inaccessible_name(schema: GraphQLSchema) -> str:
    """The local name of ``@inaccessible`` (``@link(as:)`` may rename it)."""
    nodes = [schema.ast_node, *schema.extension_ast_nodes]
    for node in nodes:
        for app in (node.directives if node is not None else None) or ():
            args = {a.name.value: a.value for a in app.arguments or ()}
            url = args.get("url")
            if isinstance(url, ast.StringValueNode) and _INACCESSIBLE_URL.search(url.value):
                alias = args.get("as")
                return alias.value if isinstance(alias, ast.StringValueNode) else "inaccessible"
    return "inaccessible"


class ApiView:
    """Types, fields and possible types a client can select."""

    def __init__(self, schema: GraphQLSchema) -> None:
        self.schema = schema
        self._hidden = _inaccessible_name(schema)
        self._type_ok: dict[str, bool] = {}
        self.query_type = self._root(schema.query_type)
        self.mutation_type = self._root(schema.mutation_type)
        self.subscription_type = self._root(schema.subscription_type)

    def _root(self, t: GraphQLObjectType | None) -> GraphQLObjectType | None:
        return t if t is not None and self.type_visible(t) else None

    def _marked(self, nodes: list[ast.Node | None]) -> bool:
        for node in nodes:
            for app in getattr(node, "directives", None) or ():
                if app.name.value == self._hidden:
                    return True
        return False

    def type_visible(self, t: GraphQLNamedType) -> bool:
        known = self._type_ok.get(t.name)
        if known is None:
            known = not self._marked([t.ast_node, *t.extension_ast_nodes])
            self._type_ok[t.name] = known
        return known

    def type(self, name: str) -> GraphQLNamedType | None:
        t = self.schema.type_map.get(name)
        return t if t is not None and self.type_visible(t) else None

    def fields(self, t: GraphQLObjectType) -> list[tuple[str, GraphQLField]]:
        """Visible fields whose type is visible too, in schema order."""
        return [
            (name, f)
            for name, f in t.fields.items()
            if not self._marked([f.ast_node]) and self.type_visible(get_named_type(f.type))
        ]

    def possible_types(self, t: GraphQLInterfaceType | GraphQLUnionType) -> list[str]:
        return [o.name for o in self.schema.get_possible_types(t) if self.type_visible(o)]
