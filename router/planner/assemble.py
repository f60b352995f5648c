"""From fetch groups to plan nodes: dependent fetches in Sequence, independent in Parallel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from graphql import Visitor, parse, visit
from graphql.language import ast

from router.normalize import Condition
from router.plan import (
    ConditionNode,
    FetchNode,
    FlattenNode,
    InputFragment,
    InputSelection,
    ParallelNode,
    PlanNode,
    SequenceNode,
)
from router.planner.builder import Group

__all__ = ["assemble", "fetch_node", "parallel", "sequence"]


def sequence(nodes: Sequence[PlanNode]) -> PlanNode | None:
    flat: list[PlanNode] = []
    for n in nodes:
        flat.extend(n.nodes if isinstance(n, SequenceNode) else (n,))
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else SequenceNode(tuple(flat))


def parallel(nodes: Sequence[PlanNode]) -> PlanNode | None:
    flat: list[PlanNode] = []
    for n in nodes:
        flat.extend(n.nodes if isinstance(n, ParallelNode) else (n,))
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else ParallelNode(tuple(flat))


def fetch_node(
    g: Group, kind: str, var_types: dict[str, str], op_name: str | None, index: int
) -> PlanNode:
    if g.entity:
        body = "{_entities(representations:$representations)" + g.root.text() + "}"
    else:
        body = g.root.text()
    used = _used_variables(body) if g.variables else set()
    variables = tuple(sorted(v for v in g.variables if v in var_types and v in used))
    defs = [f"${v}:{var_types[v]}" for v in variables]
    if g.entity:
        defs.insert(0, "$representations:[_Any!]!")
    if g.context_variables:
        defs += [f"${v}:{t}" for v, t in sorted(g.context_variables.items())]
        variables = tuple(sorted((*variables, *g.context_variables)))
    name = f" {op_name}__{_ident(g.service)}__{index}" if op_name else ""
    # Entity fetches are queries even below a mutation's root fields.
    kind = "query" if g.entity else kind
    head = kind + name + ("(" + " ".join(defs) + ")" if defs else "")
    assert kind in ("query", "mutation")
    fetch = FetchNode(
        service_name=g.service,
        operation=head + body,
        variable_usages=variables,
        operation_kind=kind,  # type: ignore[arg-type]
        requires=_rewritten(g.requires.inputs(), g.rewrites) if g.requires is not None else None,
        operation_name=name.strip() or None,
        output_rewrites=g.output_rewrites,
        context_rewrites=tuple(g.context_rewrites),
    )
    return FlattenNode(g.path, fetch) if g.entity else fetch


def _rewritten(
    inputs: tuple[InputSelection, ...], rewrites: set[str]
) -> tuple[InputSelection, ...]:
    return tuple(
        replace(s, typename_rewrite=s.type_condition)
        if isinstance(s, InputFragment) and s.type_condition in rewrites
        else s
        for s in inputs
    )


def _used_variables(body: str) -> set[str]:
    """Variables referenced by a selection set (a parse, so string contents never count)."""
    out: set[str] = set()

    class _Collect(Visitor):
        def enter_variable(self, node: ast.VariableNode, *_: object) -> None:
            out.add(node.name.value)

    visit(parse(body, no_location=True), _Collect())
    return out


def _ident(name: str) -> str:
    return "".join(c if c.isalnum() or c == "_" else "_" for c in name)


def assemble(
    groups: list[Group],
    roots: list[Group],
    kind: str,
    var_types: dict[str, str],
    op_name: str | None,
    conditions: dict[int, tuple[Condition, ...]] | None = None,
) -> PlanNode | None:
    """Plan node for ``roots`` (run in parallel) and every group that depends on them.

    ``conditions``: per group, the conditions its fetch (and the fetches depending only on it)
    run under.
    """
    lifted = conditions or {}
    if kind == "query":
        # Root fetches the builder added (a query field re-entered at the root elsewhere).
        roots = [*roots, *(g for g in groups if not g.entity and not g.parents and g not in roots)]
    children: dict[int, list[Group]] = {g.id: [] for g in groups}
    for g in groups:
        for p in sorted(g.parents):
            children[p].append(g)
    order: dict[int, int] = {}

    def fetch(g: Group) -> PlanNode:
        order.setdefault(g.id, len(order))
        return fetch_node(g, kind, var_types, op_name, order[g.id])

    scope: set[int] = set()
    stack = list(roots)
    while stack:
        g = stack.pop()
        if g.id not in scope:
            scope.add(g.id)
            stack.extend(children[g.id])

    done: set[int] = set()

    def subtree(g: Group) -> PlanNode:
        done.add(g.id)
        own = [c for c in children[g.id] if c.parents == {g.id} and c.id not in done]
        head = fetch(g)
        node: PlanNode | None = head
        if own:
            inner = parallel([subtree(c) for c in own])
            assert inner is not None
            node = sequence([head, inner])
        assert node is not None
        for c in reversed(lifted.get(g.id, ())):
            node = (
                ConditionNode(c.variable, node, None)
                if c.include
                else ConditionNode(c.variable, None, node)
            )
        return node

    stages: list[PlanNode] = []
    ready = roots
    while ready:
        node = parallel([subtree(g) for g in ready])
        if node is not None:
            stages.append(node)
        ready = [
            g
            for g in groups
            if g.id in scope and g.id not in done and g.parents and g.parents <= done
        ]
    return sequence(stages)
