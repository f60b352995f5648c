"""The shareable rule: a field resolved by several subgraphs must be @shareable in each."""

from __future__ import annotations

from collections.abc import Sequence

from composer.errors import ErrorCode
from composer.merge.fields import Problems
from composer.subgraph.fieldset import fieldset_field_names
from composer.subgraph.model import Field, Kind, Subgraph, TypeDef
from composer.subgraph.upgrade import used_field_names


def _provided(sg: Subgraph) -> dict[str, set[str]]:
    """Per type, the external fields of ``sg`` that some ``@provides`` makes resolvable."""
    out: dict[str, set[str]] = {}
    for t in sg.types.values():
        for f in t.fields.values():
            if f.provides:
                target = f.type.strip("[]!")
                out.setdefault(target, set()).update(fieldset_field_names(f.provides))
                tt = sg.types.get(target)
                if tt is not None and tt.kind in (Kind.INTERFACE, Kind.UNION):
                    for impl in sg.types.values():
                        if target in impl.interfaces or impl.name in tt.members:
                            out.setdefault(impl.name, set()).update(
                                fieldset_field_names(f.provides)
                            )
    return out


def check_field_sharing(
    type_name: str,
    sources: Sequence[tuple[Subgraph, TypeDef, Field]],
    provided: dict[str, dict[str, set[str]]],
    p: Problems,
) -> None:
    """Report INVALID_FIELD_SHARING for ``type_name.field`` if it is resolved in several
    subgraphs and not shareable in all of them."""
    overridden = {f.override_from for _, _, f in sources if f.override_from}
    resolving: list[tuple[Subgraph, bool]] = []
    for sg, td, f in sources:
        if td.kind != Kind.OBJECT or td.interface_object:
            return
        if sg.name in overridden:
            continue
        if f.external and f.name not in provided.get(sg.name, {}).get(type_name, set()):
            continue
        key_field = any(f.name in fieldset_field_names(k.fields) for k in td.keys)
        resolving.append((sg, f.shareable or key_field))
    if len(resolving) < 2 or all(ok for _, ok in resolving):
        return
    name = sources[0][2].name
    bad = [sg.name for sg, ok in resolving if not ok]
    where = " and ".join(f'"{sg.name}"' for sg, _ in resolving)
    p.error(
        ErrorCode.INVALID_FIELD_SHARING,
        f'Non-shareable field "{type_name}.{name}" is resolved from multiple subgraphs: it is '
        f"resolved from subgraphs {where} and defined as non-shareable in "
        + ("all of them" if len(bad) == len(resolving) else "subgraph " + ", ".join(f'"{b}"' for b in bad)),
    )


def provided_in(sg: Subgraph) -> dict[str, set[str]]:
    return _provided(sg)


def provided_fields(subgraphs: Sequence[Subgraph]) -> dict[str, dict[str, set[str]]]:
    return {sg.name: _provided(sg) for sg in subgraphs}


__all__ = ["check_field_sharing", "provided_fields", "used_field_names"]
