"""Interfaces across subgraphs: implementations have every interface field, a subgraph with a
resolvable interface key knows every implementation, and ``@interfaceObject`` types stand for
an interface defined somewhere without defining its implementations."""

from __future__ import annotations

from collections.abc import Sequence

from graphql import print_ast

from composer.errors import CompositionError, ErrorCode
from composer.merge.model import SType, Supergraph
from composer.subgraph.model import Kind, Subgraph
from composer.validate.common import error, merged_error
from composer.validate.sources import canonical_type_name, subgraph_list, type_sources


def _types_phrase(names: list[str], pronoun: bool = False) -> str:
    quoted = [f'"{n}"' for n in names]
    if len(quoted) == 1:
        return f"type {quoted[0]}"
    return "types " + ", ".join(quoted[:-1]) + f" and {quoted[-1]}"


def _implementations(sup: Supergraph) -> dict[str, list[str]]:
    """Per interface name, the object types implementing it in the supergraph, sorted."""
    out: dict[str, list[str]] = {}
    for n, t in sup.types.items():
        if t.kind == Kind.OBJECT:
            for interface in dict.fromkeys(t.interfaces):
                out.setdefault(interface, []).append(n)
    for names in out.values():
        names.sort()
    return out


def check_interface_fields_implemented(
    sup: Supergraph, subgraphs: Sequence[Subgraph]
) -> list[CompositionError]:
    sources = type_sources(subgraphs)
    out: list[CompositionError] = []
    # Implementing types (objects and interfaces) per interface, in supergraph order.
    implementing_types: dict[str, list[SType]] = {}
    for t in sup.types.values():
        if t.kind in (Kind.OBJECT, Kind.INTERFACE):
            for i in dict.fromkeys(t.interfaces):
                implementing_types.setdefault(i, []).append(t)
    for itf in sup.types.values():
        if itf.kind != Kind.INTERFACE:
            continue
        for impl in implementing_types.get(itf.name, ()):
            for fname in itf.fields:
                if fname in impl.fields:
                    continue
                declared = [sg for sg, t in sources.get(itf.name, []) if fname in t.fields]
                implementing = [
                    sg.name
                    for sg, t in sources.get(impl.name, [])
                    if any(canonical_type_name(sg, i) == itf.name for i in t.interfaces)
                ]
                first = declared[0] if declared else subgraphs[0]
                out.append(
                    merged_error(
                        first,
                        ErrorCode.INTERFACE_FIELD_NO_IMPLEM,
                        f'Interface field "{itf.name}.{fname}" is declared in '
                        f'{subgraph_list([s.name for s in declared])} but type "{impl.name}", '
                        f'which implements "{itf.name}" only in {subgraph_list(implementing)} '
                        f'does not have field "{fname}".',
                    )
                )
    return out


def check_interface_key_implementations(
    sup: Supergraph, subgraphs: Sequence[Subgraph]
) -> list[CompositionError]:
    out: list[CompositionError] = []
    implementations = _implementations(sup)
    for name, sources in type_sources(subgraphs).items():
        impls = implementations.get(name, [])
        for sg, t in sources:
            if t.kind != Kind.INTERFACE:
                continue
            key = next((k for k in t.keys if k.resolvable and k.node is not None), None)
            if key is None or key.node is None:
                continue
            local = {
                canonical_type_name(sg, n)
                for n, o in sg.types.items()
                if o.kind == Kind.OBJECT and t.name in o.interfaces
            }
            missing = [i for i in impls if i not in local]
            if not missing:
                continue
            them = "it" if len(missing) == 1 else "them"
            out.append(
                error(
                    sg,
                    ErrorCode.INTERFACE_KEY_MISSING_IMPLEMENTATION_TYPE,
                    f'Interface type "{name}" has a resolvable key ({print_ast(key.node)}) in '
                    f'subgraph "{sg.name}" but that subgraph is missing some of the supergraph '
                    f'implementation types of "{name}". Subgraph "{sg.name}" should define '
                    f'{_types_phrase(missing)} (and have {them} implement "{name}").',
                    key.node,
                )
            )
    return out


def check_interface_objects(
    sup: Supergraph, subgraphs: Sequence[Subgraph]
) -> list[CompositionError]:
    out: list[CompositionError] = []
    implementations = _implementations(sup)
    for name, sources in type_sources(subgraphs).items():
        objects = [(sg, t) for sg, t in sources if t.interface_object]
        if not objects:
            continue
        if all(t.interface_object for _, t in sources):
            out.append(
                merged_error(
                    objects[0][0],
                    ErrorCode.INTERFACE_OBJECT_USAGE_ERROR,
                    f'Type "{name}" is declared with @interfaceObject in all the subgraphs in '
                    f"which it is defined (it is defined in "
                    f"{subgraph_list([sg.name for sg, _ in sources])} but should be defined as "
                    "an interface in at least one subgraph)",
                    *objects[0][1].nodes[:1],
                )
            )
            continue
        impls = set(implementations.get(name, ()))
        for sg, t in objects:
            defined = sorted(canonical_type_name(sg, n) for n in sg.types if n in impls)
            if defined:
                out.append(
                    error(
                        sg,
                        ErrorCode.INTERFACE_OBJECT_USAGE_ERROR,
                        f'Interface type "{name}" is defined as an @interfaceObject in subgraph '
                        f'"{sg.name}" so that subgraph should not define any of the '
                        f'implementation types of "{name}", but it defines '
                        f"{_types_phrase(defined)}",
                        *t.nodes[:1],
                    )
                )
    return out
