"""Rules checked once the subgraphs are merged (they compare subgraphs or need the merged
supergraph), in Apollo's order: merge-time checks, post-merge checks, then ``@inaccessible``."""

from __future__ import annotations

from collections.abc import Sequence

from composer.errors import CompositionError
from composer.merge.model import Supergraph
from composer.subgraph.model import Subgraph
from composer.validate.inaccessible import check_inaccessible
from composer.validate.merged_external import (
    check_external_fields,
    check_merged_directives_on_external,
)
from composer.validate.merged_interfaces import (
    check_interface_fields_implemented,
    check_interface_key_implementations,
    check_interface_objects,
)
from composer.validate.merged_misc import (
    check_extensions_have_base,
    check_import_names,
    check_no_queries,
)
from composer.validate.merged_override import check_overrides
from composer.validate.merged_requires import check_requires_on_supergraph
from composer.validate.merged_schema import check_interface_field_types


def merge_time_errors(sup: Supergraph, subgraphs: Sequence[Subgraph]) -> list[CompositionError]:
    """Errors Apollo reports while merging (alongside the merge stage's own errors)."""
    return [
        *check_import_names(subgraphs),
        *check_extensions_have_base(subgraphs),
        *check_overrides(subgraphs),
        *check_external_fields(sup, subgraphs),
        *check_merged_directives_on_external(subgraphs),
        *check_interface_objects(sup, subgraphs),
        *check_interface_key_implementations(sup, subgraphs),
        *check_no_queries(subgraphs),
    ]


def post_merge_errors(sup: Supergraph, subgraphs: Sequence[Subgraph]) -> list[CompositionError]:
    """Errors Apollo reports only when merging succeeded."""
    errors = [
        *check_interface_fields_implemented(sup, subgraphs),
        *check_requires_on_supergraph(sup, subgraphs),
        *check_interface_field_types(sup, subgraphs),
    ]
    return errors or check_inaccessible(sup)


def validate_merged(sup: Supergraph, subgraphs: Sequence[Subgraph]) -> list[CompositionError]:
    """Merge-time errors; when there are none, the post-merge ones."""
    return merge_time_errors(sup, subgraphs) or post_merge_errors(sup, subgraphs)
