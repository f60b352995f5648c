"""Federation validation rules: per subgraph (one rule per module) and on the merged result."""

from __future__ import annotations

from composer.errors import CompositionError
from composer.subgraph.model import Subgraph
from composer.validate.directive_values import check_directive_values
from composer.validate.rules import SUBGRAPH_RULES


def validate_subgraph(sg: Subgraph) -> list[CompositionError]:
    """Run every subgraph rule in order; each returns its errors. Invalid directive argument
    values are GraphQL errors: when there are some, the federation rules are not run."""
    errors = check_directive_values(sg)
    if errors:
        return errors
    for rule in SUBGRAPH_RULES:
        errors.extend(rule(sg))
    return errors
