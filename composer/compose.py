"""Composition entry point: the chain of stages from subgraph SDL to supergraph SDL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from composer.errors import CompositionError, Hint
from composer.sources import SubgraphSource
from composer.subgraph.parse import parse_subgraphs


@dataclass(frozen=True, slots=True)
class CompositionResult:
    """The supergraph SDL on success; errors (non-empty on failure) and hints either way."""

    supergraph_sdl: str | None
    errors: tuple[CompositionError, ...] = ()
    hints: tuple[Hint, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors and self.supergraph_sdl is not None


def compose(sources: Sequence[SubgraphSource]) -> CompositionResult:
    """Compose subgraphs into a supergraph.

    Args:
        sources: the subgraphs (name, routing URL, SDL); order does not change the output.

    Returns:
        The result; ``ok`` is false when any stage reported an error.
    """
    parsed = parse_subgraphs(sources)
    if parsed.errors:
        return CompositionResult(None, parsed.errors)
    return CompositionResult(None, ())
