"""Normalized operations: fragments expanded, literal @skip/@include applied, types attached.

The planner and the response shaper both work on this form, built once per cached plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import (
    GraphQLSchema,
    get_named_type,
    is_abstract_type,
    print_ast,
)
from graphql.language import ast
from graphql.type import GraphQLCompositeType, GraphQLField, GraphQLObjectType

__all__ = ["Condition", "NField", "NFragment", "NSel", "normalize_selections"]


@dataclass(frozen=True, slots=True)
class Condition:
    """A variable condition: ``@include(if: $v)`` (include=True) or ``@skip(if: $v)``."""

    variable: str
    include: bool


@dataclass(frozen=True, slots=True)
class NField:
    """A field selection. ``arguments``/``directives`` are printed GraphQL text ("" if none).

    ``internal``: selected by the planner (a ``@requires`` field), not by the client.
    """

    response_key: str
    name: str
    alias: str | None
    arguments: str
    directives: str
    conditions: tuple[Condition, ...]
    selections: tuple[NSel, ...] | None
    variables: tuple[str, ...]
    internal: bool = False


@dataclass(frozen=True, slots=True)
class NFragment:
    """An inline fragment (named fragments are inlined): type condition and selections."""

    type_condition: str | None
    directives: str
    conditions: tuple[Condition, ...]
    selections: tuple[NSel, ...]


NSel = NField | NFragment


def _variables(node: ast.Node) -> list[str]:
    out: list[str] = []

    def walk(n: object) -> None:
        if isinstance(n, ast.VariableNode):
            out.append(n.name.value)
        elif isinstance(n, ast.Node):
            for k in n.keys:
                if k != "loc":
                    walk(getattr(n, k))
        elif isinstance(n, tuple | list):
            for x in n:
                walk(x)

    walk(node)
    return out


def _conditions(
    directives: tuple[ast.DirectiveNode, ...] | None,
) -> tuple[bool, tuple[ast.DirectiveNode, ...], tuple[Condition, ...]]:
    """(statically excluded, kept directives, variable conditions)."""
    kept: list[ast.DirectiveNode] = []
    conds: list[Condition] = []
    for d in directives or ():
        name = d.name.value
        if name not in ("skip", "include"):
            continue  # other executable directives are not forwarded
        arg = next((a.value for a in d.arguments or () if a.name.value == "if"), None)
        include = name == "include"
        if isinstance(arg, ast.BooleanValueNode):
            if arg.value != include:
                return True, (), ()
        elif isinstance(arg, ast.VariableNode):
            kept.append(d)
            conds.append(Condition(arg.name.value, include))
    return False, tuple(kept), tuple(conds)


def _print_directives(ds: tuple[ast.DirectiveNode, ...]) -> str:
    return "".join(" " + print_ast(d) for d in ds)


class _Normalizer:
    def __init__(
        self, schema: GraphQLSchema, fragments: dict[str, ast.FragmentDefinitionNode]
    ) -> None:
        self.schema = schema
        self.fragments = fragments

    def selections(
        self, parent: GraphQLCompositeType, sel_set: ast.SelectionSetNode
    ) -> tuple[NSel, ...]:
        out: list[NSel] = []
        for sel in sel_set.selections:
            excluded, kept, conds = _conditions(sel.directives)
            if excluded:
                continue
            if isinstance(sel, ast.FieldNode):
                out.append(self.field(parent, sel, kept, conds))
            elif isinstance(sel, ast.InlineFragmentNode):
                tc = sel.type_condition.name.value if sel.type_condition else None
                target = self.schema.get_type(tc) if tc else parent
                assert isinstance(target, GraphQLCompositeType.__args__)  # type: ignore[attr-defined]
                subs = self.selections(target, sel.selection_set)
                out.append(NFragment(tc, _print_directives(kept), conds, subs))
            else:
                assert isinstance(sel, ast.FragmentSpreadNode)
                frag = self.fragments[sel.name.value]
                tc = frag.type_condition.name.value
                target = self.schema.get_type(tc)
                assert isinstance(target, GraphQLCompositeType.__args__)  # type: ignore[attr-defined]
                subs = self.selections(target, frag.selection_set)
                out.append(NFragment(tc, _print_directives(kept), conds, subs))
        return tuple(out)

    def field(
        self,
        parent: GraphQLCompositeType,
        node: ast.FieldNode,
        kept: tuple[ast.DirectiveNode, ...],
        conds: tuple[Condition, ...],
    ) -> NField:
        name = node.name.value
        alias = node.alias.value if node.alias else None
        args = ""
        if node.arguments:
            args = "(" + ", ".join(print_ast(a) for a in node.arguments) + ")"
        variables = sorted(
            set(_variables(ast.FieldNode(name=node.name, arguments=node.arguments)))
            | {c.variable for c in conds}
        )
        subs: tuple[NSel, ...] | None = None
        if node.selection_set is not None and not name.startswith("__"):
            fdef = _field_def(parent, name)
            named = get_named_type(fdef.type)
            assert isinstance(named, GraphQLCompositeType.__args__)  # type: ignore[attr-defined]
            subs = self.selections(named, node.selection_set)
        elif node.selection_set is not None:
            subs = ()
        return NField(
            alias or name, name, alias, args, _print_directives(kept), conds, subs, tuple(variables)
        )


def _field_def(parent: GraphQLCompositeType, name: str) -> GraphQLField:
    fields = getattr(parent, "fields", None)
    if fields is None or name not in fields:
        raise KeyError(f"{parent.name}.{name}")
    f: GraphQLField = fields[name]
    return f


def normalize_selections(
    schema: GraphQLSchema,
    root: GraphQLObjectType,
    operation: ast.OperationDefinitionNode,
    fragments: dict[str, ast.FragmentDefinitionNode],
) -> tuple[NSel, ...]:
    """Normalize a validated operation's selection set against ``schema``."""
    return _Normalizer(schema, fragments).selections(root, operation.selection_set)


def is_abstract(schema: GraphQLSchema, type_name: str) -> bool:
    t = schema.get_type(type_name)
    return t is not None and is_abstract_type(t)
