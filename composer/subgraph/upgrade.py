"""Upgrade stage: Federation 1 subgraphs get Federation 2 semantics before merging."""

from __future__ import annotations

from collections.abc import Sequence

from composer.subgraph.model import Subgraph


def upgrade_fed1(sg: Subgraph, all_subgraphs: Sequence[Subgraph]) -> Subgraph:
    return sg
