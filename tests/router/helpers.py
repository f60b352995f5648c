"""Test helpers: compose small supergraphs with the reference composer (cached on disk)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, assert_never

from router.plan import (
    BatchFetchNode,
    ConditionNode,
    FetchNode,
    FlattenNode,
    ParallelNode,
    PlanNode,
    SequenceNode,
)
from tests.reference.apollo import apollo_compose, reference_available

CACHE = Path(__file__).resolve().parent / "golden" / "supergraphs"


def compose_cached(subgraphs: list[tuple[str, str]]) -> str:
    """Supergraph SDL for (name, sdl) pairs; URLs are ``http://NAME/graphql``."""
    key = hashlib.sha256(json.dumps(subgraphs).encode()).hexdigest()[:16]
    path = CACHE / f"_unit-{key}.graphql"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    if not reference_available():
        raise RuntimeError("reference composer not installed; run npm ci in tests/reference")
    result: dict[str, Any] = apollo_compose([(n, f"http://{n}/graphql", s) for n, s in subgraphs])
    if not result["ok"]:
        raise RuntimeError(f"does not compose: {result['errors']}")
    sdl = str(result["supergraphSdl"])
    path.write_text(sdl, encoding="utf-8")
    return sdl


def error_codes(body: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e["extensions"]["code"], e["message"]) for e in body.get("errors", [])]


def plan_fetches(node: PlanNode | None) -> list[FetchNode]:
    """Every fetch of a plan in plan order, both clauses of conditions included; a
    ``BatchFetchNode`` contributes the fetch of each of its batches (its selection, requires
    and renames; the request itself merges them)."""
    match node:
        case None:
            return []
        case FetchNode():
            return [node]
        case FlattenNode():
            return plan_fetches(node.node)
        case BatchFetchNode():
            return [b.fetch for b in node.batches]
        case SequenceNode() | ParallelNode():
            return [f for n in node.nodes for f in plan_fetches(n)]
        case ConditionNode():
            return plan_fetches(node.if_clause) + plan_fetches(node.else_clause)
        case _:
            assert_never(node)
