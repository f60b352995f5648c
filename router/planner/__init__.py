"""The query planner: pure and synchronous, from a normalized operation to a ``QueryPlan``."""

from __future__ import annotations

from dataclasses import replace

from composer.supergraph.reader import Supergraph
from router.normalize import NField, NSel
from router.plan import QueryPlan
from router.planner.assemble import assemble, sequence
from router.planner.batch import batch_fetches
from router.planner.builder import Builder, Group, PlanningBudgetExceeded, PlanningError
from router.planner.conditions import lift_conditions
from router.planner.conflicts import alias_conflicts
from router.planner.regroup import cost, more_entries
from router.planner.rules import PlannerConfig, Rules

__all__ = ["PlannerConfig", "PlanningBudgetExceeded", "PlanningError", "QueryPlanner"]


def _root_fields(sels: tuple[NSel, ...]) -> list[NField]:
    """Root selections as fields; a fragment's directives move onto its fields."""
    out: list[NField] = []
    for s in sels:
        if isinstance(s, NField):
            out.append(s)
            continue
        for f in _root_fields(s.selections):
            if s.directives:
                f = replace(
                    f,
                    directives=f.directives + s.directives,
                    conditions=f.conditions + s.conditions,
                    variables=tuple(sorted(set(f.variables) | {c.variable for c in s.conditions})),
                )
            out.append(f)
    return out


class QueryPlanner:
    """Plans operations against one supergraph."""

    def __init__(self, supergraph: Supergraph, config: PlannerConfig | None = None) -> None:
        self.supergraph = supergraph
        self.config = config or PlannerConfig()
        self.rules = Rules(supergraph, self.config)

    def plan(
        self,
        kind: str,
        selections: tuple[NSel, ...],
        variable_types: dict[str, str],
        operation_name: str | None = None,
    ) -> QueryPlan:
        """Plan a normalized operation.

        Args:
            kind: "query" or "mutation".
            selections: the operation's normalized root selections.
            variable_types: printed type of each declared variable.
            operation_name: the client's operation name, used to name subgraph operations.

        Raises:
            PlanningError: some field cannot be resolved by any route.
            PlanningBudgetExceeded: choosing among alternatives needed more evaluations than
                ``PlannerConfig.max_evaluated_alternatives``.
        """
        root_type = self.supergraph.query_type if kind == "query" else self.supergraph.mutation_type
        if root_type is None:
            raise PlanningError(f"the supergraph has no {kind} type")
        fields = [f for f in _root_fields(selections) if not f.name.startswith("__")]
        builder, roots = self._build(kind, root_type, fields, Builder(self.supergraph, self.rules))
        # Rebuild with jumps entering at an ancestor's entity fetch while that saves fetches.
        while True:
            entries = more_entries(builder)
            if entries == builder.entries:
                break
            try:
                other, other_roots = self._build(kind, root_type, fields, builder.rebuilt(entries))
            except PlanningError:
                break
            if cost(other) >= cost(builder):
                break
            builder, roots = other, other_roots
        conditions = lift_conditions(builder.groups)
        alias_conflicts(self.supergraph, builder.groups, {False: root_type, True: "_Entity"})
        if kind == "mutation":
            parts = [
                assemble(builder.groups, [r], kind, variable_types, operation_name, conditions)
                for r in roots
            ]
            node = sequence([p for p in parts if p is not None])
        else:
            node = assemble(builder.groups, roots, kind, variable_types, operation_name, conditions)
        return QueryPlan(batch_fetches(node) if self.config.batch_fetches else node)

    def _build(
        self, kind: str, root_type: str, fields: list[NField], builder: Builder
    ) -> tuple[Builder, list[Group]]:
        """Plan the root fields with ``builder``; return it and the root groups."""
        roots: list[Group] = []
        by_service: dict[str, Group] = {}
        for f in fields:
            service = self._choose_root(builder, root_type, f)
            if kind == "mutation":
                # Mutation root fields run one after the other; neighbours in the same
                # subgraph share a fetch.
                if not roots or roots[-1].service != service:
                    roots.append(builder.new_root_group(service))
                g = roots[-1]
            else:
                g = by_service.get(service) or builder.new_root_group(service)
                if service not in by_service:
                    by_service[service] = g
                    roots.append(g)
            builder.field(g, g.root, root_type, f, (), None)
        builder.merge_into_requires_groups()
        return builder, roots

    def _choose_root(self, builder: Builder, root_type: str, f: NField) -> str:
        info = self.supergraph.types[root_type].fields.get(f.name)
        if info is None:
            raise PlanningError(f"unknown root field {root_type}.{f.name}")
        candidates = [
            j.graph
            for j in info.joins
            if j.graph is not None and self.rules.resolvable(j.graph, root_type, f.name, None)
        ]
        candidates = list(dict.fromkeys(candidates))
        if not candidates:
            raise PlanningError(f"no subgraph resolves {root_type}.{f.name}")
        if len(candidates) == 1:
            return candidates[0]
        ranked = sorted(
            (builder.trial_cost(s, root_type, f, False), i, s) for i, s in enumerate(candidates)
        )
        return ranked[0][2]
