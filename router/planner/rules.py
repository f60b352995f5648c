"""Which subgraph can resolve which field: the join rules (override, external, provides)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from graphql import GraphQLInterfaceType, GraphQLList, GraphQLNonNull, GraphQLObjectType
from graphql.language import ast

from composer.supergraph.reader import FieldSet, JoinField, Supergraph

__all__ = ["PlannerConfig", "Provided", "Rules", "provided_from"]

_PERCENT_RE = re.compile(r"^percent\((\d+(?:\.\d+)?)\)$")

# A @provides selection as a tree: field name -> provided sub-fields.
Provided = Mapping[str, "Provided"]


@dataclass(frozen=True, slots=True)
class PlannerConfig:
    """Planner options.

    ``override_labels``: custom progressive-override labels treated as active.
    ``percent_threshold``: a ``percent(N)`` label is active when N >= this value; None (the
    default, like @apollo/query-planner without override conditions) keeps every percent
    label inactive.
    ``max_evaluated_alternatives``: the planning budget, how many alternative sub-plans one
    operation may evaluate before planning fails with ``PlanningBudgetExceeded``.
    ``batch_fetches``: schedule fetches in waves and merge each wave's entity fetches to one
    subgraph into one request (``router.planner.batch``); off, plans are Apollo's shape.
    """

    # DIVERGENCE: Apollo's router samples percent(N) labels per request; planning here is
    # deterministic, so a percent label is on or off by this threshold.
    override_labels: frozenset[str] = field(default_factory=frozenset)
    percent_threshold: float | None = None
    plan_cache_size: int = 512
    max_evaluated_alternatives: int = 10_000
    batch_fetches: bool = True


def provided_from(fs: FieldSet) -> Provided:
    return _tree(fs.selection)


def _tree(sel: ast.SelectionSetNode) -> dict[str, Provided]:
    out: dict[str, dict[str, Provided]] = {}
    for s in sel.selections:
        if isinstance(s, ast.FieldNode):
            sub = _tree(s.selection_set) if s.selection_set else {}
            out.setdefault(s.name.value, {}).update(sub)
        elif isinstance(s, ast.InlineFragmentNode):
            for k, v in _tree(s.selection_set).items():
                out.setdefault(k, {}).update(v)
    return dict(out)


class Rules:
    """Field resolvability per subgraph for one supergraph and planner configuration."""

    def __init__(self, supergraph: Supergraph, config: PlannerConfig) -> None:
        self.sg = supergraph
        self.config = config
        self.field_shape = cache(self._field_shape)
        self._contexts: dict[str, tuple[str, ...]] | None = None
        self._context_fields: dict[tuple[str, str], int] | None = None

    def context_types(self, context: str) -> tuple[str, ...]:
        """The types that set ``context`` (``@context(name:)`` in the supergraph)."""
        if self._contexts is None:
            found: dict[str, list[str]] = {}
            for name, t in self.sg.schema.type_map.items():
                nodes = [t.ast_node, *(getattr(t, "extension_ast_nodes", None) or ())]
                for node in nodes:
                    for d in getattr(node, "directives", None) or ():
                        if d.name.value != "context":
                            continue
                        for a in d.arguments:
                            if a.name.value == "name" and isinstance(a.value, ast.StringValueNode):
                                found.setdefault(a.value.value, []).append(name)
            self._contexts = {k: tuple(v) for k, v in found.items()}
        return self._contexts.get(context, ())

    def context_number(self, type_name: str, field_name: str) -> int:
        """The number of a field with ``@fromContext`` arguments among all of them (from 1,
        in supergraph order), which names its variables."""
        if self._context_fields is None:
            self._context_fields = {}
            for t in self.sg.types.values():
                for f in t.fields.values():
                    if any(j.context_arguments for j in f.joins):
                        self._context_fields[(t.name, f.name)] = len(self._context_fields) + 1
        return self._context_fields.get((type_name, field_name), 0)

    def label_active(self, label: str) -> bool:
        m = _PERCENT_RE.match(label)
        if m:
            threshold = self.config.percent_threshold
            return threshold is not None and float(m.group(1)) >= threshold
        return label in self.config.override_labels

    def join(self, service: str, type_name: str, field_name: str) -> JoinField | None:
        t = self.sg.types.get(type_name)
        if t is None or service not in t.graphs:
            return None
        f = t.fields.get(field_name)
        return f.join(service) if f else None

    def resolvable(
        self, service: str, type_name: str, field_name: str, provided: Provided | None
    ) -> bool:
        """Can ``service`` resolve ``type_name.field_name`` at a position with ``provided``?"""
        t = self.sg.types.get(type_name)
        if t is None:
            return False
        f = t.fields.get(field_name)
        j = self.join(service, type_name, field_name)
        if f is None or j is None:
            return False
        if j.external:
            return provided is not None and field_name in provided
        if j.used_overridden:
            return False
        if j.override_label is not None:
            active = self.label_active(j.override_label)
            return active if j.override is not None else not active
        # A definition overridden without a label no longer resolves the field.
        return not any(o.override == service and o.override_label is None for o in f.joins)

    def can_provide(
        self, service: str, type_name: str, sel: ast.SelectionSetNode, provided: Provided | None
    ) -> bool:
        """Can ``service`` produce every field of ``sel`` (a key) on ``type_name``?"""
        t = self.sg.types.get(type_name)
        if t is None or service not in t.graphs:
            return False
        for s in sel.selections:
            if isinstance(s, ast.InlineFragmentNode):
                tc = s.type_condition.name.value if s.type_condition else type_name
                if not self.can_provide(service, tc, s.selection_set, provided):
                    return False
                continue
            assert isinstance(s, ast.FieldNode)
            name = s.name.value
            if name == "__typename":
                continue
            j = self.join(service, type_name, name)
            if j is None:
                return False
            ok = self.resolvable(service, type_name, name, provided) or j.used_overridden
            if not ok:
                return False
            if s.selection_set is not None:
                named, _ = self.field_shape(type_name, name)
                sub = provided.get(name) if provided is not None else None
                if not self.can_provide(service, named, s.selection_set, sub):
                    return False
        return True

    def _field_shape(self, type_name: str, field_name: str) -> tuple[str, int]:
        """(named type, list depth) of a field in the supergraph."""
        t = self.sg.schema.get_type(type_name)
        assert isinstance(t, GraphQLObjectType | GraphQLInterfaceType), type_name
        ftype = t.fields[field_name].type
        depth = 0
        while True:
            if isinstance(ftype, GraphQLNonNull):
                ftype = ftype.of_type
            elif isinstance(ftype, GraphQLList):
                depth += 1
                ftype = ftype.of_type
            else:
                return ftype.name, depth

    def runtime_types(self, service: str, abstract: str) -> tuple[str, ...]:
        """Object types that ``service`` may return for the abstract type ``abstract``."""
        t = self.sg.types[abstract]
        schema_type = self.sg.schema.get_type(abstract)
        assert schema_type is not None
        possible = [o.name for o in self.sg.schema.get_possible_types(schema_type)]  # type: ignore[arg-type]
        out: list[str] = []
        for o in possible:
            ot = self.sg.types[o]
            if service not in ot.graphs:
                continue
            if t.kind == "union":
                if t.union_members and (service, o) not in t.union_members:
                    continue
            elif ot.implements and (service, abstract) not in ot.implements:
                continue
            out.append(o)
        return tuple(out)

    def possible(self, type_condition: str, object_type: str) -> bool:
        """Does a fragment on ``type_condition`` apply to objects of ``object_type``?"""
        if type_condition == object_type:
            return True
        tc = self.sg.schema.get_type(type_condition)
        ot = self.sg.schema.get_type(object_type)
        if tc is None or ot is None or not isinstance(ot, GraphQLObjectType):
            return False
        if isinstance(tc, GraphQLObjectType):
            return False
        return self.sg.schema.is_sub_type(tc, ot)  # type: ignore[arg-type]
