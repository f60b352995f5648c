"""Entity jumps: reaching a field another subgraph resolves, through ``@key`` hops, an
``@interfaceObject``, ``@requires`` or by re-entering a shared root field elsewhere."""

from __future__ import annotations

from collections import deque

from graphql.language import ast

from composer.supergraph.reader import FieldSet, JoinField
from router.normalize import NField
from router.planner.groups import (
    UNPLANNABLE,
    Group,
    Hop,
    Path,
    PlanningBudgetExceeded,
    PlanningError,
    fieldset_sels,
    printed_arguments,
)
from router.planner.rules import Provided
from router.planner.selection import FieldItem, FragmentItem, SelSet
from router.planner.state import BuilderState

__all__ = ["JumpPlanner"]


class JumpPlanner(BuilderState):
    """Jumps between subgraphs (selection planning is layered on top, in ``types``)."""

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
        current, cur_target, cur_provided = g, target, provided
        for hop in route:
            current = self._enter(current, cur_target, type_name, hop, path, cur_provided)
            cur_target = current.root.fragment(type_name)
            cur_provided = None
        self.field(current, cur_target, type_name, f, path, None)

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
        chain = self._chain
        below = [t for _, t, _, _, _ in chain[1:]] + [type_name]
        start = len(chain)
        while start > 0:
            gid, t, cf, _, _ = chain[start - 1]
            if gid != g.id or self.rules.field_shape(t, cf.name)[0] != below[start - 1]:
                break
            start -= 1
        for i in range(len(chain) - 1, start - 1, -1):
            _, ancestor, _, at_path, at_target = chain[i]
            fields = [(t, cf) for _, t, cf, _, _ in chain[i:]]
            for service in self._candidates(g.service, type_name, f):
                if not all(self._plain_in(service, t, cf.name) for t, cf in fields):
                    continue
                if i == 0 and ancestor == self.sg.query_type and not g.entity:
                    entry = next(
                        (
                            r
                            for r in self.groups
                            if not r.entity and not r.parents and r.service == service
                        ),
                        None,
                    ) or self.new_root_group(service)
                    target = entry.root
                else:
                    route = self._route(g.service, ancestor, service, None)
                    if route is not None and len(route) == 1:
                        entry = self._enter(g, at_target, ancestor, route[0], at_path, None)
                    else:
                        sibling = self._sibling_entry(g, ancestor, service, at_path, at_target)
                        if sibling is None:
                            continue
                        entry = sibling
                    target = entry.root.fragment(ancestor)
                for _, cf in fields:
                    entry.variables.update(cf.variables)
                    item = target.field(cf, leaf=False)
                    assert item.sub is not None
                    target = item.sub
                self._touch(entry)
                self.field(entry, target, type_name, f, path, None)
                return True
        return False

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

    def _plain_in(self, service: str, type_name: str, field_name: str) -> bool:
        """``service`` resolves the field itself, without ``@requires``."""
        if not self.rules.resolvable(service, type_name, field_name, None):
            return False
        j = self.rules.join(service, type_name, field_name)
        return j is not None and j.requires is None

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
        representation carries one value per field)."""
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
