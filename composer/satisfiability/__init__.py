"""Satisfiability stage: every query the supergraph's API allows can be planned from the
subgraphs. Reads the emitted supergraph SDL (the same model the router plans on)."""

from __future__ import annotations

from graphql import GraphQLObjectType

from composer.errors import CompositionError, ErrorCode
from composer.satisfiability.advance import Advancer, BudgetExceeded
from composer.satisfiability.api import ApiView
from composer.satisfiability.graph import QueryGraph, Vertex
from composer.satisfiability.traverse import Failure, State, Traversal, Visits
from composer.supergraph.reader import SupergraphError, read_supergraph

__all__ = ["DEFAULT_BUDGET", "check_satisfiability"]

DEFAULT_BUDGET = 5_000_000
"""Edge evaluations allowed before the check gives up (far above any real federation)."""


def check_satisfiability(
    supergraph_sdl: str, budget: int = DEFAULT_BUDGET
) -> list[CompositionError]:
    """SATISFIABILITY_ERROR for each query path no chain of subgraph fetches can serve.

    Args:
        supergraph_sdl: the emitted supergraph.
        budget: how many edge evaluations the search may take.

    Returns:
        One error per unsatisfiable example query (empty when everything is satisfiable), or a
        single error saying the budget was exceeded.
    """
    try:
        sup = read_supergraph(supergraph_sdl, trusted=True)
    except SupergraphError:
        # A supergraph the reader rejects is the emitting stage's failure, reported there;
        # there is no query graph to check.
        return []
    api = ApiView(sup.schema)
    advancer = Advancer(QueryGraph(sup), budget)
    messages: list[str] = []
    # One memo for all roots: a type reached again with the same subgraph options is explored
    # once. Roots go in Apollo's order (its stack takes the last root first), so the same
    # example queries are reported.
    visits: Visits = {}
    try:
        for operation, root in (
            ("subscription", api.subscription_type),
            ("mutation", api.mutation_type),
            ("query", api.query_type),
        ):
            if root is None:
                continue
            if operation == "mutation":
                messages.extend(_check_mutation(api, advancer, root, visits))
            else:
                traversal = Traversal(api, advancer, operation, visits)
                traversal.run(_root_state(advancer, root))
                messages.extend(f.message for f in traversal.failures)
    except BudgetExceeded:
        # DIVERGENCE: Apollo has no step budget (only an optional cap on subgraph paths); an
        # exhausted budget is reported as a satisfiability error saying so.
        messages = [
            f"Satisfiability check stopped after {budget} steps without reaching a verdict: the "
            "supergraph has too many ways to move between subgraphs to be validated within the "
            "budget."
        ]
    return [CompositionError(ErrorCode.SATISFIABILITY_ERROR, m) for m in messages]


def _root_state(advancer: Advancer, root: GraphQLObjectType) -> State:
    info = advancer.graph.types.get(root.name)
    graphs = info.graphs if info is not None else ()
    return State(root.name, tuple(Vertex(g, root.name) for g in graphs), (), at_root=True)


def _check_mutation(
    api: ApiView, advancer: Advancer, root: GraphQLObjectType, visits: Visits
) -> list[str]:
    """Mutation fields run once: a top-level field must be satisfiable from one subgraph alone.

    A field several subgraphs resolve is validated once per subgraph; it fails only when every
    one of them fails.
    """
    probe = Traversal(api, advancer, "mutation")
    states = probe.successors(_root_state(advancer, root))
    messages = [f.message for f in probe.failures]
    # Fields served by one subgraph are walked together, as for queries.
    shared = Traversal(api, advancer, "mutation", visits)
    for name, _ in api.fields(root):
        field_states = [s for s in states if s.path[0].name == name]
        graphs = sorted({v.graph for s in field_states for v in s.vertices})
        if len(graphs) <= 1:
            for s in field_states:
                shared.run(s)
            continue
        per_graph: list[tuple[str, list[Failure]]] = []
        for g in graphs:
            traversal = Traversal(api, advancer, "mutation")
            for s in field_states:
                only = tuple(v for v in s.vertices if v.graph == g)
                if only:
                    traversal.run(State(s.type, only, s.path, s.labels))
            if not traversal.failures:
                per_graph = []
                break
            per_graph.append((g, traversal.failures))
        if per_graph:
            messages.append(_mutation_message(root.name, name, per_graph))
    messages.extend(f.message for f in shared.failures)
    return messages


def _mutation_message(root: str, field: str, per_graph: list[tuple[str, list[Failure]]]) -> str:
    lines = [
        f'Supergraph API queries using the mutation field "{root}.{field}" at top-level must be '
        "satisfiable without needing to call that field from multiple subgraphs, but every "
        "subgraph with that field encounters satisfiability errors. Please fix these "
        "satisfiability errors for (at least) one of the following subgraphs with the "
        "mutation field:"
    ]
    for g, failures in per_graph:
        lines.append(f'- When calling "{root}.{field}" at top-level from subgraph "{g}":')
        for f in failures:
            lines.extend("  " + line for line in f.message.split("\n"))
    return "\n".join(lines)
