"""Fetch groups: assigning each selected field to a subgraph fetch, with entity jumps.

The builder walks the normalized operation. A field stays in the current subgraph when that
subgraph can resolve it; otherwise the builder jumps to another subgraph through a ``@key``
(adding the key fields to the current fetch and the field to an ``_entities`` fetch).
``@requires`` fields are fetched first and a separate ``_entities`` fetch then resolves the
requiring field. All choices are deterministic; alternatives are ranked by cost.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace

from graphql.language import ast

from composer.supergraph.reader import FieldSet, JoinField, Supergraph
from router.normalize import NField, NFragment, NSel
from router.planner.rules import Provided, Rules, provided_from
from router.planner.selection import FragmentItem, SelSet

__all__ = ["Budget", "Builder", "Group", "PlanningBudgetExceeded", "PlanningError"]

Path = tuple[str, ...]


class PlanningError(Exception):
    """No subgraph route can resolve part of the operation."""


class PlanningBudgetExceeded(PlanningError):
    """Planning compared more alternatives than the configured budget allows."""


# (fetches, longest chain of dependent fetches, fields selected by entity fetches): among
# alternatives with as many fetches, the one moving less data through ``_entities`` wins (a
# subgraph providing part of a selection leaves less for the jump).
Cost = tuple[int, int, int]
_UNPLANNABLE: Cost = (1 << 20, 1 << 20, 1 << 20)


class Budget:
    """How many alternative sub-plans one operation may evaluate."""

    __slots__ = ("limit", "used")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def spend(self) -> None:
        self.used += 1
        if self.used > self.limit:
            raise PlanningBudgetExceeded(
                f"query planning exceeded its budget of {self.limit} evaluated alternatives; "
                "simplify the operation or raise PlannerConfig.max_evaluated_alternatives"
            )


class Group:
    """One future fetch: a subgraph, where its result merges, and what it selects."""

    __slots__ = (
        "entity",
        "id",
        "parents",
        "path",
        "requires",
        "rewrites",
        "root",
        "service",
        "variables",
    )

    def __init__(self, gid: int, service: str, path: Path, entity: bool) -> None:
        self.id = gid
        self.service = service
        self.path = path
        self.entity = entity
        self.root = SelSet()
        self.requires: SelSet | None = SelSet() if entity else None
        self.parents: set[int] = set()
        self.variables: set[str] = set()
        self.rewrites: set[str] = set()


@dataclass(frozen=True, slots=True)
class _Hop:
    service: str
    key: FieldSet


def fieldset_sels(sel: ast.SelectionSetNode) -> tuple[NSel, ...]:
    """A field set as normalized selections (plain fields, no aliases or arguments)."""
    out: list[NSel] = []
    for s in sel.selections:
        if isinstance(s, ast.FieldNode):
            sub = fieldset_sels(s.selection_set) if s.selection_set else None
            out.append(NField(s.name.value, s.name.value, None, "", "", (), sub, (), internal=True))
        elif isinstance(s, ast.InlineFragmentNode):
            tc = s.type_condition.name.value if s.type_condition else None
            out.append(NFragment(tc, "", (), fieldset_sels(s.selection_set)))
    return tuple(out)


def _named(type_ref: str) -> str:
    """The named type of a printed type reference (``[Book!]!`` -> ``Book``)."""
    return type_ref.strip("[]!")


class Builder:
    """Builds the fetch groups of one operation (a fresh builder per plan)."""

    def __init__(
        self,
        supergraph: Supergraph,
        rules: Rules,
        memo: dict[object, Cost] | None = None,
        budget: Budget | None = None,
    ):
        self.sg = supergraph
        self.rules = rules
        self.groups: list[Group] = []
        self._index: dict[tuple[str, Path, frozenset[int], str], Group] = {}
        self._touched: list[set[int]] = []
        self._memo: dict[object, Cost] = memo if memo is not None else {}
        self.budget = budget or Budget(rules.config.max_evaluated_alternatives)
        self._reserved: dict[Path, dict[str, tuple[str, str]]] = {}
        # The fields being planned from the operation root down to here: (group id, parent
        # type, field); lets a query field no key can reach re-enter at the root elsewhere.
        self._chain: list[tuple[int, str, NField]] = []

    # -- groups ---------------------------------------------------------------------------

    def new_root_group(self, service: str) -> Group:
        g = Group(len(self.groups), service, (), False)
        self.groups.append(g)
        return g

    def _entity_group(self, service: str, path: Path, parents: frozenset[int], tag: str) -> Group:
        key = (service, path, parents, tag)
        g = self._index.get(key)
        if g is None:
            g = Group(len(self.groups), service, path, True)
            g.parents.update(parents)
            self.groups.append(g)
            self._index[key] = g
        self._touch(g)
        return g

    def _touch(self, g: Group) -> None:
        for s in self._touched:
            s.add(g.id)

    def merge_into_requires_groups(self) -> None:
        """Fold a plain entity fetch into a later ``@requires`` fetch of the same subgraph and
        path that already depends on the same parent: one fetch instead of two."""
        for key, x in list(self._index.items()):
            service, path, parents, tag = key
            if tag or any(x.id in g.parents for g in self.groups if g is not x):
                continue
            for (s2, p2, deps, t2), y in self._index.items():
                if t2 == "requires" and s2 == service and p2 == path and parents <= deps:
                    if x.id in deps or x.requires is None or y.requires is None:
                        continue
                    y.root.merge(x.root)
                    y.requires.merge(x.requires)
                    y.variables |= x.variables
                    self.groups.remove(x)
                    del self._index[key]
                    break

    # -- cost -----------------------------------------------------------------------------

    def trial_cost(self, service: str, type_name: str, f: NField, entity: bool) -> Cost:
        """(fetches, depth) needed to resolve ``f`` starting in a fetch of ``service``."""
        key = (service, type_name, id(f), entity)
        cached = self._memo.get(key)
        if cached is not None:
            return cached
        self.budget.spend()
        trial = Builder(self.sg, self.rules, self._memo, self.budget)
        g = trial.new_root_group(service)
        try:
            trial.field(g, g.root, type_name, f, (), None)
            cost = (len(trial.groups), trial.depth(), trial.entity_fields())
        except PlanningBudgetExceeded:
            raise
        except PlanningError:
            cost = _UNPLANNABLE
        self._memo[key] = cost
        return cost

    def entity_fields(self) -> int:
        """How many fields the ``_entities`` fetches select (their representations aside)."""
        return sum(g.root.size() for g in self.groups if g.entity)

    def depth(self) -> int:
        """The longest chain of dependent fetches among the groups."""
        by_id = {g.id: g for g in self.groups}
        memo: dict[int, int] = {}

        def of(g: Group) -> int:
            if g.id not in memo:
                memo[g.id] = 1 + max((of(by_id[p]) for p in g.parents if p in by_id), default=0)
            return memo[g.id]

        return max((of(g) for g in self.groups), default=0)

    # -- selections -----------------------------------------------------------------------

    def plan(
        self,
        g: Group,
        target: SelSet,
        type_name: str,
        sels: tuple[NSel, ...],
        path: Path,
        provided: Provided | None,
    ) -> None:
        self._reserve(path, sels)
        kind = self.sg.types[type_name].kind
        if kind in ("interface", "union") and not self.sg.types[type_name].is_interface_object_in(
            g.service
        ):
            self._abstract(g, target, type_name, sels, path, provided)
        else:
            self._object(g, target, type_name, sels, path, provided)

    def _object(
        self,
        g: Group,
        target: SelSet,
        type_name: str,
        sels: tuple[NSel, ...],
        path: Path,
        provided: Provided | None,
        typename_above: bool = False,
    ) -> None:
        """Plan ``sels`` on the object type ``type_name``; ``typename_above``: the enclosing
        abstract selection already selects ``__typename``."""
        info = self.sg.types[type_name]
        if info.kind == "interface" and info.is_interface_object_in(g.service):
            sels = self._concrete_elsewhere(g, target, type_name, sels, path, provided)
        for s in sels:
            if isinstance(s, NFragment):
                tc = s.type_condition or type_name
                if not self.rules.possible(tc, type_name) and tc != type_name:
                    continue
                if s.directives:
                    g.variables.update(c.variable for c in s.conditions)
                    sub = target.fragment(type_name, s.directives)
                    self._object(g, sub, type_name, s.selections, path, provided)
                else:
                    self._object(g, target, type_name, s.selections, path, provided, typename_above)
            elif s.name == "__typename":
                if typename_above and s.alias is None and not s.directives:
                    continue
                target.field(s, leaf=True)
                g.variables.update(s.variables)
            else:
                self.field(g, target, type_name, s, path, provided)

    def _concrete_elsewhere(
        self,
        g: Group,
        target: SelSet,
        type_name: str,
        sels: tuple[NSel, ...],
        path: Path,
        provided: Provided | None,
    ) -> tuple[NSel, ...]:
        """In a subgraph modelling interface ``type_name`` as an ``@interfaceObject``, plan the
        selections that need the concrete type (``__typename``, fragments on other types) in a
        subgraph that knows the implementations; return the rest."""
        concrete = tuple(
            s
            for s in sels
            if (isinstance(s, NField) and s.name == "__typename")
            or (isinstance(s, NFragment) and s.type_condition not in (None, type_name))
        )
        if not concrete:
            return sels
        info = self.sg.types[type_name]
        for service in info.graphs:
            if service == g.service or info.is_interface_object_in(service):
                continue
            route = self._route(g.service, type_name, service, provided)
            if route is None or len(route) != 1:
                continue
            child = self._enter(g, target, type_name, route[0], path, provided)
            child_target = child.root.fragment(type_name)
            self._abstract(child, child_target, type_name, concrete, path, None)
            return tuple(s for s in sels if s not in concrete)
        raise PlanningError(
            f"no subgraph can resolve the concrete type of {type_name} from {g.service!r}"
        )

    def _abstract(
        self,
        g: Group,
        target: SelSet,
        type_name: str,
        sels: tuple[NSel, ...],
        path: Path,
        provided: Provided | None,
    ) -> None:
        target.plain_field("__typename", leaf=True)
        runtime = self.rules.runtime_types(g.service, type_name)
        via_object = tuple(
            s
            for s in sels
            if isinstance(s, NField)
            and not s.name.startswith("__")
            and not self.rules.resolvable(g.service, type_name, s.name, provided)
            and self._interface_object_candidates(g.service, type_name, s)
        )
        for vf in via_object:
            self._jump(g, target, type_name, vf, path, provided)
        sels = tuple(s for s in sels if s not in via_object)
        shared = tuple(
            s for s in sels if not isinstance(s, NFragment) or s.type_condition in (None, type_name)
        )
        typed = tuple(s for s in sels if s not in shared)
        if not self._can_stay_abstract(g.service, type_name, shared, runtime, provided):
            self._per_runtime_type(g, target, type_name, sels, path, provided, runtime)
            return
        for s in shared:
            if isinstance(s, NFragment):
                sub = target.fragment(type_name, s.directives) if s.directives else target
                g.variables.update(c.variable for c in s.conditions)
                self._abstract_fields(g, sub, type_name, s.selections, path, provided)
            else:
                self._abstract_fields(g, target, type_name, (s,), path, provided)
        for s in typed:
            assert isinstance(s, NFragment) and s.type_condition is not None
            tc = s.type_condition
            g.variables.update(c.variable for c in s.conditions)
            if tc in runtime:
                # A fragment on one implementation keeps its type condition.
                sub = target.fragment(tc, s.directives)
                self._object(g, sub, tc, s.selections, path, provided, typename_above=True)
                if sub.is_empty():
                    target.items.pop(f"... on {tc}{s.directives}")
                continue
            inner = tuple(o for o in runtime if self.rules.possible(tc, o))
            wrapped = (NFragment(None, "", (), s.selections),)
            host = target.fragment(type_name, s.directives) if s.directives else target
            self._per_runtime_type(g, host, type_name, wrapped, path, provided, inner)
            if s.directives and host.is_empty():
                target.items.pop(f"... on {type_name}{s.directives}")

    def _per_runtime_type(
        self,
        g: Group,
        target: SelSet,
        type_name: str,
        sels: tuple[NSel, ...],
        path: Path,
        provided: Provided | None,
        runtime: tuple[str, ...],
    ) -> None:
        """Plan ``sels`` once per runtime type, each under ``... on Type``."""
        for obj in runtime:
            before = len(target.items)
            sub = target.fragment(obj)
            self._object(g, sub, obj, sels, path, provided, typename_above=True)
            if sub.is_empty() and len(target.items) > before:
                target.items.pop(f"... on {obj}")

    def _abstract_fields(
        self,
        g: Group,
        target: SelSet,
        type_name: str,
        sels: tuple[NSel, ...],
        path: Path,
        provided: Provided | None,
    ) -> None:
        for s in sels:
            if isinstance(s, NFragment):
                self._abstract_fields(g, target, type_name, s.selections, path, provided)
            elif s.name == "__typename":
                target.field(s, leaf=True)
                g.variables.update(s.variables)
            else:
                j = self.rules.join(g.service, type_name, s.name)
                assert j is not None
                self._add_local(g, target, type_name, s, path, provided, j)

    def _can_stay_abstract(
        self,
        service: str,
        type_name: str,
        sels: tuple[NSel, ...],
        runtime: tuple[str, ...],
        provided: Provided | None,
    ) -> bool:
        is_union = self.sg.types[type_name].kind == "union"
        for s in sels:
            if isinstance(s, NFragment):
                if s.type_condition not in (None, type_name):
                    return False
                if not self._can_stay_abstract(service, type_name, s.selections, runtime, provided):
                    return False
                continue
            if s.name == "__typename":
                continue
            if is_union or not self.rules.resolvable(service, type_name, s.name, provided):
                return False
            j = self.rules.join(service, type_name, s.name)
            if j is None or j.requires is not None:
                return False
            for obj in runtime:
                if not self.rules.resolvable(service, obj, s.name, provided):
                    return False
                oj = self.rules.join(service, obj, s.name)
                if oj is None or oj.requires is not None:
                    return False
        return True

    # -- fields ---------------------------------------------------------------------------

    def field(
        self,
        g: Group,
        target: SelSet,
        type_name: str,
        f: NField,
        path: Path,
        provided: Provided | None,
    ) -> None:
        if self.rules.resolvable(g.service, type_name, f.name, provided):
            j = self.rules.join(g.service, type_name, f.name)
            assert j is not None
            if j.requires is not None:
                self._with_requires(g, target, type_name, f, path, provided, g.service, j)
            else:
                self._add_local(g, target, type_name, f, path, provided, j)
            return
        self._jump(g, target, type_name, f, path, provided)

    def _add_local(
        self,
        g: Group,
        target: SelSet,
        type_name: str,
        f: NField,
        path: Path,
        provided: Provided | None,
        j: JoinField,
    ) -> None:
        if j.context_arguments:
            # DIVERGENCE: Apollo fetches the context value from the ancestor that sets it and
            # passes it as a variable; this planner rejects such fields with a clear error.
            raise PlanningError(
                f"{type_name}.{f.name} takes arguments from @fromContext "
                f"({', '.join(c.name for c in j.context_arguments)}), which this planner does "
                "not support"
            )
        self._touch(g)
        g.variables.update(f.variables)
        if f.internal:
            alias = self.internal_alias(path, f.name)
            if alias is not None:
                f = replace(f, alias=alias, response_key=alias)
        item = target.field(f, leaf=f.selections is None)
        if f.selections is None:
            return
        assert item.sub is not None
        named, depth = self.rules.field_shape(type_name, f.name)
        child_path = path + (f.response_key,) + ("@",) * depth
        if j.provides is not None:
            child_provided: Provided | None = provided_from(j.provides)
        else:
            child_provided = provided.get(f.name) if provided is not None else None
        local = _named(j.type) if j.type else named
        if local != named and local in self.sg.types:
            # The subgraph declares a subtype (``@join__field(type:)``): select on its own
            # type, where fragments on other members are invalid; the supergraph's abstract
            # type still needs the concrete __typename.
            if self.sg.types[named].kind != "object":
                item.sub.plain_field("__typename", leaf=True)
            named = local
        self._chain.append((g.id, type_name, f))
        try:
            self.plan(g, item.sub, named, f.selections, child_path, child_provided)
        finally:
            self._chain.pop()

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
    ) -> list[_Hop] | None:
        """Shortest chain of key jumps on ``type_name`` from ``start`` to ``goal``."""
        t = self.sg.types[type_name]
        queue: deque[tuple[str, list[_Hop]]] = deque([(start, [])])
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
                        route = [*hops, _Hop(nxt, jt.key)]
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
        options: list[tuple[int, int, str, list[_Hop]]] = []
        for order, service in enumerate(self._candidates(g.service, type_name, f)):
            route = self._route(g.service, type_name, service, provided)
            if route is not None:
                options.append((len(route), order, service, route))
        if not options:
            iface = self._interface_via_object(g.service, type_name, f)
            if iface is not None:
                self._jump(g, target, iface, f, path, provided)
                return
            if self._reenter_root(g, type_name, f, path):
                return
            raise PlanningError(
                f"cannot resolve field {type_name}.{f.name} from subgraph {g.service!r}: "
                "no usable @key leads to a subgraph resolving it"
            )
        if len(options) > 1:
            ranked = []
            for hops, order, service, route in options:
                fetches, depth, fields = self.trial_cost(service, type_name, f, True)
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

    def _reenter_root(self, g: Group, type_name: str, f: NField, path: Path) -> bool:
        """Resolve ``f`` (no key leads to it) by selecting the same query fields from the root
        in another subgraph that resolves each of them and ``f``: shared root fields return
        the same values everywhere, so the two results merge (Apollo plans value types under
        shared root fields the same way).

        Only a plain field path qualifies: below an abstract type the other subgraph may see
        another runtime type for the same object, so a path through a type condition is not
        re-entered (Apollo cannot plan those either).
        """
        chain = self._chain
        if (
            g.entity
            or not chain
            or chain[0][1] != self.sg.query_type
            or any(gid != g.id for gid, _, _ in chain)
        ):
            return False
        parents = [t for _, t, _ in chain[1:]] + [type_name]
        if any(
            self.rules.field_shape(t, cf.name)[0] != parent
            for (_, t, cf), parent in zip(chain, parents, strict=True)
        ):
            return False
        for service in self._candidates(g.service, type_name, f):
            if not all(self._plain_in(service, t, cf.name) for _, t, cf in chain):
                continue
            root = next(
                (r for r in self.groups if not r.entity and not r.parents and r.service == service),
                None,
            ) or self.new_root_group(service)
            target = root.root
            for _, _, cf in chain:
                root.variables.update(cf.variables)
                item = target.field(cf, leaf=False)
                assert item.sub is not None
                target = item.sub
            self._touch(root)
            self.field(root, target, type_name, f, path, None)
            return True
        return False

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
        hop: _Hop,
        path: Path,
        provided: Provided | None,
        deps: frozenset[int] | None = None,
        tag: str = "",
        before_key: ast.SelectionSetNode | None = None,
    ) -> Group:
        """Select the key in ``g`` and return the ``_entities`` group of ``hop.service``.

        ``before_key``: fields the representation lists before the key (the ``@requires``
        fields, in Apollo's order).
        """
        before = list(target.items)
        # The object's __typename is already known where an entity fetch's result merges.
        top_level_entity = g.entity and any(
            isinstance(item, FragmentItem) and item.sub is target for item in g.root.items.values()
        )
        idents = self._add_fieldset(
            g,
            target,
            hop.key.selection,
            path,
            type_name,
            typename=not (top_level_entity and self.sg.types[type_name].kind == "object"),
        )
        target.move_to_front([i for i in target.items if i not in before] + idents)
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
                alias = self.internal_alias(path, name)
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

    # -- aliases for internal fields --------------------------------------------------------

    def _reserve(self, path: Path, sels: tuple[NSel, ...]) -> None:
        """Record the client's response keys at ``path`` (with the field each one selects)."""
        keys = self._reserved.setdefault(path, {})
        for s in sels:
            if isinstance(s, NFragment):
                self._reserve(path, s.selections)
            elif not s.internal:
                keys.setdefault(s.response_key, (s.name, s.arguments))

    def internal_alias(self, path: Path, name: str) -> str | None:
        """The alias for an internal selection of ``name`` at ``path`` when the client uses
        ``name`` as the response key of another field there (Apollo aliases such fields too)."""
        keys = self._reserved.get(path, {})
        if keys.get(name, (name, "")) == (name, ""):
            return None
        i = 0
        while f"{name}__alias_{i}" in keys:
            i += 1
        return f"{name}__alias_{i}"

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
                hop = _Hop(service, jt.key)
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
        child = self._enter(
            g,
            target,
            type_name,
            hop,
            path,
            provided,
            frozenset(deps),
            "requires",
            j.requires.selection,
        )
        self._add_local(child, child.root.fragment(type_name), type_name, f, path, None, j)
