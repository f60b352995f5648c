"""The merged supergraph is a valid GraphQL schema where merging can break it: a field merged to
a supertype may no longer be a valid implementation of an interface field (INVALID_GRAPHQL,
worded like GraphQL's schema validation, found by Apollo only after a merge without errors)."""

from __future__ import annotations

from collections.abc import Sequence

from composer.errors import CompositionError, ErrorCode
from composer.merge.model import Supergraph
from composer.merge.typeref import is_subtype
from composer.subgraph.model import Kind, Subgraph


def check_interface_field_types(
    sup: Supergraph, subgraphs: Sequence[Subgraph]
) -> list[CompositionError]:
    del subgraphs

    def implements(sub: str, sup_name: str) -> bool:
        t, s = sup.types.get(sub), sup.types.get(sup_name)
        return (t is not None and sup_name in t.interfaces) or (
            s is not None and s.kind == Kind.UNION and sub in s.members
        )

    out: list[CompositionError] = []
    for t in sup.types.values():
        if t.kind not in (Kind.OBJECT, Kind.INTERFACE):
            continue
        for itf_name in dict.fromkeys(t.interfaces):
            itf = sup.types.get(itf_name)
            if itf is None or itf.kind != Kind.INTERFACE:
                continue
            for fname, itf_field in itf.fields.items():
                impl = t.fields.get(fname)
                if impl is None or is_subtype(impl.type, itf_field.type, implements):
                    continue
                out.append(
                    CompositionError(
                        ErrorCode.INVALID_GRAPHQL,
                        f"Interface field {itf.name}.{fname} expects type {itf_field.type} but "
                        f"{t.name}.{fname} of type {impl.type} is not a proper subtype.",
                    )
                )
    return out
