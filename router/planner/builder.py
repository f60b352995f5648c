"""Fetch groups: assigning each selected field to a subgraph fetch, with entity jumps.

The builder walks the normalized operation. A field stays in the current subgraph when that
subgraph can resolve it; otherwise the builder jumps to another subgraph through a ``@key``
(adding the key fields to the current fetch and the field to an ``_entities`` fetch).
``@requires`` fields are fetched first and a separate ``_entities`` fetch then resolves the
requiring field. All choices are deterministic; alternatives are ranked by cost.

Layers: ``state`` (groups, costs, aliases) <- ``hops`` (key hops, entering entity fetches)
<- ``reentry`` (assembled keys, re-entry at an ancestor) <- ``jumps`` (choosing a jump,
``@requires``) <- ``context`` (``@fromContext`` arguments) <- ``types`` (selections on object
and abstract types) <- ``Builder`` (one field, and trial costs). After building,
``regroup`` names jumps whose fields an entity fetch at an ancestor can take with others (the
plan is rebuilt so and kept when it needs fewer fetches), and ``conflicts`` aliases
selections a subgraph cannot merge.
"""

from __future__ import annotations

from dataclasses import replace

from composer.supergraph.reader import FieldSet, JoinField
from router.normalize import NField
from router.planner.groups import (
    UNPLANNABLE,
    Budget,
    Cost,
    Group,
    Path,
    PlanningBudgetExceeded,
    PlanningError,
    named_type,
)
from router.planner.rules import Provided, provided_from
from router.planner.selection import SelSet
from router.planner.types import TypePlanner

__all__ = ["Budget", "Builder", "Group", "PlanningBudgetExceeded", "PlanningError"]


class Builder(TypePlanner):
    """Builds the fetch groups of one operation (a fresh builder per plan)."""

    def trial_cost(
        self, service: str, type_name: str, f: NField, entity: bool, key: FieldSet | None = None
    ) -> Cost:
        """(fetches, depth, entity fields) needed to resolve ``f`` starting in a fetch of
        ``service``; with ``key``, in an entity fetch entered through that key (its fields
        are then known where the fetch's result merges)."""
        memo_key = (service, type_name, id(f), entity, key.text if key is not None else None)
        cached = self._memo.get(memo_key)
        if cached is not None:
            return cached
        self.budget.spend()
        trial = Builder(self.sg, self.rules, self._memo, self.budget)
        trial.trial = True
        if key is not None:
            g = trial.entity_start(service, type_name, key)
            target = g.root.fragment(type_name)
        else:
            g = trial.new_root_group(service)
            target = g.root
        try:
            trial.field(g, target, type_name, f, (), None)
            cost = (len(trial.groups), trial.depth(), trial.entity_fields())
        except PlanningBudgetExceeded:
            raise
        except PlanningError:
            cost = UNPLANNABLE
        self._memo[memo_key] = cost
        return cost

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
                self.add_local(g, target, type_name, f, path, provided, j)
            return
        self._jump(g, target, type_name, f, path, provided)

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
        if j.context_arguments:
            self._with_context(g, target, type_name, f, path, provided, j)
            return
        self._touch(g)
        g.variables.update(f.variables)
        if f.internal:
            alias = self.internal_alias(path, f.name, f.arguments)
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
        local = named_type(j.type) if j.type else named
        if local != named and local in self.sg.types:
            # The subgraph declares a subtype (``@join__field(type:)``): select on its own
            # type, where fragments on other members are invalid; the supergraph's abstract
            # type still needs the concrete __typename.
            if self.sg.types[named].kind != "object":
                item.sub.plain_field("__typename", leaf=True)
            named = local
        self._chain.append((g.id, type_name, f, path, target))
        try:
            self.plan(g, item.sub, named, f.selections, child_path, child_provided)
        finally:
            self._chain.pop()
        if item.sub.is_empty():
            # Every field below entered an entity fetch at an ancestor (``regroup``), which
            # selects this field itself.
            target.drop(item)
