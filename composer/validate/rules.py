"""The ordered list of per-subgraph federation rules (Apollo's order of checks)."""

from __future__ import annotations

from collections.abc import Callable

from composer.directives.context import check_contexts
from composer.errors import CompositionError
from composer.subgraph.model import Subgraph
from composer.validate.cost_rules import check_cost
from composer.validate.external_rules import check_external_on_interface, check_external_unused
from composer.validate.fieldset_rules import check_keys, check_provides, check_requires
from composer.validate.interfaces import (
    check_interface_keys,
    check_interface_objects_are_entities,
)
from composer.validate.roots import check_root_names
from composer.validate.shareable import check_shareable
from composer.validate.subgraph_name import check_subgraph_name

Rule = Callable[[Subgraph], list[CompositionError]]

SUBGRAPH_RULES: list[Rule] = [
    check_subgraph_name,
    check_root_names,
    check_keys,
    check_requires,
    check_provides,
    check_external_on_interface,
    check_external_unused,
    check_interface_keys,
    check_interface_objects_are_entities,
    check_shareable,
    check_cost,
    lambda sg: check_contexts([sg]),
]
