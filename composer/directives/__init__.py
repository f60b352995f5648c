"""Directives carried into the supergraph beyond join: inaccessible, tag, auth, cost,
context, and custom directives exported with @composeDirective."""

from __future__ import annotations

from collections.abc import Sequence

from composer.directives.auth import (
    carry_auth,
    check_not_on_interfaces,
    check_transitive,
    merged_requirements,
)
from composer.directives.compose_directive import carry_composed, check_composed
from composer.directives.connect import carry_connect
from composer.directives.context import add_context_arguments, carry_contexts
from composer.directives.cost import carry_cost
from composer.directives.executable import merge_executable
from composer.directives.names import check_import_names
from composer.errors import CompositionError, Hint
from composer.features import attach_features
from composer.merge.model import Supergraph
from composer.subgraph.model import Subgraph


def apply_directives(
    sup: Supergraph, subgraphs: Sequence[Subgraph]
) -> tuple[list[CompositionError], list[Hint]]:
    """Add linked specs, directive definitions and applications to the merged supergraph."""
    errors = check_not_on_interfaces(subgraphs)
    errors += check_import_names(subgraphs)
    composed, compose_errors, hints = check_composed(subgraphs)
    errors += compose_errors
    if errors:
        return errors, hints
    errors += carry_composed(sup, subgraphs, composed)
    exec_errors, exec_hints = merge_executable(sup, subgraphs, composed)
    errors += exec_errors
    hints += exec_hints
    reqs = merged_requirements(sup, subgraphs)
    errors += check_transitive(sup, subgraphs, reqs)
    if errors:
        return errors, hints
    carry_auth(sup, subgraphs, reqs)
    hints += carry_cost(sup, subgraphs)
    carry_connect(sup, subgraphs)
    attach_features(sup, subgraphs)
    add_context_arguments(sup, subgraphs)
    carry_contexts(sup, subgraphs)
    return [], hints
