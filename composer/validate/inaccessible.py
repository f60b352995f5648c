"""``@inaccessible`` on the merged supergraph: what stays in the API schema may not depend on
what is removed (Apollo's checks when computing the API schema)."""

from __future__ import annotations

from collections.abc import Iterator

from graphql.language import ast

from composer.errors import CompositionError, ErrorCode
from composer.merge.model import SArg, SField, SType, Supergraph
from composer.merge.typeref import named
from composer.subgraph.model import Kind


def _hidden(directives: list[str]) -> bool:
    return any(d == "@inaccessible" or d.startswith("@inaccessible(") for d in directives)


def _err(code: ErrorCode, message: str) -> CompositionError:
    return CompositionError(code, message)


def _required(a: SArg) -> bool:
    return a.type.endswith("!") and a.default is None


def check_inaccessible(sup: Supergraph) -> list[CompositionError]:
    out: list[CompositionError] = []
    hidden_types = {n for n, t in sup.types.items() if _hidden(t.directives)}
    query = sup.roots.get("query", "Query")
    if query in hidden_types:
        out.append(
            _err(
                ErrorCode.QUERY_ROOT_TYPE_INACCESSIBLE,
                f'Type "{query}" is @inaccessible but is the root query type, which must be in '
                "the API schema.",
            )
        )
    for t in sup.types.values():
        if t.name in hidden_types:
            continue
        out += _children(t)
        for f in t.fields.values():
            out += _field(sup, t, f, hidden_types)
    return out


def _children(t: SType) -> list[CompositionError]:
    if t.kind in (Kind.OBJECT, Kind.INTERFACE, Kind.INPUT):
        children, what = [f.directives for f in t.fields.values()], "fields"
    elif t.kind == Kind.ENUM:
        children, what = [v.directives for v in t.values.values()], "values"
    else:
        return []
    if children and all(_hidden(c) for c in children):
        return [
            _err(
                ErrorCode.ONLY_INACCESSIBLE_CHILDREN,
                f'Type "{t.name}" is in the API schema but all of its {what} are @inaccessible.',
            )
        ]
    return []


def _field(sup: Supergraph, t: SType, f: SField, hidden: set[str]) -> list[CompositionError]:
    coord = f"{t.name}.{f.name}"
    out: list[CompositionError] = []
    if _hidden(f.directives):
        if t.kind == Kind.INPUT and _required(SArg(f.name, f.type, f.default, None)):
            out.append(
                _err(
                    ErrorCode.REQUIRED_INACCESSIBLE,
                    f'Input field "{coord}" is @inaccessible but is a required input field of '
                    "its type.",
                )
            )
        out += _implemented_by_hidden(sup, t, f)
        return out
    if named(f.type) in hidden:
        out.append(_referenced(named(f.type), coord))
    if t.kind == Kind.INPUT:
        out += _default_uses_hidden(sup, f.type, f.default, coord)
    for a in f.args.values():
        acoord = f"{coord}({a.name}:)"
        if _hidden(a.directives):
            if _required(a):
                out.append(
                    _err(
                        ErrorCode.REQUIRED_INACCESSIBLE,
                        f'Argument "{acoord}" is @inaccessible but is a required argument of its '
                        "field.",
                    )
                )
            continue
        if named(a.type) in hidden:
            out.append(_referenced(named(a.type), acoord))
        out += _default_uses_hidden(sup, a.type, a.default, acoord)
    return out


def _referenced(type_name: str, coord: str) -> CompositionError:
    return _err(
        ErrorCode.REFERENCED_INACCESSIBLE,
        f'Type "{type_name}" is @inaccessible but is referenced by "{coord}", which is in the API '
        "schema.",
    )


def _implemented_by_hidden(sup: Supergraph, t: SType, f: SField) -> list[CompositionError]:
    out: list[CompositionError] = []
    for i in t.interfaces:
        itf = sup.types.get(i)
        if itf is None or _hidden(itf.directives):
            continue
        itf_f = itf.fields.get(f.name)
        if itf_f is not None and not _hidden(itf_f.directives):
            out.append(
                _err(
                    ErrorCode.IMPLEMENTED_BY_INACCESSIBLE,
                    f'Field "{t.name}.{f.name}" is @inaccessible but implements the interface '
                    f'field "{i}.{f.name}", which is in the API schema.',
                )
            )
    return out


def _default_uses_hidden(
    sup: Supergraph, type_text: str, default: ast.ValueNode | None, coord: str
) -> list[CompositionError]:
    if default is None:
        return []
    return [
        _err(
            ErrorCode.DEFAULT_VALUE_USES_INACCESSIBLE,
            f'Enum value "{enum}.{value}" is @inaccessible but is used in the default value of '
            f'"{coord}", which is in the API schema.',
        )
        for enum, value in _enum_values(sup, named(type_text), default)
        if _hidden(sup.types[enum].values[value].directives)
    ]


def _enum_values(sup: Supergraph, type_name: str, v: ast.ValueNode) -> Iterator[tuple[str, str]]:
    t = sup.types.get(type_name)
    if t is None:
        return
    if isinstance(v, ast.ListValueNode):
        for item in v.values:
            yield from _enum_values(sup, type_name, item)
    elif isinstance(v, ast.EnumValueNode) and t.kind == Kind.ENUM and v.value in t.values:
        yield type_name, v.value
    elif isinstance(v, ast.ObjectValueNode) and t.kind == Kind.INPUT:
        for of in v.fields:
            field = t.fields.get(of.name.value)
            if field is not None:
                yield from _enum_values(sup, named(field.type), of.value)
