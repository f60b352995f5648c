"""``@external`` in a Federation 2 subgraph: never on interface fields, and always used by a
``@key``, ``@requires``, ``@provides`` or to implement an interface field."""

from __future__ import annotations

import re

from composer.errors import CompositionError, ErrorCode
from composer.subgraph.model import Kind, Subgraph, TypeDef
from composer.validate.common import error
from composer.validate.fieldsets import base_name, implementations, is_external, selected_fields


def check_external_on_interface(sg: Subgraph) -> list[CompositionError]:
    if sg.fed_version is None:
        return []
    out: list[CompositionError] = []
    for t in sg.types.values():
        if t.kind != Kind.INTERFACE:
            continue
        for f in t.fields.values():
            if is_external(t, f):
                out.append(
                    error(
                        sg,
                        ErrorCode.EXTERNAL_ON_INTERFACE,
                        f'Interface type field "{t.name}.{f.name}" is marked @external but '
                        "@external is not allowed on interface fields (it is nonsensical).",
                        f.node,
                    )
                )
    return out


def used_fields(sg: Subgraph) -> set[tuple[str, str]]:
    """(type, field) pairs a key, requires or provides names, or that implement an interface."""
    used: set[tuple[str, str]] = set()

    def collect(parent: TypeDef, fields: str | None) -> None:
        if fields is None:
            return
        for s in selected_fields(sg, parent, fields):
            used.add((s.parent.name, s.field.name))
            if s.parent.kind == Kind.INTERFACE:
                for impl in implementations(sg, s.parent.name):
                    if s.field.name in impl.fields:
                        used.add((impl.name, s.field.name))

    for t in sg.types.values():
        for k in t.keys:
            collect(t, k.fields)
        for f in t.fields.values():
            collect(t, f.requires)
            target = sg.types.get(base_name(f.type))
            if target is not None and target.kind in (Kind.OBJECT, Kind.INTERFACE, Kind.UNION):
                collect(target, f.provides)
        if t.kind == Kind.INTERFACE:
            for impl in implementations(sg, t.name):
                used.update((impl.name, n) for n in t.fields if n in impl.fields)
    for name, selection in _context_selections(sg):
        for t in sg.types.values():
            if any(a.arg_str("name") == name for a in t.get("context")):
                collect(t, selection)
    return used


def _context_selections(sg: Subgraph) -> list[tuple[str, str]]:
    """(context name, selection) of every ``@fromContext(field: "$name { ... }")``."""
    out: list[tuple[str, str]] = []
    for t in sg.types.values():
        for f in t.fields.values():
            for arg in f.args.values():
                for app in arg.directives:
                    value = app.arg_str("field") if app.name == "fromContext" else None
                    m = _CONTEXT_RE.match(value or "")
                    if m:
                        out.append((m.group(1), m.group(2)))
    return out


_CONTEXT_RE = re.compile(r"^\s*\$(\w+)\s*\{?(.*?)\}?\s*$", re.S)


def check_external_unused(sg: Subgraph) -> list[CompositionError]:
    if sg.fed_version is None:
        return []
    used = used_fields(sg)
    out: list[CompositionError] = []
    for t in sg.types.values():
        if t.kind not in (Kind.OBJECT, Kind.INTERFACE):
            continue
        for f in t.fields.values():
            if not is_external(t, f) or (t.name, f.name) in used:
                continue
            out.append(
                error(
                    sg,
                    ErrorCode.EXTERNAL_UNUSED,
                    f'Field "{t.name}.{f.name}" is marked @external but is not used in any '
                    "federation directive (@key, @provides, @requires) or to satisfy an "
                    "interface; the field declaration has no use and should be removed (or the "
                    "field should not be @external).",
                    f.node,
                )
            )
    return out
