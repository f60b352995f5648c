"""Satisfiability error messages: an example query for a supergraph path, and the reasons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    is_required_input_field,
)

from composer.satisfiability.advance import Reason


@dataclass(frozen=True, slots=True)
class PathElement:
    """A field (with its definition, for example arguments) or a type condition."""

    name: str
    field: GraphQLField | None = None
    is_leaf: bool = False


def _example(t: GraphQLInputType) -> str:
    if isinstance(t, GraphQLNonNull):
        return _example(t.of_type)
    if isinstance(t, GraphQLList):
        return "[]"
    if isinstance(t, GraphQLEnumType):
        return next(iter(t.values), "null")
    if isinstance(t, GraphQLInputObjectType):
        parts = [
            f"{n}: {_example(f.type)}" for n, f in t.fields.items() if is_required_input_field(f)
        ]
        return "{" + ", ".join(parts) + "}"
    if isinstance(t, GraphQLScalarType):
        return {
            "Int": "0",
            "Float": "3.14",
            "String": '"A string value"',
            "Boolean": "true",
            "ID": '"<any id>"',
        }.get(t.name, '"<any value>"')
    return "null"


def _args(args: dict[str, GraphQLArgument]) -> str:
    # Every argument gets an example value; within input objects only required fields do.
    parts = [f"{n}: {_example(a.type)}" for n, a in args.items()]
    return f"({', '.join(parts)})" if parts else ""


def example_query(operation: str, path: Sequence[PathElement]) -> str:
    """The query that selects ``path``; a composite end is shown as ``{ ... }``."""
    lines = ["{" if operation == "query" else f"{operation} {{"]
    indent = "  "
    for i, el in enumerate(path):
        last = i == len(path) - 1
        text = f"... on {el.name}" if el.field is None else el.name + _args(el.field.args)
        if last and el.is_leaf:
            lines.append(indent + text)
        else:
            lines.append(indent + text + " {")
            indent += "  "
    if path and not path[-1].is_leaf:
        lines.append(indent + "...")
    closers = len(path) - (1 if path and path[-1].is_leaf else 0)
    for _ in range(closers):
        indent = indent[:-2]
        lines.append(indent + "}")
    lines.append("}")
    return "\n".join(lines)


def format_reasons(reasons: Sequence[Reason]) -> str:
    """Reasons grouped by subgraph, in first-seen order, without repeats."""
    grouped: dict[str, list[str]] = {}
    for graph, text in reasons:
        items = grouped.setdefault(graph, [])
        if text not in items:
            items.append(text)
    out: list[str] = []
    for graph, items in grouped.items():
        if len(items) == 1:
            out.append(f'- from subgraph "{graph}": {items[0]}')
        else:
            out.append(f'- from subgraph "{graph}":')
            out.extend(f"  - {r}" for r in items)
    return "\n".join(out)


def satisfiability_message(
    operation: str, path: Sequence[PathElement], reasons: Sequence[Reason]
) -> str:
    """Apollo's message layout: the example query, then the reasons per subgraph."""
    return (
        "The following supergraph API query:\n"
        f"{example_query(operation, path)}\n"
        "cannot be satisfied by the subgraphs because:\n"
        f"{format_reasons(reasons)}"
    )
