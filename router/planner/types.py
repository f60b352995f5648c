"""Planning selections on a type: object types field by field, abstract types in one
selection when the subgraph resolves every field for every runtime type, else per runtime
type; ``@interfaceObject`` subgraphs learn the concrete type elsewhere."""

from __future__ import annotations

from router.normalize import NField, NFragment, NSel
from router.planner.context import ContextPlanner
from router.planner.groups import Group, Path, PlanningError
from router.planner.rules import Provided
from router.planner.selection import SelSet

__all__ = ["TypePlanner"]


class TypePlanner(ContextPlanner):
    """Selections on object, interface and union types."""

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
            if not s.directives and self._unknown_member(g, target, type_name, s, path, provided):
                continue
            inner = tuple(o for o in runtime if self.rules.possible(tc, o))
            wrapped = (NFragment(None, "", (), s.selections),)
            host = target.fragment(type_name, s.directives) if s.directives else target
            self._per_runtime_type(g, host, type_name, wrapped, path, provided, inner)
            if s.directives and host.is_empty():
                target.items.pop(f"... on {type_name}{s.directives}")

    def _unknown_member(
        self,
        g: Group,
        target: SelSet,
        type_name: str,
        s: NFragment,
        path: Path,
        provided: Provided | None,
    ) -> bool:
        """A fragment on an implementation ``g``'s subgraph does not declare (a Federation 1
        node field returning types defined elsewhere): when a key of that type in another
        subgraph is selectable on the abstract type here, jump with it for objects of that
        type. DIVERGENCE: Apollo drops such fragments (the fields come back null)."""
        tc = s.type_condition
        info = self.sg.types.get(tc) if tc is not None else None
        if (
            tc is None
            or info is None
            or info.kind != "object"
            or g.service in info.graphs
            or not self.rules.possible(type_name, tc)
        ):
            return False
        for service in info.graphs:
            for jt in info.keys(service):
                assert jt.key is not None
                if not jt.resolvable or not self.rules.can_provide(
                    g.service, type_name, jt.key.selection, provided
                ):
                    continue
                self._add_fieldset(g, target, jt.key.selection, path, type_name)
                child = self._entity_group(service, path, frozenset({g.id}), "")
                assert child.requires is not None
                rep = child.requires.fragment(tc)
                rep.plain_field("__typename", leaf=True)
                self._add_fields(rep, jt.key.selection, path, tc)
                self.plan(child, child.root.fragment(tc), tc, s.selections, path, None)
                return True
        return False

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
                self.add_local(g, target, type_name, s, path, provided, j)

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
