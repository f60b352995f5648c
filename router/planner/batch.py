"""Fetch batching: a plan's fetches scheduled in waves, same-subgraph entity fetches merged.

A pure pass over a finished plan. Every fetch starts as early as the plan's own structure
allows (``Sequence`` children one after another, ``Parallel`` children together), which gives
a sequence of waves; a fetch's wave comes after every wave holding a fetch it depends on. In
each wave, the entity fetches (``Flatten`` over ``_entities``) that go to the same subgraph
become one ``BatchFetchNode``: fetches selecting the same thing share one ``_entities`` field
(their representations concatenated and de-duplicated by the executor); different selections
become aliased ``_entities`` fields of one operation.

Root fetches are never merged (mutations must keep their order; query roots are already one
fetch per subgraph). A ``ConditionNode`` is an opaque unit taking one wave of its parent; its
clauses are batched on their own, so a skipped branch never changes what the others send.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import parse, print_ast
from graphql.language import ast

from router.plan import (
    BatchFetchNode,
    ConditionNode,
    EntityBatch,
    FetchNode,
    FlattenNode,
    ParallelNode,
    PlanNode,
    SequenceNode,
)
from router.planner.assemble import parallel, sequence

__all__ = ["batch_fetches"]

_ENTITIES = "{_entities(representations:$representations)"


def batch_fetches(node: PlanNode | None) -> PlanNode | None:
    """The plan with its fetches in waves and each wave's same-subgraph entity fetches merged.

    A plan with nothing to merge is returned unchanged.
    """
    if node is None:
        return None
    units: list[tuple[int, PlanNode]] = []
    _schedule(node, 0, units)
    waves: dict[int, list[PlanNode]] = {}
    for wave, unit in units:
        waves.setdefault(wave, []).append(unit)
    merged = [_merge_wave(waves[w]) for w in sorted(waves)]
    if all(len(m) == len(waves[w]) for m, w in zip(merged, sorted(waves), strict=True)):
        return _conditions_batched(node)
    return sequence([n for m in merged if (n := parallel(m)) is not None])


def _conditions_batched(node: PlanNode) -> PlanNode:
    """``node`` unchanged, except inside conditions (their clauses batch on their own)."""
    match node:
        case ConditionNode():
            return ConditionNode(
                node.condition, batch_fetches(node.if_clause), batch_fetches(node.else_clause)
            )
        case SequenceNode():
            return SequenceNode(tuple(_conditions_batched(n) for n in node.nodes))
        case ParallelNode():
            return ParallelNode(tuple(_conditions_batched(n) for n in node.nodes))
    return node


def _schedule(node: PlanNode, start: int, out: list[tuple[int, PlanNode]]) -> int:
    """Place the units of ``node`` from wave ``start``; returns the wave after its last one."""
    match node:
        case SequenceNode():
            at = start
            for n in node.nodes:
                at = _schedule(n, at, out)
            return at
        case ParallelNode():
            return max((_schedule(n, start, out) for n in node.nodes), default=start)
        case ConditionNode():
            inner = ConditionNode(
                node.condition, batch_fetches(node.if_clause), batch_fetches(node.else_clause)
            )
            out.append((start, inner))
            return start + 1
    out.append((start, node))
    return start + 1


@dataclass(frozen=True, slots=True)
class _Entity:
    """An entity fetch split into the parts that decide whether two can share a field."""

    node: FlattenNode
    fetch: FetchNode
    definitions: tuple[str, ...]  # the variable definitions besides $representations
    selection: str  # the _entities field's selection set


def _entity(node: PlanNode) -> _Entity | None:
    if not isinstance(node, FlattenNode) or not isinstance(node.node, FetchNode):
        return None
    fetch = node.node
    if fetch.requires is None or fetch.operation_kind != "query" or fetch.context_rewrites:
        # A fetch with @fromContext values is sent once per distinct set of values.
        return None
    _, sep, body = fetch.operation.partition(_ENTITIES)
    if not sep or not body.endswith("}"):
        return None  # not the shape the assembler prints: leave the fetch alone
    op = parse(fetch.operation, no_location=True).definitions[0]
    assert isinstance(op, ast.OperationDefinitionNode)
    defs = [d for d in op.variable_definitions or () if d.variable.name.value != "representations"]
    if len(defs) + 1 != len(op.variable_definitions or ()):
        return None
    return _Entity(node, fetch, tuple(print_ast(d) for d in defs), body[:-1])


def _merge_wave(units: list[PlanNode]) -> list[PlanNode]:
    """One wave's units with each subgraph's entity fetches merged (first position kept)."""
    entities = [_entity(u) for u in units]
    by_service: dict[str, list[_Entity]] = {}
    for e in entities:
        if e is not None:
            by_service.setdefault(e.fetch.service_name, []).append(e)
    out: list[PlanNode] = []
    for u, e in zip(units, entities, strict=True):
        if e is None:
            out.append(u)
            continue
        group = by_service[e.fetch.service_name]
        if len(group) == 1:
            out.append(u)
        elif group[0] is e:
            out.append(_batch_node(group))
    return out


def _batch_node(entities: list[_Entity]) -> BatchFetchNode:
    shared: dict[tuple[object, ...], list[_Entity]] = {}
    for e in entities:
        key = (e.fetch.requires, e.definitions, e.selection)
        shared.setdefault(key, []).append(e)
    first = entities[0].fetch
    usages = tuple(sorted({v for e in entities for v in e.fetch.variable_usages}))
    if len(shared) == 1:
        # One selection: the first fetch's operation, representations concatenated.
        batch = EntityBatch(tuple(e.node.path for e in entities), first)
        return BatchFetchNode(
            first.service_name, first.operation, usages, (batch,), first.operation_name
        )
    # Several selections: one aliased _entities field each, with its own representations
    # variable. The client's variables have one value per request, so parts share them.
    taken = set(usages)
    batches: list[EntityBatch] = []
    defs: list[str] = []
    fields: list[str] = []
    for i, group in enumerate(shared.values()):
        var = f"representations{i}"
        while var in taken:
            var = "_" + var
        taken.add(var)
        head = group[0]
        batches.append(EntityBatch(tuple(e.node.path for e in group), head.fetch, f"_e{i}", var))
        defs.append(f"${var}:[_Any!]!")
        fields.append(f"_e{i}:_entities(representations:${var}){head.selection}")
    client_defs = sorted({d for e in entities for d in e.definitions})
    name = f" {first.operation_name}" if first.operation_name else ""
    operation = f"query{name}({' '.join(defs + client_defs)}){{{' '.join(fields)}}}"
    return BatchFetchNode(
        first.service_name, operation, usages, tuple(batches), first.operation_name
    )
