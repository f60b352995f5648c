"""Query plan nodes (named like Apollo's) and their text form, ``explain(plan)``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from graphql import parse, print_ast
from graphql.language import ast

__all__ = [
    "BatchFetchNode",
    "ConditionNode",
    "EntityBatch",
    "FetchNode",
    "FlattenNode",
    "InputField",
    "InputFragment",
    "InputSelection",
    "KeyRenamer",
    "ParallelNode",
    "PlanNode",
    "QueryPlan",
    "SequenceNode",
    "count_fetches",
    "explain",
    "input_selection_text",
    "plan_to_json",
]


@dataclass(frozen=True, slots=True)
class InputField:
    """A field of an entity representation (``requires``) and its sub-selection.

    ``alias``: the response key the value was fetched under, when it differs from ``name``
    (the client used ``name`` as an alias for another field at the same path). The
    representation sends the value as ``name``.
    """

    name: str
    selections: tuple[InputSelection, ...] | None = None
    alias: str | None = None


@dataclass(frozen=True, slots=True)
class InputFragment:
    """``... on T { ... }`` in a representation: applies to objects whose type is ``T``.

    ``typename_rewrite``: send this ``__typename`` instead of the object's own (a subgraph that
    models the interface ``T`` as an ``@interfaceObject`` only knows ``T``).
    """

    type_condition: str
    selections: tuple[InputSelection, ...]
    typename_rewrite: str | None = None


InputSelection = InputField | InputFragment


@dataclass(frozen=True, slots=True)
class KeyRenamer:
    """Move the value at ``path`` in a fetch's result to the key ``rename_key_to`` of the same
    object (Apollo's ``KeyRenamer`` output rewrite).

    ``path`` starts at the fetch's result (each entity, for ``_entities`` fetches): response
    keys, lists entered at every step, and ``... on T`` steps that keep only objects of type
    ``T``; its last step is the key to rename.
    """

    path: tuple[str, ...]
    rename_key_to: str


@dataclass(frozen=True, slots=True)
class FetchNode:
    """One request to a subgraph. ``requires`` is set for ``_entities`` fetches.

    ``output_rewrites``: renames applied to the result before it merges (selections the
    planner aliased because they could not merge in the subgraph operation).
    ``context_rewrites``: for ``@fromContext`` arguments, where each entity's context value is
    (``..`` steps up from the entity, then ``... on T`` and response keys) and the variable
    (``rename_key_to``) it is sent as; entities with different values go in different
    requests.
    """

    service_name: str
    operation: str
    variable_usages: tuple[str, ...]
    operation_kind: Literal["query", "mutation"]
    requires: tuple[InputSelection, ...] | None = None
    operation_name: str | None = None
    output_rewrites: tuple[KeyRenamer, ...] = ()
    context_rewrites: tuple[KeyRenamer, ...] = ()


@dataclass(frozen=True, slots=True)
class FlattenNode:
    """Run ``node`` for every object at ``path`` (``@`` steps into list elements)."""

    path: tuple[str, ...]
    node: PlanNode


@dataclass(frozen=True, slots=True)
class SequenceNode:
    nodes: tuple[PlanNode, ...]


@dataclass(frozen=True, slots=True)
class ParallelNode:
    nodes: tuple[PlanNode, ...]


@dataclass(frozen=True, slots=True)
class ConditionNode:
    """Run ``if_clause`` when the Boolean variable ``condition`` is true, else ``else_clause``."""

    condition: str
    if_clause: PlanNode | None
    else_clause: PlanNode | None


@dataclass(frozen=True, slots=True)
class EntityBatch:
    """One ``_entities`` field of a ``BatchFetchNode``.

    The representations of the objects at every path in ``paths`` are concatenated and
    de-duplicated into the variable ``variable``; the results, read from ``response_key``,
    are split back per object. ``fetch`` is the entity fetch whose selection (and
    ``requires``) every path shares.
    """

    paths: tuple[tuple[str, ...], ...]
    fetch: FetchNode
    response_key: str = "_entities"
    variable: str = "representations"


@dataclass(frozen=True, slots=True)
class BatchFetchNode:
    """Entity fetches to one subgraph merged into one request (one ``_entities`` field per
    batch, aliased when there are several)."""

    service_name: str
    operation: str
    variable_usages: tuple[str, ...]
    batches: tuple[EntityBatch, ...]
    operation_name: str | None = None


PlanNode = FetchNode | FlattenNode | SequenceNode | ParallelNode | ConditionNode | BatchFetchNode


@dataclass(frozen=True, slots=True)
class QueryPlan:
    node: PlanNode | None


def input_selection_text(sels: tuple[InputSelection, ...]) -> str:
    """Compact GraphQL text of a representation selection: ``{... on T{__typename id}}``."""
    parts: list[str] = []
    for s in sels:
        if isinstance(s, InputFragment):
            parts.append(f"... on {s.type_condition}{input_selection_text(s.selections)}")
        else:
            sub = input_selection_text(s.selections) if s.selections is not None else ""
            head = f"{s.alias}: {s.name}" if s.alias else s.name
            parts.append(head + sub)
    return "{" + " ".join(parts) + "}"


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.split("\n"))


def _print_selection_set(text: str, prefix: str) -> str:
    doc = parse(text)
    op = doc.definitions[0]
    assert isinstance(op, ast.OperationDefinitionNode)
    sel = op.selection_set
    first = sel.selections[0] if sel.selections else None
    if (
        op.operation == ast.OperationType.QUERY
        and isinstance(first, ast.FieldNode)
        and first.name.value == "_entities"
        and first.selection_set is not None
    ):
        sel = first.selection_set
    return _indent(print_ast(sel), prefix)


def _fetch_body(node: FetchNode, inner: str) -> str:
    out = ""
    if node.requires is not None:
        req = print_ast(parse(input_selection_text(node.requires)).definitions[0])
        out += _indent(req, inner) + " =>\n"
    out += _print_selection_set(node.operation, inner) + "\n"
    for r in node.output_rewrites:
        out += f'{inner}rename(path: "{"/".join(r.path)}", to: "{r.rename_key_to}")\n'
    for r in node.context_rewrites:
        out += f'{inner}context(path: "{"/".join(r.path)}", to: "{r.rename_key_to}")\n'
    return out


def _batch_text(node: BatchFetchNode, indent: str) -> str:
    inner = indent + "  "
    out = f'BatchFetch(service: "{node.service_name}") {{\n'
    for b in node.batches:
        head = "_entities" if b.response_key == "_entities" else f"{b.response_key}: _entities"
        paths = ", ".join(f'"{".".join(p)}"' for p in b.paths)
        out += f"{inner}{head}(paths: {paths}) {{\n"
        out += _fetch_body(b.fetch, inner + "  ") + inner + "},\n"
    return out + indent + "}"


def _node_text(node: PlanNode, indent: str) -> str:
    inner = indent + "  "
    match node:
        case FetchNode():
            out = f'Fetch(service: "{node.service_name}") {{\n'
            return out + _fetch_body(node, inner) + indent + "}"
        case BatchFetchNode():
            return _batch_text(node, indent)
        case FlattenNode():
            path = ".".join(node.path)
            return f'Flatten(path: "{path}") {{\n{inner}{_node_text(node.node, inner)},\n{indent}}}'
        case SequenceNode() | ParallelNode():
            kind = "Sequence" if isinstance(node, SequenceNode) else "Parallel"
            body = "".join(f"{inner}{_node_text(n, inner)},\n" for n in node.nodes)
            return f"{kind} {{\n{body}{indent}}}"
        case ConditionNode():
            deeper = inner + "  "
            if node.if_clause is not None and node.else_clause is not None:
                return (
                    f"Condition(if: ${node.condition}) {{\n{inner}Then {{\n"
                    f"{deeper}{_node_text(node.if_clause, deeper)}\n{inner}}} Else {{\n"
                    f"{deeper}{_node_text(node.else_clause, deeper)}\n{inner}}}\n{indent}}}"
                )
            if node.if_clause is not None:
                return (
                    f"Include(if: ${node.condition}) {{\n"
                    f"{inner}{_node_text(node.if_clause, inner)}\n{indent}}}"
                )
            assert node.else_clause is not None
            return (
                f"Skip(if: ${node.condition}) {{\n"
                f"{inner}{_node_text(node.else_clause, inner)}\n{indent}}}"
            )
    raise AssertionError(node)


def explain(plan: QueryPlan) -> str:
    """The plan in Apollo's query plan text format (``prettyFormatQueryPlan``)."""
    if plan.node is None:
        return "QueryPlan {\n}"
    return "QueryPlan {\n  " + _node_text(plan.node, "  ") + ",\n}"


def count_fetches(node: PlanNode | None) -> int:
    """The subgraph requests a plan makes at most (a ``BatchFetchNode`` is one request)."""
    match node:
        case None:
            return 0
        case FetchNode() | BatchFetchNode():
            return 1
        case FlattenNode():
            return count_fetches(node.node)
        case SequenceNode() | ParallelNode():
            return sum(count_fetches(n) for n in node.nodes)
        case ConditionNode():
            return count_fetches(node.if_clause) + count_fetches(node.else_clause)
    raise AssertionError(node)


def _input_json(s: InputSelection) -> dict[str, Any]:
    if isinstance(s, InputFragment):
        return {
            "kind": "InlineFragment",
            "typeCondition": s.type_condition,
            "selections": [_input_json(x) for x in s.selections],
        }
    out: dict[str, Any] = {"kind": "Field", "name": s.name}
    if s.alias:
        out["alias"] = s.alias
    if s.selections is not None:
        out["selections"] = [_input_json(x) for x in s.selections]
    return out


def _rewrites_json(rewrites: tuple[KeyRenamer, ...]) -> list[dict[str, Any]]:
    return [
        {"kind": "KeyRenamer", "path": list(r.path), "renameKeyTo": r.rename_key_to}
        for r in rewrites
    ]


def _node_json(node: PlanNode) -> dict[str, Any]:
    match node:
        case FetchNode():
            out: dict[str, Any] = {
                "kind": "Fetch",
                "serviceName": node.service_name,
                "variableUsages": list(node.variable_usages),
                "operation": node.operation,
                "operationKind": node.operation_kind,
            }
            if node.requires is not None:
                out["requires"] = [_input_json(s) for s in node.requires]
            if node.operation_name:
                out["operationName"] = node.operation_name
            if node.output_rewrites:
                out["outputRewrites"] = _rewrites_json(node.output_rewrites)
            if node.context_rewrites:
                out["contextRewrites"] = _rewrites_json(node.context_rewrites)
            return out
        case FlattenNode():
            return {"kind": "Flatten", "path": list(node.path), "node": _node_json(node.node)}
        case BatchFetchNode():
            # Not an Apollo node kind: Apollo plans have no merged fetches.
            out = {
                "kind": "BatchFetch",
                "serviceName": node.service_name,
                "variableUsages": list(node.variable_usages),
                "operation": node.operation,
                "operationKind": "query",
                "entities": [
                    {
                        "responseKey": b.response_key,
                        "variable": b.variable,
                        "paths": [list(p) for p in b.paths],
                        "requires": [_input_json(s) for s in b.fetch.requires or ()],
                    }
                    | (
                        {"outputRewrites": _rewrites_json(b.fetch.output_rewrites)}
                        if b.fetch.output_rewrites
                        else {}
                    )
                    for b in node.batches
                ],
            }
            if node.operation_name:
                out["operationName"] = node.operation_name
            return out
        case SequenceNode() | ParallelNode():
            kind = "Sequence" if isinstance(node, SequenceNode) else "Parallel"
            return {"kind": kind, "nodes": [_node_json(n) for n in node.nodes]}
        case ConditionNode():
            return {
                "kind": "Condition",
                "condition": node.condition,
                "ifClause": _node_json(node.if_clause) if node.if_clause else None,
                "elseClause": _node_json(node.else_clause) if node.else_clause else None,
            }
    raise AssertionError(node)


def plan_to_json(plan: QueryPlan) -> dict[str, Any]:
    """The plan in Apollo's JSON shape (``{"kind": "QueryPlan", "node": ...}``)."""
    return {"kind": "QueryPlan", "node": _node_json(plan.node) if plan.node else None}
