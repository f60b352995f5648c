"""Composition entry point: the chain of stages from subgraph SDL to supergraph SDL."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from composer.directives import apply_directives
from composer.emit import emit_supergraph
from composer.errors import CompositionError, ErrorCode, Hint
from composer.merge.merger import merge_subgraphs
from composer.satisfiability import check_satisfiability
from composer.sources import SubgraphSource
from composer.subgraph.build import build_subgraph
from composer.subgraph.graphql_rules import graphql_errors
from composer.subgraph.link import resolve_links
from composer.subgraph.model import Subgraph
from composer.subgraph.parse import parse_subgraphs
from composer.subgraph.upgrade import upgrade_fed1
from composer.validate import validate_subgraph
from composer.validate.supergraph import validate_merged


@dataclass(frozen=True, slots=True)
class CompositionResult:
    """The supergraph SDL on success; errors (non-empty on failure) and hints either way."""

    supergraph_sdl: str | None
    errors: tuple[CompositionError, ...] = ()
    hints: tuple[Hint, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors and self.supergraph_sdl is not None


def _fail(errors: Sequence[CompositionError], hints: Sequence[Hint] = ()) -> CompositionResult:
    return CompositionResult(None, tuple(errors), tuple(hints))


def build_subgraphs(
    sources: Sequence[SubgraphSource],
) -> tuple[list[Subgraph], list[CompositionError]]:
    """Parse, link, GraphQL-validate and build every subgraph (sorted by name)."""
    parsed = parse_subgraphs(sources)
    errors = list(parsed.errors)
    built: list[Subgraph] = []
    for p in parsed.subgraphs:
        links = resolve_links(p.name, p.document)
        if links.errors:
            errors.extend(links.errors)
            continue
        gql = graphql_errors(p.name, p.origin, p.document, links)
        if gql:
            errors.extend(gql)
            continue
        built.append(build_subgraph(p.name, p.url, p.origin, p.document, links))
    return built, errors


def compose(sources: Sequence[SubgraphSource]) -> CompositionResult:
    """Compose subgraphs into a supergraph.

    Args:
        sources: the subgraphs (name, routing URL, SDL); order does not change the output.

    Returns:
        The result; ``ok`` is false when any stage reported an error.
    """
    with _no_gc_passes():
        return _compose(sources)


@contextmanager
def _no_gc_passes() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration of one composition.

    Composition allocates millions of long-lived objects (ASTs, models, the query graph) and
    little cyclic garbage. With the collector running, its passes walked the live objects
    again and again: about half the CPU time of a large composition at the default
    thresholds, still a sixth with young-only passes. Paused, the garbage (per-subgraph
    validation schemas, mostly) waits for the first pass after the composition; peak memory
    grows by that garbage only, and stays flat over repeated compositions. A process that
    already runs without the collector keeps it that way.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _compose(sources: Sequence[SubgraphSource]) -> CompositionResult:
    subgraphs, errors = build_subgraphs(sources)
    if errors:
        return _fail(errors)
    subgraphs = [upgrade_fed1(s, subgraphs) if s.is_fed1 else s for s in subgraphs]
    deferred: list[CompositionError] = []
    for s in subgraphs:
        for e in validate_subgraph(s):
            (deferred if e.code in MERGE_STAGE_CODES else errors).append(e)
    if errors:
        return _fail(errors)
    sup, merge_errors, hints = merge_subgraphs(subgraphs)
    errors = deferred + [e for e in merge_errors if e.code not in POST_MERGE_CODES]
    post_merge = [e for e in merge_errors if e.code in POST_MERGE_CODES]
    merged_errors = validate_merged(sup, subgraphs)
    directive_errors, directive_hints = apply_directives(sup, subgraphs)
    hints += directive_hints
    errors += [e for e in merged_errors + directive_errors if e.code not in POST_MERGE_CODES]
    if not errors:
        errors = post_merge + [
            e for e in merged_errors + directive_errors if e.code in POST_MERGE_CODES
        ]
    if errors:
        return _fail(_unique(errors), hints)
    sdl = emit_supergraph(sup)
    errors = check_satisfiability(sdl)
    if errors:
        return _fail(errors, hints)
    return CompositionResult(sdl, (), tuple(hints))


def _unique(errors: Sequence[CompositionError]) -> list[CompositionError]:
    return list(dict.fromkeys(errors))


# Errors Apollo reports while merging: they are reported together, whichever stage of ours
# finds them, and do not stop the merge.
MERGE_STAGE_CODES = frozenset(
    {
        ErrorCode.EXTERNAL_TYPE_MISMATCH,
        ErrorCode.EXTERNAL_ARGUMENT_MISSING,
        ErrorCode.EXTERNAL_ARGUMENT_TYPE_MISMATCH,
        ErrorCode.EXTERNAL_ARGUMENT_DEFAULT_MISMATCH,
        ErrorCode.EXTERNAL_MISSING_ON_BASE,
        ErrorCode.MERGED_DIRECTIVE_APPLICATION_ON_EXTERNAL,
        ErrorCode.OVERRIDE_COLLISION_WITH_ANOTHER_DIRECTIVE,
        ErrorCode.OVERRIDE_SOURCE_HAS_OVERRIDE,
        ErrorCode.OVERRIDE_FROM_SELF_ERROR,
        ErrorCode.OVERRIDE_ON_INTERFACE,
        ErrorCode.OVERRIDE_LABEL_INVALID,
        ErrorCode.EXTENSION_WITH_NO_BASE,
        ErrorCode.LINK_IMPORT_NAME_MISMATCH,
    }
)

# Errors Apollo finds only after a merge without errors. In the merged stage, our
# REQUIRES_INVALID_FIELDS and INVALID_GRAPHQL come only from such post-merge checks (the
# @requires selections on the merged fields, the merged schema's validity).
POST_MERGE_CODES = frozenset(
    {
        ErrorCode.SHAREABLE_HAS_MISMATCHED_RUNTIME_TYPES,
        ErrorCode.INTERFACE_FIELD_NO_IMPLEM,
        ErrorCode.REQUIRES_INVALID_FIELDS,
        ErrorCode.INVALID_GRAPHQL,
        ErrorCode.NO_QUERIES,
        ErrorCode.REFERENCED_INACCESSIBLE,
        ErrorCode.REQUIRED_INACCESSIBLE,
        ErrorCode.ONLY_INACCESSIBLE_CHILDREN,
        ErrorCode.DEFAULT_VALUE_USES_INACCESSIBLE,
        ErrorCode.IMPLEMENTED_BY_INACCESSIBLE,
        ErrorCode.QUERY_ROOT_TYPE_INACCESSIBLE,
    }
)
