"""The shareable rule: a field resolved by several subgraphs must be @shareable in each."""

from __future__ import annotations

from collections.abc import Sequence

from composer.errors import ErrorCode
from composer.merge.fields import Problems
from composer.subgraph.model import Field, Kind, Subgraph, TypeDef
from composer.subgraph.usage import provided_in


def check_field_sharing(
    type_name: str,
    sources: Sequence[tuple[Subgraph, TypeDef, Field]],
    provided: dict[str, dict[str, set[str]]],
    key_fields: dict[str, dict[str, set[str]]],
    p: Problems,
    through_interface_objects: Sequence[tuple[str, str, bool]] = (),
    field_name: str | None = None,
    graphs: frozenset[str] = frozenset(),
) -> None:
    """Report INVALID_FIELD_SHARING for ``type_name.field`` if it is resolved in several
    subgraphs and not shareable in all of them.

    ``through_interface_objects``: (subgraph, interface, shareable) for each subgraph that
    resolves the field for this type through an @interfaceObject standing for ``interface``;
    ``graphs``: every subgraph name (an @override naming another one is pointed out).
    """
    name = field_name or (sources[0][2].name if sources else "")
    if type_name == "Subscription" and any(f.shareable for _, _, f in sources):
        p.error(
            ErrorCode.INVALID_FIELD_SHARING,
            "Fields on root level subscription object cannot be marked as shareable",
        )
        return
    overridden = valid_override_sources(sources)
    resolving: list[tuple[str, bool]] = []  # (printed subgraph, shareable)
    unknown_targets: list[str] = []  # non-shareable definitions overriding an unknown subgraph
    for sg, td, f in sources:
        if td.kind != Kind.OBJECT or td.interface_object:
            return
        if sg.name in overridden:
            continue
        if f.external:
            # A provided external field resolves it here too; it cannot be marked shareable
            # itself, so it is the other definitions that must be.
            if f.name in provided.get(sg.name, {}).get(type_name, set()):
                resolving.append((f'"{sg.name}"', True))
            continue
        key_field = f.name in key_fields.get(sg.name, {}).get(type_name, set())
        resolving.append((f'"{sg.name}"', f.shareable or key_field))
        if not (f.shareable or key_field) and graphs and f.override_from not in (None, *graphs):
            unknown_targets.append(sg.name)
    defining = {sg.name for sg, _, _ in sources}
    for sg_name, iface, shareable in through_interface_objects:
        if sg_name in defining:
            continue  # the subgraph's own definition of the field is what counts
        resolving.append(
            (f'"{sg_name}" (through @interfaceObject field "{iface}.{name}")', shareable)
        )
    if len(resolving) < 2 or all(ok for _, ok in resolving):
        return
    resolving.sort(key=lambda r: r[0].split('"')[1])  # in subgraph order, as Apollo lists them
    bad = [w for w, ok in resolving if not ok]
    where = " and ".join(w for w, _ in resolving)
    p.error(
        ErrorCode.INVALID_FIELD_SHARING,
        f'Non-shareable field "{type_name}.{name}" is resolved from multiple subgraphs: it is '
        f"resolved from subgraphs {where} and defined as non-shareable in "
        + ("all of them" if len(bad) == len(resolving) else "subgraph " + ", ".join(bad))
        + (
            f' (please note that "{type_name}.{name}" has an @override directive in '
            f'"{unknown_targets[0]}" that targets an unknown subgraph so this could be due to '
            "misspelling the @override(from:) argument)"
            if unknown_targets
            else ""
        ),
    )


def valid_override_sources(sources: Sequence[tuple[Subgraph, TypeDef, Field]]) -> set[str]:
    """Subgraphs whose definition of the field is taken over by a valid @override elsewhere.

    An @override that Apollo rejects (the overriding field is @external, the overridden one
    has @requires/@provides or overrides too, or it names its own subgraph) takes nothing.
    """
    by_graph = {sg.name: f for sg, _, f in sources}
    out: set[str] = set()
    for sg, _, f in sources:
        src_name = f.override_from
        if src_name is None or src_name == sg.name or f.external:
            continue
        src = by_graph.get(src_name)
        if src is not None and (src.requires or src.provides or src.override_from):
            continue
        out.add(src_name)
    return out


def provided_fields(subgraphs: Sequence[Subgraph]) -> dict[str, dict[str, set[str]]]:
    return {sg.name: provided_in(sg) for sg in subgraphs}


__all__ = ["check_field_sharing", "check_runtime_types", "provided_fields"]


def _runtime_types(sg: Subgraph, type_name: str) -> set[str]:
    t = sg.types.get(type_name)
    if t is None:
        return set()
    if t.kind == Kind.UNION:
        return set(t.members)
    if t.kind == Kind.INTERFACE:
        return {
            o.name for o in sg.types.values() if type_name in o.interfaces and o.kind == Kind.OBJECT
        }
    return {type_name}


def check_runtime_types(
    type_name: str, sources: Sequence[tuple[Subgraph, TypeDef, Field]], p: Problems
) -> None:
    """A shareable field of abstract type must have intersecting runtime types everywhere."""
    resolving = [(sg, f) for sg, _, f in sources if not f.external and f.shareable]
    if len(resolving) < 2:
        return
    named = resolving[0][1].type.strip("[]!")
    for sg, f in resolving:
        t = sg.types.get(named)
        abstract = t is not None and t.kind in (Kind.INTERFACE, Kind.UNION)
        if f.type.strip("[]!") != named or not abstract:
            return
    per = [(sg.name, _runtime_types(sg, named)) for sg, _ in resolving]
    common = set.intersection(*(r for _, r in per))
    if common:
        return
    lines = []
    for name, types in per:
        ts = sorted(types)
        word = "type" if len(ts) == 1 else "types"
        lines.append(f' - in subgraph "{name}", {word} ' + " and ".join(f'"{t}"' for t in ts))
    f = resolving[0][1]
    p.error(
        ErrorCode.SHAREABLE_HAS_MISMATCHED_RUNTIME_TYPES,
        f'Shared field "{type_name}.{f.name}" return type "{f.type}" has a non-intersecting set '
        "of possible runtime types across subgraphs. Runtime types in subgraphs are:\n"
        + ";\n".join(lines)
        + ".\nThis is not allowed as shared fields must resolve the same way in all subgraphs, "
        "and that implies at least some common runtime types between the subgraphs.",
    )
