"""Advancing subgraph paths: direct edges, key jumps, and the conditions they depend on.

A key jump needs the key fields, a ``@requires`` field needs its required fields; both are
collected from the vertex before the edge, possibly by jumping to further subgraphs. Results are
memoised and every step counts against a budget, so the search is bounded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql.language import ast

from composer.satisfiability.graph import (
    KeyEdge,
    Labels,
    Provided,
    QueryGraph,
    Vertex,
    provided_tree,
)

# (subgraph the reason is about, reason text)
Reason = tuple[str, str]


class BudgetExceeded(Exception):
    """The search took more steps than its budget allows."""


@dataclass(slots=True)
class Step:
    """Where one subgraph path can go for one transition.

    ``no_results`` marks a type condition the subgraph can never match: the query branch then
    returns nothing from there, which is not an error.
    """

    options: list[Vertex] = field(default_factory=list)
    no_results: bool = False
    reasons: list[Reason] = field(default_factory=list)


_Memo = dict[tuple[Vertex, int, Labels, frozenset[str], bool], bool]


class Advancer:
    """Advances subgraph paths on one query graph; memoises condition checks."""

    def __init__(self, graph: QueryGraph, budget: int) -> None:
        self.graph = graph
        self.budget = budget
        self.steps = 0
        self._memo: _Memo = {}
        self._canon: dict[int, Provided] = {}
        self._in_progress: set[tuple[Vertex, int, Labels, frozenset[str], bool]] = set()
        self._jumps: dict[
            tuple[Vertex, Labels, frozenset[str]], tuple[tuple[Vertex, ...], tuple[Reason, ...]]
        ] = {}

    def _tick(self) -> None:
        self.steps += 1
        if self.steps > self.budget:
            raise BudgetExceeded(self.budget)

    # -- conditions ----------------------------------------------------------------------

    def can_collect(
        self,
        selection: ast.SelectionSetNode,
        v: Vertex,
        labels: Labels,
        excluded: frozenset[str],
        after_key: bool = False,
    ) -> bool:
        """Whether every field of ``selection`` can be fetched starting at ``v``."""
        key = (v, id(selection), labels, excluded, after_key)
        known = self._memo.get(key)
        if known is not None:
            return known
        if key in self._in_progress:
            return False
        self._in_progress.add(key)
        try:
            ok = all(
                self._collect_one(sel, v, labels, excluded, after_key)
                for sel in selection.selections
            )
        finally:
            self._in_progress.discard(key)
        self._memo[key] = ok
        return ok

    def _collect_one(
        self,
        sel: ast.SelectionNode,
        v: Vertex,
        labels: Labels,
        excluded: frozenset[str],
        after_key: bool,
    ) -> bool:
        if isinstance(sel, ast.FieldNode):
            sub = sel.selection_set
            step = self.field(v, sel.name.value, labels, excluded, after_key, leaf=sub is None)
            if sub is None:
                return bool(step.options)
            return any(self.can_collect(sub, o, labels, excluded) for o in step.options)
        if isinstance(sel, ast.InlineFragmentNode):
            if sel.type_condition is None:
                return self.can_collect(sel.selection_set, v, labels, excluded, after_key)
            step = self.downcast(v, sel.type_condition.name.value, labels, excluded)
            if step.no_results:
                return True
            return any(
                self.can_collect(sel.selection_set, o, labels, excluded) for o in step.options
            )
        return False

    # -- key jumps -----------------------------------------------------------------------

    def jumps(self, v: Vertex, labels: Labels, excluded: frozenset[str]) -> tuple[Vertex, ...]:
        """Vertices reachable from ``v`` through key jumps, each subgraph at most once."""
        return self._search(v, labels, excluded)[0]

    def _search(
        self, v: Vertex, labels: Labels, excluded: frozenset[str]
    ) -> tuple[tuple[Vertex, ...], tuple[Reason, ...]]:
        """Breadth-first key jumps from ``v``, with a reason for each key that cannot be used."""
        memo_key = (v, labels, excluded)
        known = self._jumps.get(memo_key)
        if known is not None:
            return known
        reached = {v.graph} | excluded
        # Each entry: a vertex and the key that brought the search there. Like Apollo, a jump
        # is not followed by another on the same key fields: that one would have been taken
        # directly from where the search came from, if it could be.
        queue: list[tuple[Vertex, Provided | None]] = [(v, None)]
        out: list[Vertex] = []
        dead_ends: list[Reason] = []
        while queue:
            u, entered_with = queue.pop(0)
            for edge in self.graph.key_edges(u):
                target = edge.tail.graph
                if target in reached:
                    continue
                key = self._canonical(edge.key.selection) if edge.key is not None else None
                if key is not None and key == entered_with:
                    continue
                self._tick()
                if self.key_usable(edge, u, labels, excluded):
                    reached.add(target)
                    out.append(edge.tail)
                    queue.append((edge.tail, key))
                elif edge.key is not None:
                    note = self._overridden_note(u, edge.key.selection, labels)
                    dead_ends.append(
                        (
                            u.graph,
                            f'cannot move to subgraph "{target}" using @key(fields: '
                            f'"{field_set_text(edge.key.selection)}") of "{edge.tail.type}", '
                            f'the key field(s) cannot be resolved from subgraph "{u.graph}"{note}.',
                        )
                    )
        result = (tuple(out), tuple(dead_ends))
        self._jumps[memo_key] = result
        return result

    def _canonical(self, selection: ast.SelectionSetNode) -> Provided:
        known = self._canon.get(id(selection))
        if known is None:
            known = provided_tree(selection)
            self._canon[id(selection)] = known
        return known

    def key_usable(
        self, edge: KeyEdge, u: Vertex, labels: Labels, excluded: frozenset[str]
    ) -> bool:
        if edge.key is None:
            return True
        # DIVERGENCE: Apollo excludes, while resolving a key's fields, the key edges its search
        # has already tried; we exclude the subgraphs being jumped to. Both stop cycles and
        # agree on every corpus case; a contrived graph could still tell them apart.
        return self.can_collect(edge.key.selection, u, labels, excluded | {edge.tail.graph})

    # -- transitions ---------------------------------------------------------------------

    def _direct_field(
        self,
        u: Vertex,
        name: str,
        labels: Labels,
        excluded: frozenset[str],
        after_key: bool,
        parent: str | None = None,
    ) -> Vertex | str:
        self._tick()
        edge = self.graph.field(u, name, labels, parent)
        if isinstance(edge, str):
            return edge
        if edge.requires is None:
            return edge.tail
        coord = f'"{parent or u.type}.{name}"'
        if not self.can_collect(edge.requires.selection, u, labels, excluded):
            hint = self._external_key_hint(u)
            return f"cannot satisfy @require conditions on field {coord}{hint}."
        if not after_key and not self._resumable(u, labels, excluded):
            return (
                f"@require condition on field {coord} can be satisfied but missing usable key "
                f'on "{u.type}" in subgraph "{u.graph}" to resume query.'
            )
        return edge.tail

    def _resumable(self, u: Vertex, labels: Labels, excluded: frozenset[str]) -> bool:
        """After fetching required fields the subgraph is re-entered with one of its keys.

        Any resolvable key of the type in that subgraph whose fields can be collected will do.
        """
        t = self.graph.types.get(u.type)
        if t is None:
            return False
        plain = Vertex(u.graph, u.type, u.provided)
        return any(
            jt.resolvable and self.can_collect(jt.key.selection, plain, labels, excluded)
            for jt in t.keys(u.graph)
            if jt.key is not None
        )

    def _external_key_hint(self, u: Vertex) -> str:
        t = self.graph.types.get(u.type)
        if t is None:
            return ""
        for jt in t.keys(u.graph):
            assert jt.key is not None
            for sel in jt.key.selection.selections:
                if isinstance(sel, ast.FieldNode):
                    info = t.fields.get(sel.name.value)
                    join = info.join(u.graph) if info is not None else None
                    if join is not None and join.external:
                        return (
                            " (please ensure that this is not due to key field "
                            f'"{sel.name.value}" being accidentally marked @external)'
                        )
        return ""

    def field(
        self,
        v: Vertex,
        name: str,
        labels: Labels,
        excluded: frozenset[str] = frozenset(),
        after_key: bool = False,
        leaf: bool = False,
        direct_only: bool = False,
        parent: str | None = None,
    ) -> Step:
        """Take field ``name`` from ``v``: directly, or after key jumps to other subgraphs."""
        step = Step()
        direct = self._direct_field(v, name, labels, excluded, after_key, parent)
        if isinstance(direct, Vertex):
            step.options.append(direct)
            if leaf or direct_only:
                return step
        else:
            step.reasons.append((v.graph, direct))
        if direct_only:
            return step
        reached, dead_ends = self._search(v, labels, excluded)
        for u in reached:
            res = self._direct_field(u, name, labels, excluded, True, parent)
            if isinstance(res, Vertex):
                if res not in step.options:
                    step.options.append(res)
            else:
                step.reasons.append((u.graph, res))
        if not step.options:
            step.reasons.extend(dead_ends)
            step.reasons.extend(self._jump_reasons(v, name, {u.graph for u in reached}, parent))
        return step

    def _jump_reasons(
        self, v: Vertex, name: str, reached: set[str], parent: str | None
    ) -> list[Reason]:
        """Why no key leads to a subgraph that resolves the field (it has no usable key)."""
        t = self.graph.types.get(v.type)
        owner = self.graph.types.get(parent or v.type)
        info = owner.fields.get(name) if owner is not None else None
        if t is None or info is None:
            return []
        out: list[Reason] = []
        coord = f'"{parent or v.type}.{name}"'
        for j in info.joins:
            h = j.graph
            if h is None or h == v.graph or h in reached or j.external or j.used_overridden:
                continue
            prefix = f'cannot move to subgraph "{h}", which has field {coord}, because'
            keys = t.keys(h)
            if parent not in (None, v.type) and h not in t.graphs:
                reason = (
                    f'{prefix} interface "{v.type}" is not defined in this subgraph (to jump to '
                    f'"{h}", it would need to both define interface "{v.type}" and have a @key '
                    "on it)."
                )
                out.append((v.graph, reason))
            elif not keys:
                reason = f'{prefix} type "{v.type}" has no @key defined in subgraph "{h}".'
                out.append((v.graph, reason))
            elif not any(k.resolvable for k in keys):
                reason = (
                    f'{prefix} none of the @key defined on type "{v.type}" in subgraph "{h}" are '
                    'resolvable (they are all declared with their "resolvable" argument set to '
                    "false)."
                )
                out.append((v.graph, reason))
        return out

    def _overridden_note(self, v: Vertex, key: ast.SelectionSetNode, labels: Labels) -> str:
        for sel in key.selections:
            if isinstance(sel, ast.FieldNode):
                edge = self.graph.field(v, sel.name.value, labels)
                if isinstance(edge, str) and "overridden" in edge:
                    return f' (note that some of those key fields are overridden in "{v.graph}")'
        return ""

    def downcast(
        self, v: Vertex, target: str, labels: Labels, excluded: frozenset[str] = frozenset()
    ) -> Step:
        """Apply the type condition ``... on target`` at ``v``."""
        self._tick()
        step = Step()
        graph = self.graph
        wanted = graph.supergraph_runtime_types(target)
        if wanted and not (wanted & graph.runtime_types(v)):
            step.no_results = True
            return step
        if graph.is_interface_object(v.graph, v.type):
            # The subgraph cannot tell implementations apart: the concrete type must come from
            # another subgraph, after which the subgraph serves the interface's own fields.
            if self.can_collect(_TYPENAME, v, labels, excluded):
                step.options.append(v)
        else:
            direct = graph.downcast(v, target)
            if direct is not None:
                step.options.append(direct)
        for u in self.jumps(v, labels, excluded):
            if graph.is_interface_object(u.graph, u.type):
                continue
            w = graph.downcast(u, target)
            if w is not None and w not in step.options:
                step.options.append(w)
        if not step.options:
            if graph.is_interface_object(v.graph, v.type):
                reason = (
                    "no subgraph can be reached to resolve the implementation type of "
                    f'@interfaceObject type "{v.type}".'
                )
            else:
                reason = f'cannot find implementation type "{target}" for "{v.type}".'
            step.reasons.append((v.graph, reason))
        return step


def field_set_text(selection: ast.SelectionSetNode) -> str:
    """A field set on one line, as Apollo prints it in messages: ``a b { c }``."""
    parts: list[str] = []
    for sel in selection.selections:
        if isinstance(sel, ast.FieldNode):
            text = sel.name.value
        elif isinstance(sel, ast.InlineFragmentNode):
            cond = sel.type_condition.name.value if sel.type_condition else ""
            text = f"... on {cond}" if cond else "..."
        else:
            continue
        sub = getattr(sel, "selection_set", None)
        parts.append(f"{text} {{ {field_set_text(sub)} }}" if sub else text)
    return " ".join(parts)


_TYPENAME = ast.SelectionSetNode(selections=(ast.FieldNode(name=ast.NameNode(value="__typename")),))
