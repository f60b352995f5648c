"""Shared helpers for the directive passes: subgraph type lookups and root renaming."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLSyntaxError, parse
from graphql.language import ast

from composer.merge.merger import ROOT_NAMES, graph_enum_names
from composer.merge.typeref import named
from composer.subgraph.model import Field, Kind, Subgraph, TypeDef


def canon(sg: Subgraph, type_name: str) -> str:
    """The supergraph name of a subgraph type (root types become Query/Mutation/...)."""
    for op, local in sg.roots.items():
        if local == type_name:
            return ROOT_NAMES[op]
    return type_name


def graph_enums(subgraphs: list[Subgraph]) -> dict[str, str]:
    return graph_enum_names([s.name for s in subgraphs])


def runtime_types(sg: Subgraph, td: TypeDef) -> list[str]:
    """Object types a value of ``td`` may have in this subgraph."""
    if td.kind == Kind.OBJECT:
        return [td.name]
    if td.kind == Kind.UNION:
        return list(td.members)
    if td.kind == Kind.INTERFACE:
        return [t.name for t in sg.types.values() if td.name in t.interfaces]
    return []


def fields_of(sg: Subgraph) -> Iterator[tuple[TypeDef, Field]]:
    for td in sg.types.values():
        for f in td.fields.values():
            yield td, f


def parse_selection(text: str) -> ast.SelectionSetNode | None:
    """``text`` as a selection set (braces optional), or None when it does not parse."""
    source = text if text.strip().startswith("{") else "{" + text + "}"
    try:
        doc = parse(source, no_location=True)
    except GraphQLSyntaxError:
        return None
    op = doc.definitions[0]
    if not isinstance(op, ast.OperationDefinitionNode) or len(doc.definitions) != 1:
        return None
    return op.selection_set


def field_type(sg: Subgraph, type_name: str, field_name: str) -> str | None:
    td = sg.types.get(type_name)
    if td is None:
        return None
    f = td.fields.get(field_name)
    return f.type if f is not None else None


def named_of(t: str) -> str:
    return named(t)
