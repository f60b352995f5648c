"""The builder's state: fetch groups, their dependencies, cost measures and internal aliases.

The planning steps live in subclasses (``hops``, ``reentry``, ``jumps``, ``types`` and
``builder.Builder``); the steps a lower layer calls in a higher one are declared here.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Self

from graphql.language import ast

from composer.supergraph.reader import FieldSet, JoinField, Supergraph
from router.normalize import NField, NFragment, NSel
from router.planner.groups import Budget, Cost, Entries, Group, Jump, Path
from router.planner.rules import Provided, Rules
from router.planner.selection import SelSet

__all__ = ["BuilderState"]


class BuilderState(ABC):
    """Fetch groups of one operation being built (a fresh builder per plan).

    The planning steps the higher layers provide are abstract methods here, so that every
    layer can call them; ``builder.Builder`` is the concrete class."""

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
        # type, field, path and selection of the parent object); lets a field no key reaches
        # re-enter at an ancestor elsewhere.
        self._chain: list[tuple[int, str, NField, Path, SelSet]] = []
        # A trial (``trial_cost``) plans one field without the fields above it.
        self.trial = False
        # Arguments each ``@requires`` entity fetch's representation was planned with.
        self._requires_arguments: dict[tuple[str, Path, frozenset[int], str], dict[str, str]] = {}
        # Key jumps taken, with the ancestors where their fields could have entered instead;
        # and the entries chosen for a rebuild (``regroup``).
        self.jumps: list[Jump] = []
        self.entries: Entries = {}

    def rebuilt(self, entries: Entries) -> Self:
        """A fresh builder for the same operation, sharing the memo of costs and the budget,
        whose jumps named in ``entries`` enter at the ancestor given there."""
        other = type(self)(self.sg, self.rules, self._memo, self.budget)
        other.entries = entries
        return other

    # -- steps of the higher layers ---------------------------------------------------------

    @abstractmethod
    def plan(
        self,
        g: Group,
        target: SelSet,
        type_name: str,
        sels: tuple[NSel, ...],
        path: Path,
        provided: Provided | None,
    ) -> None:
        """Plan ``sels`` on ``type_name`` in ``g`` (``types.TypePlanner``)."""

    @abstractmethod
    def field(
        self,
        g: Group,
        target: SelSet,
        type_name: str,
        f: NField,
        path: Path,
        provided: Provided | None,
    ) -> None:
        """Plan one field in ``g`` or through a jump (``builder.Builder``)."""

    @abstractmethod
    def add_local(
        self,
        g: Group,
        target: SelSet,
        type_name: str,
        f: NField,
        path: Path,
        provided: Provided | None,
        j: JoinField,
    ) -> None:
        """Select ``f`` in ``g``'s own subgraph (``builder.Builder``)."""

    @abstractmethod
    def trial_cost(
        self, service: str, type_name: str, f: NField, entity: bool, key: FieldSet | None = None
    ) -> Cost:
        """What resolving ``f`` from a fetch of ``service`` costs (``builder.Builder``)."""

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

    def indexed_entity_groups(self) -> list[tuple[tuple[str, Path, frozenset[int], str], Group]]:
        """The entity groups by (subgraph, path, parent groups, tag), in creation order."""
        return sorted(self._index.items(), key=lambda kv: kv[1].id)

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
                if t2.startswith("requires") and s2 == service and p2 == path and parents <= deps:
                    if x.id in deps or x.requires is None or y.requires is None:
                        continue
                    y.root.merge(x.root)
                    y.requires.merge(x.requires)
                    y.variables |= x.variables
                    self.groups.remove(x)
                    del self._index[key]
                    break

    def entity_start(self, service: str, type_name: str, key: FieldSet) -> Group:
        """An entity group of ``service`` whose representation carries ``key`` (a trial's
        starting point)."""
        g = self._entity_group(service, (), frozenset(), "")
        assert g.requires is not None
        rep = g.requires.fragment(type_name)
        rep.plain_field("__typename", leaf=True)
        self._add_key_fields(rep, key)
        return g

    def _add_key_fields(self, rep: SelSet, key: FieldSet) -> None:
        """The top-level fields of a flat key, in order."""
        for s in key.selection.selections:
            if isinstance(s, ast.FieldNode):
                rep.plain_field(s.name.value, leaf=s.selection_set is None)

    # -- cost measures --------------------------------------------------------------------

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

    # -- aliases for internal fields --------------------------------------------------------

    def _reserve(self, path: Path, sels: tuple[NSel, ...]) -> None:
        """Record the client's response keys at ``path`` (with the field each one selects)."""
        keys = self._reserved.setdefault(path, {})
        for s in sels:
            if isinstance(s, NFragment):
                self._reserve(path, s.selections)
            elif not s.internal:
                keys.setdefault(s.response_key, (s.name, s.arguments))

    def internal_alias(self, path: Path, name: str, arguments: str = "") -> str | None:
        """The alias for an internal selection of ``name`` (with ``arguments``) at ``path``
        when the client, or another internal selection, uses ``name`` as the response key of
        another field there or of the same field with other arguments (Apollo aliases such
        fields too). The same field and arguments always get the same alias."""
        keys = self._reserved.setdefault(path, {})
        owner = keys.setdefault(name, (name, arguments))
        if owner == (name, arguments):
            return None
        i = 0
        while f"{name}__alias_{i}" in keys:
            if keys[f"{name}__alias_{i}"] == (name, arguments):
                return f"{name}__alias_{i}"
            i += 1
        keys[f"{name}__alias_{i}"] = (name, arguments)
        return f"{name}__alias_{i}"
