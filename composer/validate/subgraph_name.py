"""The subgraph name ``_`` is reserved (the query graph uses it for the federated root)."""

from __future__ import annotations

from composer.errors import CompositionError, ErrorCode
from composer.subgraph.model import Subgraph

RESERVED_NAME = "_"


def check_subgraph_name(sg: Subgraph) -> list[CompositionError]:
    if sg.name != RESERVED_NAME:
        return []
    return [
        CompositionError(
            ErrorCode.INVALID_SUBGRAPH_NAME,
            f"Invalid name {RESERVED_NAME} for a subgraph: this name is reserved",
            sg.name,
        )
    ]
