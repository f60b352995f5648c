"""Hops between subgraphs: which subgraphs resolve a field, the shortest chain of usable keys
to one of them, and entering an entity fetch (its key selected where the object is)."""

from __future__ import annotations

from collections import deque

from graphql.language import ast

from router.normalize import NField
from router.planner.groups import Group, Hop, Path, PlanningError, printed_arguments
from router.planner.rules import Provided
from router.planner.selection import FieldItem, FragmentItem, SelSet
from router.planner.state import BuilderState

__all__ = ["HopPlanner"]


class HopPlanner(BuilderState):
    """Key hops and entity fetch entry (the jump decisions are layered on top)."""

    def _candidates(self, current: str, type_name: str, f: NField) -> list[str]:
        info = self.sg.types[type_name].fields.get(f.name)
        if info is None:
            raise PlanningError(f"unknown field {type_name}.{f.name}")
        graphs = [j.graph for j in info.joins if j.graph is not None and j.graph != current]
        return [
            s for s in dict.fromkeys(graphs) if self.rules.resolvable(s, type_name, f.name, None)
        ]

    def _interface_object_candidates(self, current: str, type_name: str, f: NField) -> list[str]:
        info = self.sg.types[type_name]
        return [
            s for s in self._candidates(current, type_name, f) if info.is_interface_object_in(s)
        ]

    def _route(
        self, start: str, type_name: str, goal: str, provided: Provided | None
    ) -> list[Hop] | None:
        """Shortest chain of key jumps on ``type_name`` from ``start`` to ``goal``."""
        t = self.sg.types[type_name]
        queue: deque[tuple[str, list[Hop]]] = deque([(start, [])])
        seen = {start}
        while queue:
            service, hops = queue.popleft()
            here_provided = provided if service == start else None
            for nxt in t.graphs:
                if nxt in seen:
                    continue
                for jt in t.keys(nxt):
                    assert jt.key is not None
                    if not jt.resolvable:
                        continue
                    if self.rules.can_provide(service, type_name, jt.key.selection, here_provided):
                        route = [*hops, Hop(nxt, jt.key)]
                        if nxt == goal:
                            return route
                        seen.add(nxt)
                        queue.append((nxt, route))
                        break
        return None

    def _plain_in(self, service: str, type_name: str, field_name: str) -> bool:
        """``service`` resolves the field itself, without ``@requires`` or ``@fromContext``
        arguments."""
        if not self.rules.resolvable(service, type_name, field_name, None):
            return False
        j = self.rules.join(service, type_name, field_name)
        return j is not None and j.requires is None and not j.context_arguments

    def _enter(
        self,
        g: Group,
        target: SelSet,
        type_name: str,
        hop: Hop,
        path: Path,
        provided: Provided | None,
        deps: frozenset[int] | None = None,
        tag: str = "",
        before_key: ast.SelectionSetNode | None = None,
        select_key: bool = True,
    ) -> Group:
        """Select the key in ``g`` and return the ``_entities`` group of ``hop.service``.

        ``before_key``: fields the representation lists before the key (the ``@requires``
        fields, in Apollo's order). ``select_key=False``: the key fields were planned already
        (some in other fetches), only the type is selected in ``g``.
        """
        before = list(target.items)
        # The object's __typename is already known where an entity fetch's result merges.
        top_level_entity = g.entity and any(
            isinstance(item, FragmentItem) and item.sub is target for item in g.root.items.values()
        )
        idents = self._add_fieldset(
            g,
            target,
            hop.key.selection if select_key else ast.SelectionSetNode(selections=()),
            path,
            type_name,
            typename=not (top_level_entity and self.sg.types[type_name].kind == "object"),
        )
        target.move_to_front(idents + [i for i in target.items if i not in before])
        child = self._entity_group(hop.service, path, deps or frozenset({g.id}), tag)
        assert child.requires is not None
        rep = child.requires.fragment(type_name)
        rep.plain_field("__typename", leaf=True)
        if before_key is not None:
            self._add_fields(rep, before_key, path, type_name)
        self._add_fieldset(None, rep, hop.key.selection, path, type_name)
        info = self.sg.types[type_name]
        if info.is_interface_object_in(hop.service):
            child.rewrites.add(type_name)
        elif info.kind == "interface" and info.is_interface_object_in(g.service):
            # The source only knows the interface: learn the concrete type on the way.
            child.root.fragment(type_name).plain_field("__typename", leaf=True)
        return child

    def _sibling_entry(
        self, g: Group, type_name: str, service: str, path: Path, target: SelSet
    ) -> Group | None:
        """An entity group of ``service`` next to the entity group ``g`` (same path, same
        dependencies) when ``target`` is ``g``'s top-level object and a key of ``service`` is
        among the fields ``g``'s representation already carries: those are known where both
        results merge, even if ``g``'s subgraph cannot select them (external key fields)."""
        if not g.entity or g.path != path or g.requires is None:
            return None
        if (
            g.root.items.get(f"... on {type_name}") is None
            or g.root.fragment(type_name) is not target
        ):
            return None
        rep = g.requires.fragment(type_name)
        known = {i.name for i in rep.items.values() if isinstance(i, FieldItem) and i.sub is None}
        for jt in self.sg.types[type_name].keys(service):
            assert jt.key is not None
            flat = all(
                isinstance(s, ast.FieldNode) and s.selection_set is None
                for s in jt.key.selection.selections
            )
            names = {
                s.name.value for s in jt.key.selection.selections if isinstance(s, ast.FieldNode)
            }
            if not jt.resolvable or not flat or not names <= known:
                continue
            child = self._entity_group(service, path, frozenset(g.parents), "")
            assert child.requires is not None
            sibling_rep = child.requires.fragment(type_name)
            sibling_rep.plain_field("__typename", leaf=True)
            self._add_key_fields(sibling_rep, jt.key)
            return child
        return None

    def _add_fieldset(
        self,
        g: Group | None,
        target: SelSet,
        sel: ast.SelectionSetNode,
        path: Path,
        type_name: str,
        typename: bool = True,
    ) -> list[str]:
        if typename:
            target.plain_field("__typename", leaf=True)
        idents = self._add_fields(target, sel, path, type_name)
        if g is not None:
            self._touch(g)
        return idents

    def _add_fields(
        self, target: SelSet, sel: ast.SelectionSetNode, path: Path, type_name: str
    ) -> list[str]:
        """Add an internal field set (a key or ``@requires``) to the object at ``path``;
        return the identities of its top-level fields in ``target``."""
        idents: list[str] = []
        for s in sel.selections:
            if isinstance(s, ast.FieldNode):
                name = s.name.value
                alias = self.internal_alias(path, name, printed_arguments(s))
                item = target.plain_field(name, leaf=s.selection_set is None, alias=alias)
                idents.append(alias or name)
                if s.selection_set is not None:
                    assert item.sub is not None
                    named, depth = self.rules.field_shape(type_name, name)
                    sub_path = path + (alias or name,) + ("@",) * depth
                    self._add_fields(item.sub, s.selection_set, sub_path, named)
            elif isinstance(s, ast.InlineFragmentNode):
                tc = s.type_condition.name.value if s.type_condition else type_name
                self._add_fields(target.fragment(tc), s.selection_set, path, tc)
        return idents
