"""Root types: when a root type does not use its default name, no other type may use that
name (``ROOT_QUERY_USED`` and friends). Checked for every subgraph, Federation 1 included."""

from __future__ import annotations

from composer.errors import CompositionError, ErrorCode
from composer.subgraph.model import Subgraph
from composer.validate.common import error

_DEFAULTS = {"query": "Query", "mutation": "Mutation", "subscription": "Subscription"}
_CODES = {
    "query": ErrorCode.ROOT_QUERY_USED,
    "mutation": ErrorCode.ROOT_MUTATION_USED,
    "subscription": ErrorCode.ROOT_SUBSCRIPTION_USED,
}


def check_root_names(sg: Subgraph) -> list[CompositionError]:
    out: list[CompositionError] = []
    for op, default in _DEFAULTS.items():
        root = sg.roots.get(op)
        if root is None or root == default or default not in sg.types:
            continue
        nodes = (
            [*sg.types[root].nodes[:1], *sg.types[default].nodes[:1]] if root in sg.types else []
        )
        out.append(
            error(
                sg,
                _CODES[op],
                f'The schema has a type named "{default}" but it is not set as the {op} root type '
                f'("{root}" is instead): this is not supported by federation. If a root type does '
                "not use its default name, there should be no other type with that default name.",
                *nodes,
            )
        )
    return out
