"""Entity jumps: reaching a field another subgraph resolves, through ``@key`` hops, an
``@interfaceObject``, ``@requires`` fetches, assembled keys or re-entry at an ancestor."""

from __future__ import annotations

from graphql.language import ast

from composer.supergraph.reader import JoinField
from router.normalize import NField
from router.planner.groups import (
    Group,
    Hop,
    Jump,
    Path,
    PlanningError,
    fieldset_sels,
    printed_arguments,
)
from router.planner.reentry import ReentryPlanner
from router.planner.rules import Provided
from router.planner.selection import SelSet

__all__ = ["JumpPlanner"]


class JumpPlanner(ReentryPlanner):
    """Jumps between subgraphs (selection planning is layered on top, in ``types``)."""

    def _jump(
        self,
        g: Group,
        target: SelSet,
        type_name: str,
        f: NField,
        path: Path,
        provided: Provided | None,
    ) -> None:
        options: list[tuple[int, int, str, list[Hop]]] = []
        for order, service in enumerate(self._candidates(g.service, type_name, f)):
            route = self._route(g.service, type_name, service, provided)
            if route is not None:
                options.append((len(route), order, service, route))
        if not options:
            iface = self._interface_via_object(g.service, type_name, f)
            if iface is not None:
                self._jump(g, target, iface, f, path, provided)
                return
            if self._jump_assembling_key(g, target, type_name, f, path, provided):
                return
            if self._reenter_ancestor(g, type_name, f, path):
                return
            raise PlanningError(
                f"cannot resolve field {type_name}.{f.name} from subgraph {g.service!r}: "
                "no usable @key leads to a subgraph resolving it"
            )
        if len(options) > 1:
            ranked = []
            for hops, order, service, route in options:
                fetches, depth, fields = self.trial_cost(service, type_name, f, True, route[-1].key)
                ranked.append((hops + fetches, hops + depth, fields, order, route))
            ranked.sort(key=lambda r: r[:4])
            route = ranked[0][4]
        else:
            route = options[0][3]
        goal = route[-1].service
        j = self.rules.join(goal, type_name, f.name)
        assert j is not None
        if j.requires is not None and len(route) == 1:
            self._with_requires(g, target, type_name, f, path, provided, goal, j)
            return
        if len(route) == 1 and not self.trial:
            if self._enter_ancestor(g, type_name, f, path, goal):
                return
            entries = self._entry_points(g, type_name, goal)
            child = self._enter(g, target, type_name, route[0], path, provided)
            self.jumps.append(Jump(child.id, (g.service, g.path), path, goal, entries))
            self.field(child, child.root.fragment(type_name), type_name, f, path, None)
            return
        current, cur_target, cur_provided = g, target, provided
        for hop in route:
            current = self._enter(current, cur_target, type_name, hop, path, cur_provided)
            cur_target = current.root.fragment(type_name)
            cur_provided = None
        self.field(current, cur_target, type_name, f, path, None)

    def _enter_ancestor(self, g: Group, type_name: str, f: NField, path: Path, goal: str) -> bool:
        """Take ``f`` in the entity fetch of ``goal`` at the ancestor a rebuild chose for this
        jump (``regroup``), selecting the fields from there down in ``goal``."""
        at = self.entries.get(((g.service, g.path), path, goal))
        if at is None:
            return False
        for i in range(len(self._chain) - 1, self._chain_start(g, type_name) - 1, -1):
            if self._chain[i][3] == at:
                return self._reenter_at(g, i, goal, type_name, f, path)
        return False

    def _interface_via_object(self, current: str, type_name: str, f: NField) -> str | None:
        """An interface of ``type_name`` whose ``@interfaceObject`` subgraph resolves ``f``."""
        t = self.sg.schema.get_type(type_name)
        for iface in getattr(t, "interfaces", ()):
            info = self.sg.types.get(iface.name)
            if (
                info is not None
                and f.name in info.fields
                and self._interface_object_candidates(current, iface.name, f)
            ):
                return str(iface.name)
        return None

    def _with_requires(
        self,
        g: Group,
        target: SelSet,
        type_name: str,
        f: NField,
        path: Path,
        provided: Provided | None,
        service: str,
        j: JoinField,
    ) -> None:
        """Fetch ``j.requires`` first, then ``f`` from ``service`` in its own entity fetch."""
        assert j.requires is not None
        hop = None
        for jt in self.sg.types[type_name].keys(service):
            assert jt.key is not None
            if jt.resolvable and self.rules.can_provide(
                g.service, type_name, jt.key.selection, provided
            ):
                hop = Hop(service, jt.key)
                break
        if hop is None:
            raise PlanningError(
                f"cannot satisfy @requires of {type_name}.{f.name} in {service!r}: "
                f"no key of {type_name} in {service!r} is available from {g.service!r}"
            )
        self._touched.append(set())
        try:
            self.plan(g, target, type_name, fieldset_sels(j.requires.selection), path, provided)
        finally:
            deps = self._touched.pop()
        deps.add(g.id)
        tag = self._requires_tag(service, path, frozenset(deps), j.requires.selection)
        child = self._enter(
            g,
            target,
            type_name,
            hop,
            path,
            provided,
            frozenset(deps),
            tag,
            j.requires.selection,
        )
        self.add_local(child, child.root.fragment(type_name), type_name, f, path, None, j)

    def _requires_tag(
        self, service: str, path: Path, deps: frozenset[int], sel: ast.SelectionSetNode
    ) -> str:
        """The ``@requires`` entity fetch a field set joins: the first one at this place whose
        representation does not need one of the same fields with other arguments (one
        representation carries one value per field).

        DIVERGENCE: Apollo keeps a single value of such a field in one representation (the
        other requiring field receives it too); a separate fetch gives each its own.
        """
        wanted = _argument_uses(sel, "")
        n = 0
        while True:
            tag = "requires" if n == 0 else f"requires#{n}"
            used = self._requires_arguments.setdefault((service, path, deps, tag), {})
            if all(used.get(k, a) == a for k, a in wanted.items()):
                used.update(wanted)
                return tag
            n += 1


def _argument_uses(sel: ast.SelectionSetNode, prefix: str) -> dict[str, str]:
    """Printed arguments of every field of a field set, by dotted path."""
    out: dict[str, str] = {}
    for s in sel.selections:
        if isinstance(s, ast.FieldNode):
            key = prefix + s.name.value
            out[key] = printed_arguments(s)
            if s.selection_set is not None:
                out.update(_argument_uses(s.selection_set, key + "."))
        elif isinstance(s, ast.InlineFragmentNode):
            tc = s.type_condition.name.value if s.type_condition else ""
            out.update(_argument_uses(s.selection_set, f"{prefix}{tc}:"))
    return out
