"""Federation validation rules: per subgraph (one rule per module) and on the merged result."""

from __future__ import annotations

from composer.errors import CompositionError
from composer.subgraph.model import Subgraph
from composer.validate.rules import SUBGRAPH_RULES


def validate_subgraph(sg: Subgraph) -> list[CompositionError]:
    """Run every subgraph rule in order; each returns its errors."""
    errors: list[CompositionError] = []
    for rule in SUBGRAPH_RULES:
        errors.extend(rule(sg))
    return errors
