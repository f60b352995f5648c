"""Helpers shared by the validation rules: errors with locations, federation directive names."""

from __future__ import annotations

from graphql.language import ast

from composer.errors import CompositionError, ErrorCode, Location
from composer.subgraph.model import Subgraph


def locations(sg: Subgraph, *nodes: ast.Node | None) -> tuple[Location, ...]:
    out: list[Location] = []
    for n in nodes:
        if n is not None and n.loc is not None:
            src = n.loc.source
            tok = n.loc.start_token
            out.append(Location(sg.origin if src is None else sg.origin, tok.line, tok.column))
    return tuple(out)


def error(sg: Subgraph, code: ErrorCode, message: str, *nodes: ast.Node | None) -> CompositionError:
    """An error in subgraph ``sg``; the message gets Apollo's ``[name] `` prefix when printed."""
    return CompositionError(code, message, sg.name, locations(sg, *nodes))


def local_name(sg: Subgraph, canonical: str) -> str:
    """The name the subgraph uses for a federation directive (first import or namespace)."""
    if sg.is_fed1:
        return canonical
    names = [local for local, canon in sg.fed_names.items() if canon == canonical]
    plain = [n for n in names if "__" not in n]
    return (plain or names or [canonical])[0]


def merged_error(
    sg: Subgraph, code: ErrorCode, message: str, *nodes: ast.Node | None
) -> CompositionError:
    """An error found when comparing subgraphs: located in ``sg`` but, as in Apollo, not
    attributed to one subgraph (no ``[name]`` prefix)."""
    return CompositionError(code, message, None, locations(sg, *nodes))
