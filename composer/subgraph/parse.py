"""Parse stage: subgraph SDL text -> GraphQL documents, syntax errors as INVALID_GRAPHQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graphql import DocumentNode, GraphQLSyntaxError

from composer.errors import CompositionError, ErrorCode, Location
from composer.sources import SubgraphSource
from composer.supergraph.sdl_parser import parse_sdl


@dataclass(frozen=True, slots=True)
class ParsedSubgraph:
    name: str
    url: str
    origin: str
    document: DocumentNode


@dataclass(frozen=True, slots=True)
class Parsed:
    subgraphs: tuple[ParsedSubgraph, ...]
    errors: tuple[CompositionError, ...]


def parse_subgraphs(sources: Sequence[SubgraphSource]) -> Parsed:
    """Parse every subgraph, sorted by name; collect one error per unparsable subgraph."""
    out: list[ParsedSubgraph] = []
    errors: list[CompositionError] = []
    for src in sorted(sources, key=lambda s: s.name):
        try:
            doc = parse_sdl(src.sdl)
        except GraphQLSyntaxError as exc:
            locs = tuple(Location(src.origin, loc.line, loc.column) for loc in exc.locations or ())
            errors.append(CompositionError(ErrorCode.INVALID_GRAPHQL, exc.message, src.name, locs))
            continue
        out.append(ParsedSubgraph(src.name, src.url, src.origin, doc))
    return Parsed(tuple(out), tuple(errors))
