"""The validation traversal: walk the API schema from each root, following every subgraph path.

Each state is a position in the API schema (a type reached by a path of fields and type
conditions) with the set of subgraph vertices that could serve that path. A state whose set is
a superset of one already explored at the same type adds nothing and is skipped, which bounds
the walk by the number of distinct vertex sets per type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from graphql import (
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLUnionType,
    get_named_type,
    is_leaf_type,
)

from composer.satisfiability.advance import Advancer, Reason, Step
from composer.satisfiability.api import ApiView
from composer.satisfiability.graph import Labels, Vertex
from composer.satisfiability.message import PathElement, satisfiability_message


@dataclass(frozen=True, slots=True)
class State:
    """A position in the API schema and the subgraph vertices that can serve it."""

    type: str
    vertices: tuple[Vertex, ...]
    path: tuple[PathElement, ...]
    labels: Labels = frozenset()
    at_root: bool = False


@dataclass(frozen=True, slots=True)
class Failure:
    """One unsatisfiable query path, with the reasons per subgraph."""

    operation: str
    path: tuple[PathElement, ...]
    reasons: tuple[Reason, ...]

    @property
    def message(self) -> str:
        return satisfiability_message(self.operation, self.path, self.reasons)


Move = Callable[[Vertex, Labels], Step]

# Per API type, the vertex sets (and labels) already explored from it.
Visits = dict[str, list[tuple[frozenset[Vertex], Labels]]]


class Traversal:
    """One walk from a root state; ``failures`` collects what cannot be satisfied."""

    def __init__(
        self, api: ApiView, advancer: Advancer, operation: str, visits: Visits | None = None
    ) -> None:
        self.api = api
        self.adv = advancer
        self.operation = operation
        self.failures: list[Failure] = []
        self._visits: Visits = {} if visits is None else visits

    def run(self, start: State) -> None:
        stack = [start]
        while stack:
            state = stack.pop()
            if self._seen(state):
                continue
            # Like Apollo, children are explored last field first; which example query a
            # shared failure is reported under depends on that order.
            stack.extend(self.successors(state))

    def _seen(self, state: State) -> bool:
        current = frozenset(state.vertices)
        visits = self._visits.setdefault(state.type, [])
        for prev, labels in visits:
            if labels == state.labels and current >= prev:
                return True
        visits.append((current, state.labels))
        return False

    def successors(self, state: State) -> list[State]:
        """The states one field or type condition further; records failures on the way."""
        t = self.api.type(state.type)
        out: list[State] = []
        if isinstance(t, GraphQLObjectType):
            for name, fdef in self.api.fields(t):
                target = get_named_type(fdef.type)
                leaf = is_leaf_type(target)
                el = PathElement(name, fdef, leaf)
                for labels in self._label_choices(state, name):
                    move = partial(
                        self._field, parent=t.name, name=name, leaf=leaf, at_root=state.at_root
                    )
                    nxt = self._advance_field(state, labels, el, move, name)
                    if nxt is not None and not leaf:
                        out.append(State(target.name, nxt, state.path + (el,), labels))
        elif isinstance(t, GraphQLInterfaceType | GraphQLUnionType):
            for o in self.api.possible_types(t):
                el = PathElement(o)
                nxt = self.advance(state, state.labels, el, partial(self._downcast, target=o))
                if nxt is not None:
                    out.append(State(o, nxt, state.path + (el,), state.labels))
        return out

    def _downcast(self, v: Vertex, labels: Labels, *, target: str) -> Step:
        return self.adv.downcast(v, target, labels)

    def _field(
        self, v: Vertex, labels: Labels, *, parent: str, name: str, leaf: bool, at_root: bool
    ) -> Step:
        # Every root is entered directly from the start state, so no jump is needed there.
        return self.adv.field(
            v, name, labels, leaf=leaf, direct_only=at_root, after_key=at_root, parent=parent
        )

    def _label_choices(self, state: State, field: str) -> list[Labels]:
        """Progressive override: explore the field with its label both active and inactive."""
        t = self.adv.graph.types.get(state.type)
        info = t.fields.get(field) if t is not None else None
        labels = {j.override_label for j in info.joins if j.override_label} if info else set()
        choices = [state.labels]
        for label in sorted(labels):
            fixed = {lb for lb, _ in state.labels}
            if label in fixed:
                continue
            choices = [c | {(label, value)} for c in choices for value in (True, False)]
        return choices

    def _advance_field(
        self, state: State, labels: Labels, el: PathElement, move: Move, name: str
    ) -> tuple[Vertex, ...] | None:
        """``advance`` for a field. At a root, where only direct edges count, the subgraphs
        without a definition of the field are skipped unless no other can serve it: they
        only add reasons, which matter only then (a root has one vertex per subgraph, and a
        root field is usually defined in one of them)."""
        if state.at_root and len(state.vertices) > 1 and name != "__typename":
            graph = self.adv.graph
            able = [v for v in state.vertices if graph.has_definition(v, name)]
            options: list[Vertex] = []
            for v in able:
                for o in move(v, labels).options:
                    if o not in options:
                        options.append(o)
            if options:
                return tuple(options)
        return self.advance(state, labels, el, move)

    def advance(
        self, state: State, labels: Labels, el: PathElement, move: Move
    ) -> tuple[Vertex, ...] | None:
        """Advance every subgraph path of ``state``; None when the branch ends here."""
        options: list[Vertex] = []
        reasons: list[Reason] = []
        for v in state.vertices:
            step = move(v, labels)
            if step.no_results:
                return None
            for o in step.options:
                if o not in options:
                    options.append(o)
            reasons.extend(step.reasons)
        if not options:
            self.failures.append(Failure(self.operation, state.path + (el,), tuple(reasons)))
            return None
        return tuple(options)
