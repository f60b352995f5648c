"""Entity interfaces and ``@interfaceObject`` within one subgraph: a key of an interface must
be a (resolvable) key of every implementation; an ``@interfaceObject`` type must be an entity."""

from __future__ import annotations

from graphql import print_ast

from composer.errors import CompositionError, ErrorCode
from composer.subgraph.model import Kind, Subgraph, TypeDef
from composer.validate.common import error
from composer.validate.fieldsets import implementations, parse_selection


def _canon(fields: str) -> str | None:
    try:
        return print_ast(parse_selection(fields))
    except Exception:
        return None


def _types_list(types: list[TypeDef]) -> str:
    names = [f'"{t.name}"' for t in types]
    if len(names) == 1:
        return f"type {names[0]}"
    return "types " + ", ".join(names[:-1]) + f" and {names[-1]}"


def check_interface_keys(sg: Subgraph) -> list[CompositionError]:
    if sg.fed_version is None:
        return []
    out: list[CompositionError] = []
    for itf in sg.types.values():
        if itf.kind != Kind.INTERFACE:
            continue
        impls = implementations(sg, itf.name)
        for key, app in zip(itf.keys, itf.get("key"), strict=False):
            wanted = _canon(key.fields)
            missing: list[TypeDef] = []
            unresolvable: list[TypeDef] = []
            for impl in impls:
                match = next((k for k in impl.keys if _canon(k.fields) == wanted), None)
                if match is None:
                    missing.append(impl)
                elif key.resolvable and not match.resolvable:
                    unresolvable.append(impl)
            printed = print_ast(app.node)
            if missing:
                out.append(
                    error(
                        sg,
                        ErrorCode.INTERFACE_KEY_NOT_ON_IMPLEMENTATION,
                        f'Key {printed} on interface type "{itf.name}" is missing on '
                        f"implementation {_types_list(missing)}.",
                        *(t.nodes[0] for t in missing),
                    )
                )
            elif unresolvable:
                out.append(
                    error(
                        sg,
                        ErrorCode.INTERFACE_KEY_NOT_ON_IMPLEMENTATION,
                        f'Key {printed} on interface type "{itf.name}" should be resolvable on '
                        'all implementation types, but is declared with argument "@key(resolvable:)" '
                        f"set to false in {_types_list(unresolvable)}.",
                        *(t.nodes[0] for t in unresolvable),
                    )
                )
    return out


def check_interface_objects_are_entities(sg: Subgraph) -> list[CompositionError]:
    if sg.fed_version is None:
        return []
    out: list[CompositionError] = []
    for t in sg.types.values():
        if t.interface_object and not t.keys:
            out.append(
                error(
                    sg,
                    ErrorCode.INTERFACE_OBJECT_USAGE_ERROR,
                    "The @interfaceObject directive can only be applied to entity types but type "
                    f'"{t.name}" has no @key in this subgraph.',
                    *t.nodes[:1],
                )
            )
    return out
