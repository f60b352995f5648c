"""``@override`` across subgraphs: not on interfaces or interface objects, not from the own
subgraph or from a subgraph overriding the same field, not together with ``@external`` (here)
or ``@requires``/``@provides`` (on the overridden definition), and labels well formed."""

from __future__ import annotations

import re
from collections.abc import Sequence

from composer.errors import CompositionError, ErrorCode
from composer.subgraph.model import Kind, Subgraph
from composer.validate.common import local_name, merged_error
from composer.validate.fieldsets import is_external
from composer.validate.sources import FieldSource, field_sources

_LABEL = re.compile(r"^[a-zA-Z][a-zA-Z0-9_\-:./]*$")
_PERCENT = re.compile(r"^percent\((\d{1,2}(\.\d{1,8})?|100)\)$")


def label_is_valid(label: str) -> bool:
    return bool(_LABEL.match(label) or _PERCENT.match(label))


def check_overrides(subgraphs: Sequence[Subgraph]) -> list[CompositionError]:
    out: list[CompositionError] = []
    graphs = {sg.name: sg for sg in subgraphs}
    for (tname, fname), sources in field_sources(subgraphs).items():
        by_name = {s.sg.name: s for s in sources}
        for s in sources:
            if s.field.override_from is None:
                continue
            out += _check_one(s, f"{tname}.{fname}", by_name)
            if s.field.override_from not in by_name:
                out += _abstracted(s, f"{tname}.{fname}", graphs.get(s.field.override_from))
    return out


def _abstracted(s: FieldSource, coord: str, src: Subgraph | None) -> list[CompositionError]:
    """Overriding a field the source subgraph only has through an @interfaceObject."""
    if src is None or s.type.kind != Kind.OBJECT or s.type.interface_object:
        return []
    for itf in s.type.interfaces:
        t = src.types.get(itf)
        if t is not None and t.interface_object and s.field.name in t.fields:
            return [
                merged_error(
                    s.sg,
                    ErrorCode.OVERRIDE_COLLISION_WITH_ANOTHER_DIRECTIVE,
                    f'Invalid @override on field "{coord}" of subgraph "{s.sg.name}": source '
                    f'subgraph "{src.name}" does not have field "{coord}" but abstract it in type '
                    f'"{itf}" and overriding abstracted fields is not supported.',
                    s.field.node,
                )
            ]
    return []


def _check_one(
    s: FieldSource, coord: str, by_name: dict[str, FieldSource]
) -> list[CompositionError]:
    sg, name, src = s.sg, s.sg.name, s.field.override_from
    node = s.field.node
    if s.type.kind == Kind.INTERFACE:
        return [
            merged_error(
                sg,
                ErrorCode.OVERRIDE_ON_INTERFACE,
                f'@override cannot be used on field "{coord}" on subgraph "{name}": @override is '
                "not supported on interface type fields.",
                node,
            )
        ]
    if s.type.interface_object:
        return [
            merged_error(
                sg,
                ErrorCode.OVERRIDE_COLLISION_WITH_ANOTHER_DIRECTIVE,
                "@override is not yet supported on fields of @interfaceObject types: cannot be "
                f'used on field "{coord}" on subgraph "{name}".',
                node,
            )
        ]
    out: list[CompositionError] = []
    label = s.field.override_label
    if label is not None and not label_is_valid(label):
        out.append(
            merged_error(
                sg,
                ErrorCode.OVERRIDE_LABEL_INVALID,
                f'Invalid @override label "{label}" on field "{coord}" on subgraph "{name}": '
                "labels must start with a letter and after that may contain alphanumerics, "
                "underscores, minuses, colons, periods, or slashes. Alternatively, labels may be "
                'of the form "percent(x)" where x is a float between 0-100 inclusive.',
                node,
            )
        )
    if is_external(s.type, s.field):
        out.append(_collision(s, coord, name, local_name(sg, "external")))
        return out
    if src == name:
        out.append(
            merged_error(
                sg,
                ErrorCode.OVERRIDE_FROM_SELF_ERROR,
                f'Source and destination subgraphs "{name}" are the same for overridden field '
                f'"{coord}"',
                node,
            )
        )
        return out
    other = by_name.get(src or "")
    if other is None:
        return out
    if other.field.override_from is not None:
        out.append(
            merged_error(
                sg,
                ErrorCode.OVERRIDE_SOURCE_HAS_OVERRIDE,
                f'Field "{coord}" on subgraph "{name}" is also marked with directive @override '
                f'in subgraph "{src}". Only one @override directive is allowed per field.',
                node,
            )
        )
        return out
    for canonical in ("requires", "provides"):
        if other.field.has(canonical):
            out.append(_collision(s, coord, other.sg.name, local_name(other.sg, canonical)))
    return out


def _collision(s: FieldSource, coord: str, where: str, directive: str) -> CompositionError:
    return merged_error(
        s.sg,
        ErrorCode.OVERRIDE_COLLISION_WITH_ANOTHER_DIRECTIVE,
        f'@override cannot be used on field "{coord}" on subgraph "{s.sg.name}" since "{coord}" '
        f'on "{where}" is marked with directive "@{directive}"',
        s.field.node,
    )
