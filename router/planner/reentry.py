"""Reaching a field no key of its own type leads to: assembling a key whose fields come from
several subgraphs, or re-entering at an ancestor (a parent entity, else the shared query root)
in a subgraph that resolves the path down to the field."""

from __future__ import annotations

from composer.supergraph.reader import FieldSet
from router.normalize import NField
from router.planner.groups import (
    UNPLANNABLE,
    Group,
    Hop,
    Path,
    PlanningBudgetExceeded,
    PlanningError,
    fieldset_sels,
)
from router.planner.hops import HopPlanner
from router.planner.rules import Provided
from router.planner.selection import SelSet

__all__ = ["ReentryPlanner"]


class ReentryPlanner(HopPlanner):
    """Jumps that need more than one usable key of the field's own type."""

    def _jump_assembling_key(
        self,
        g: Group,
        target: SelSet,
        type_name: str,
        f: NField,
        path: Path,
        provided: Provided | None,
    ) -> bool:
        """Jump through a key whose fields ``g`` cannot all select itself: the missing key
        fields are fetched first (through other jumps), like ``@requires`` fields, and the
        entity fetch waits for them (Apollo resolves key conditions the same way)."""
        for service in self._candidates(g.service, type_name, f):
            for jt in self.sg.types[type_name].keys(service):
                assert jt.key is not None
                if not jt.resolvable or not self._key_reachable(g, type_name, jt.key, provided):
                    continue
                self._touched.append(set())
                try:
                    key_sels = fieldset_sels(jt.key.selection)
                    self.plan(g, target, type_name, key_sels, path, provided)
                finally:
                    deps = self._touched.pop()
                deps.add(g.id)
                hop = Hop(service, jt.key)
                child = self._enter(
                    g, target, type_name, hop, path, provided, frozenset(deps), "key", None, False
                )
                self.field(child, child.root.fragment(type_name), type_name, f, path, None)
                return True
        return False

    def _key_reachable(
        self, g: Group, type_name: str, key: FieldSet, provided: Provided | None
    ) -> bool:
        """``key`` can be selected starting from a fetch of ``g.service`` (with jumps for the
        fields it lacks), tried on a scratch builder; a key needing itself is unreachable."""
        marker = ("key-condition", g.service, type_name, key.text)
        if marker in self._memo:
            return False
        self._memo[marker] = UNPLANNABLE
        self.budget.spend()
        trial = type(self)(self.sg, self.rules, self._memo, self.budget)
        start = trial.new_root_group(g.service)
        try:
            trial.plan(start, start.root, type_name, fieldset_sels(key.selection), (), provided)
        except PlanningBudgetExceeded:
            raise
        except PlanningError:
            return False
        finally:
            del self._memo[marker]
        return True

    def _reenter_ancestor(self, g: Group, type_name: str, f: NField, path: Path) -> bool:
        """Resolve ``f`` (no key of ``type_name`` leads to it) by selecting the fields from an
        ancestor down to ``f`` again in another subgraph that resolves each of them and ``f``:
        the nearest ancestor that is an entity there (a key jump from ``g``), else the query
        root (shared root fields return the same values everywhere). The results merge; Apollo
        plans value types below entities and shared root fields the same way.

        Only a plain field path qualifies: below an abstract type the other subgraph may see
        another runtime type for the same object, so a path through a type condition is not
        re-entered (Apollo cannot plan those either).
        """
        for i in range(len(self._chain) - 1, self._chain_start(g, type_name) - 1, -1):
            for service in self._candidates(g.service, type_name, f):
                if self._reenter_at(g, i, service, type_name, f, path, siblings=True):
                    return True
        return False

    def _chain_start(self, g: Group, type_name: str) -> int:
        """The outermost entry of the field chain that ``g`` selects down to an object of
        ``type_name`` through plain fields (no type condition on the way)."""
        chain = self._chain
        below = [t for _, t, _, _, _ in chain[1:]] + [type_name]
        start = len(chain)
        while start > 0:
            gid, t, cf, _, _ = chain[start - 1]
            if gid != g.id or self.rules.field_shape(t, cf.name)[0] != below[start - 1]:
                break
            start -= 1
        return start

    def _entry_points(self, g: Group, type_name: str, service: str) -> tuple[Path, ...]:
        """Paths of the ancestors (nearest first) where an entity fetch of ``service``, entered
        from ``g`` through one key, could resolve the fields down to an object of
        ``type_name`` itself."""
        chain = self._chain
        out: list[Path] = []
        for i in range(len(chain) - 1, self._chain_start(g, type_name) - 1, -1):
            if not all(self._plain_in(service, t, cf.name) for _, t, cf, _, _ in chain[i:]):
                break
            route = self._route(g.service, chain[i][1], service, None)
            if route is not None and len(route) == 1:
                out.append(chain[i][3])
        return tuple(out)

    def _reenter_at(
        self,
        g: Group,
        i: int,
        service: str,
        type_name: str,
        f: NField,
        path: Path,
        siblings: bool = False,
    ) -> bool:
        """Select the chain of fields from ancestor ``i`` down to ``f`` in ``service`` (an
        entity fetch entered through one key from ``g``; with ``siblings``, also the query
        root or an entity fetch next to ``g``), and ``f`` there."""
        chain = self._chain
        _, ancestor, _, at_path, at_target = chain[i]
        fields = [cf for _, _, cf, _, _ in chain[i:]]
        if not all(self._plain_in(service, t, cf.name) for _, t, cf, _, _ in chain[i:]):
            return False
        if siblings and i == 0 and ancestor == self.sg.query_type and not g.entity:
            entry = next(
                (r for r in self.groups if not r.entity and not r.parents and r.service == service),
                None,
            ) or self.new_root_group(service)
            target = entry.root
        else:
            route = self._route(g.service, ancestor, service, None)
            if route is not None and len(route) == 1:
                entry = self._enter(g, at_target, ancestor, route[0], at_path, None)
            else:
                sibling = (
                    self._sibling_entry(g, ancestor, service, at_path, at_target)
                    if siblings
                    else None
                )
                if sibling is None:
                    return False
                entry = sibling
            target = entry.root.fragment(ancestor)
        for cf in fields:
            entry.variables.update(cf.variables)
            item = target.field(cf, leaf=False)
            assert item.sub is not None
            target = item.sub
        self._touch(entry)
        self.field(entry, target, type_name, f, path, None)
        return True
