"""Federation directives carried into the supergraph keep their subgraph name, so every
subgraph using one must import it under the same name (LINK_IMPORT_NAME_MISMATCH)."""

from __future__ import annotations

from collections.abc import Sequence

from composer.directives.carry import collect
from composer.errors import CompositionError, ErrorCode
from composer.subgraph.model import Subgraph

CARRIED = {
    "tag": "https://specs.apollo.dev/tag",
    "inaccessible": "https://specs.apollo.dev/inaccessible",
    "authenticated": "https://specs.apollo.dev/authenticated",
    "requiresScopes": "https://specs.apollo.dev/requiresScopes",
    "policy": "https://specs.apollo.dev/policy",
    "context": "https://specs.apollo.dev/context",
    "cost": "https://specs.apollo.dev/cost",
    "listSize": "https://specs.apollo.dev/cost",
}


def check_import_names(subgraphs: Sequence[Subgraph]) -> list[CompositionError]:
    """LINK_IMPORT_NAME_MISMATCH for carried directives used under different names."""
    used: dict[str, dict[str, str]] = {}  # canonical -> subgraph -> local name
    for _, apps in collect(subgraphs, lambda sg, a: a.name in CARRIED).items():
        for sg, a in apps:
            used.setdefault(a.name, {}).setdefault(sg.name, a.node.name.value)
    errors: list[CompositionError] = []
    for canonical in sorted(used):
        per = used[canonical]
        order = [s.name for s in subgraphs if s.name in per]
        fed2 = {per[s.name] for s in subgraphs if s.name in per and not s.is_fed1}
        if canonical in ("tag", "inaccessible") and len(fed2) > 1:
            continue  # reported from the federation link (validate.merged_misc)
        if len({per[n] for n in order}) > 1:
            names = " and ".join(f'"@{per[n]}" in subgraph "{n}"' for n in order)
            errors.append(
                CompositionError(
                    ErrorCode.LINK_IMPORT_NAME_MISMATCH,
                    f'The "@{canonical}" directive (from {CARRIED[canonical]}) is imported with '
                    f"mismatched name between subgraphs: it is imported as {names}",
                )
            )
    return errors
