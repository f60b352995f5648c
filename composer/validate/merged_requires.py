"""``@requires`` field sets evaluated on the merged types: arguments merge by intersection, so
a selection valid in its subgraph may pass an argument the supergraph dropped, or omit one the
supergraph requires (REQUIRES_INVALID_FIELDS, checked only after a merge without errors)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from graphql.language import ast

from composer.errors import CompositionError, ErrorCode
from composer.merge.model import SField, Supergraph
from composer.merge.typeref import named
from composer.subgraph.fieldset import parse_fieldset
from composer.subgraph.model import Field, Subgraph
from composer.validate.common import error
from composer.validate.fieldsets import printed_directive
from composer.validate.sources import canonical_type_name, subgraph_list


def check_requires_on_supergraph(
    sup: Supergraph, subgraphs: Sequence[Subgraph]
) -> list[CompositionError]:
    out: list[CompositionError] = []
    for sg in subgraphs:
        for t in sg.types.values():
            for f in t.fields.values():
                if f.requires is None:
                    continue
                sel = parse_fieldset(f.requires)
                problem = _first_problem(sup, canonical_type_name(sg, t.name), sel)
                if problem is None:
                    continue
                coord, arg, is_unknown = problem
                out.append(_error(sg, subgraphs, f"{t.name}.{f.name}", f, coord, arg, is_unknown))
    return out


def _first_problem(
    sup: Supergraph, type_name: str, sel: ast.SelectionSetNode | None
) -> tuple[str, str, bool] | None:
    """(field coordinate, argument, whether unknown rather than missing) of the first problem."""
    parent = sup.types.get(type_name)
    if sel is None or parent is None:
        return None
    for s in sel.selections:
        if isinstance(s, ast.InlineFragmentNode):
            cond = s.type_condition.name.value if s.type_condition else type_name
            found = _first_problem(sup, cond, s.selection_set)
        elif isinstance(s, ast.FieldNode):
            mf = parent.fields.get(s.name.value)
            if mf is None:
                continue
            found = _argument_problem(f"{type_name}.{mf.name}", mf, s)
            if found is None and s.selection_set is not None:
                found = _first_problem(sup, named(mf.type), s.selection_set)
        else:
            found = None
        if found is not None:
            return found
    return None


def _argument_problem(coord: str, mf: SField, node: ast.FieldNode) -> tuple[str, str, bool] | None:
    given = {a.name.value for a in node.arguments or ()}
    for name in given:
        if name not in mf.args:
            return coord, name, True
    for a in mf.args.values():
        if a.name not in given and a.type.endswith("!") and a.default is None:
            return coord, a.name, False
    return None


def _error(
    sg: Subgraph,
    subgraphs: Sequence[Subgraph],
    coord: str,
    f: Field,
    target: str,
    arg: str,
    is_unknown: bool,
) -> CompositionError:
    tname, fname = target.split(".")

    def incompatible(test: Callable[[Field], bool]) -> list[str]:
        names = []
        for other in subgraphs:
            if other.name == sg.name:
                continue
            t = next(
                (t for n, t in other.types.items() if canonical_type_name(other, n) == tname),
                None,
            )
            of = t.fields.get(fname) if t is not None else None
            if of is not None and test(of):
                names.append(other.name)
        return names

    requires = f.get("requires")
    applied = printed_directive(requires[0]) if requires else f'@requires(fields: "{f.requires}")'
    if is_unknown:
        where = subgraph_list(incompatible(lambda of: arg not in of.args))
        detail = (
            f'cannot provide a value for argument "{arg}" of field "{target}" as argument '
            f'"{arg}" is not defined in {where}'
        )
    else:

        def required(of: Field) -> bool:
            a = of.args.get(arg)
            return a is not None and a.type.endswith("!") and a.default is None

        where = subgraph_list(incompatible(required))
        detail = (
            f'no value provided for argument "{arg}" of field "{target}" but a value is '
            f'mandatory as "{arg}" is required in {where}'
        )
    return error(
        sg,
        ErrorCode.REQUIRES_INVALID_FIELDS,
        f'On field "{coord}", for {applied}: {detail}',
        requires[0].node if requires else f.node,
    )
