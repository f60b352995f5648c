"""Rules checked on the merged supergraph (need every subgraph at once)."""

from __future__ import annotations

from collections.abc import Sequence

from composer.errors import CompositionError
from composer.merge.model import Supergraph
from composer.subgraph.model import Subgraph


def validate_merged(sup: Supergraph, subgraphs: Sequence[Subgraph]) -> list[CompositionError]:
    errors: list[CompositionError] = []
    return errors
