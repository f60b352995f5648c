"""Demand-control directives in a subgraph (cost spec v0.1): ``@cost`` not on interface fields;
``@listSize`` on lists, with a non-negative ``assumedSize``, ``Int`` slicing arguments of the
field and sized fields that are list fields of the returned type. As in Apollo, stricter spec
rules that cannot cause runtime failures are not checked."""

from __future__ import annotations

from graphql.language import ast

from composer.errors import CompositionError, ErrorCode
from composer.merge.typeref import is_list, named
from composer.subgraph.model import Applied, Field, Kind, Subgraph, TypeDef
from composer.validate.common import error

_COMPOSITE = (Kind.OBJECT, Kind.INTERFACE, Kind.UNION)


def check_cost(sg: Subgraph) -> list[CompositionError]:
    out: list[CompositionError] = []
    for t in sg.types.values():
        for f in t.fields.values():
            for app in f.directives:
                if app.name == "cost" and t.kind == Kind.INTERFACE:
                    out.append(
                        error(
                            sg,
                            ErrorCode.COST_APPLIED_TO_INTERFACE_FIELD,
                            f'@cost cannot be applied to interface "{t.name}.{f.name}"',
                            app.node,
                            f.node,
                        )
                    )
                elif app.name == "listSize":
                    out += _list_size(sg, t, f, app)
    return out


def _strings(v: ast.ValueNode | None) -> list[str]:
    if isinstance(v, ast.ListValueNode):
        return [x.value for x in v.values if isinstance(x, ast.StringValueNode)]
    if isinstance(v, ast.StringValueNode):
        return [v.value]
    return []


def _list_size(sg: Subgraph, t: TypeDef, f: Field, app: Applied) -> list[CompositionError]:
    coord = f"{t.name}.{f.name}"
    problems: list[tuple[ErrorCode, str]] = []
    sized = _strings(app.args.get("sizedFields"))
    if not sized and not is_list(f.type):
        problems.append((ErrorCode.LIST_SIZE_APPLIED_TO_NON_LIST, f'"{coord}" is not a list'))
    assumed = app.args.get("assumedSize")
    if isinstance(assumed, ast.IntValueNode) and int(assumed.value) < 0:
        problems.append(
            (
                ErrorCode.LIST_SIZE_INVALID_ASSUMED_SIZE,
                f'Assumed size of "{coord}" cannot be negative',
            )
        )
    for name in _strings(app.args.get("slicingArguments")):
        arg = f.args.get(name)
        if arg is None:
            problems.append(
                (
                    ErrorCode.LIST_SIZE_INVALID_SLICING_ARGUMENT,
                    f'Slicing argument "{name}" is not an argument of "{coord}"',
                )
            )
        elif arg.type not in ("Int", "Int!"):
            problems.append(
                (
                    ErrorCode.LIST_SIZE_INVALID_SLICING_ARGUMENT,
                    f'Slicing argument "{coord}({name}:)" must be Int or Int!',
                )
            )
    if sized:
        problems += _sized_fields(sg, f, sized)
    return [error(sg, code, message, app.node, f.node) for code, message in problems]


def _sized_fields(sg: Subgraph, f: Field, sized: list[str]) -> list[tuple[ErrorCode, str]]:
    target = sg.types.get(named(f.type))
    if target is None or target.kind not in _COMPOSITE:
        return [
            (
                ErrorCode.LIST_SIZE_INVALID_SIZED_FIELD,
                f'Sized fields cannot be used because "{f.type}" is not a composite type',
            )
        ]
    out: list[tuple[ErrorCode, str]] = []
    for name in sized:
        sf = target.fields.get(name)
        if sf is None:
            out.append(
                (
                    ErrorCode.LIST_SIZE_INVALID_SIZED_FIELD,
                    f'Sized field "{name}" is not a field on type "{target.name}"',
                )
            )
        elif not is_list(sf.type):
            out.append(
                (
                    ErrorCode.LIST_SIZE_APPLIED_TO_NON_LIST,
                    f'Sized field "{target.name}.{name}" is not a list',
                )
            )
    return out
