"""@context / @fromContext: per-subgraph checks (CONTEXT_* codes) and the join
``contextArguments`` of fields with contextual arguments."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from graphql.language import ast

from composer.directives.common import canon, graph_enums, parse_selection, runtime_types
from composer.errors import CompositionError, ErrorCode
from composer.merge.model import SArg, SDirectiveDef, Supergraph
from composer.merge.typeref import is_list, is_non_null, named, nullable, of_list
from composer.subgraph.model import Field, InputValue, Kind, Subgraph, TypeDef

_CONTEXT_RE = re.compile(
    r"^(?:[\n\r\t ,]|#[^\n\r]*)*\$(?:[\n\r\t ,]|#[^\n\r]*)*([A-Za-z_]\w*)(.*)$", re.S
)
_NAME_RE = re.compile(r"^[A-Za-z]\w*$")
_SCALARS = {"String", "Int", "Float", "Boolean", "ID"}


def parse_context(value: str) -> tuple[str | None, str | None]:
    """(context name, selection) of a ``@fromContext(field:)`` value."""
    m = _CONTEXT_RE.match(value)
    if not m:
        return None, None
    return m.group(1), m.group(2)


class _Invalid(Exception):
    """The selection is invalid for a context location (message for the error)."""


@dataclass(slots=True)
class _Ctx:
    sg: Subgraph
    name: str
    coord: str
    errors: list[CompositionError]

    def error(self, code: ErrorCode, msg: str) -> None:
        self.errors.append(CompositionError(code, msg, self.sg.name))

    def invalid(self, why: str, sep: str = ": ") -> None:
        self.error(
            ErrorCode.CONTEXT_INVALID_SELECTION,
            f'Context "{self.name}" is used in "{self.coord}" but the selection is invalid'
            f"{sep}{why}",
        )


def _is_leaf(sg: Subgraph, type_name: str) -> bool:
    td = sg.types.get(type_name)
    return type_name in _SCALARS or (td is not None and td.kind in (Kind.SCALAR, Kind.ENUM))


def _check(sg: Subgraph, type_name: str, sel: ast.SelectionSetNode) -> None:
    """Validate ``sel`` against ``type_name`` like an operation; raise _Invalid."""
    td = sg.types.get(type_name)
    for s in sel.selections:
        if isinstance(s, ast.FieldNode):
            if s.name.value == "__typename":
                continue
            f = td.fields.get(s.name.value) if td is not None else None
            if f is None:
                raise _Invalid(f'Cannot query field "{s.name.value}" on type "{type_name}".')
            base = named(f.type)
            if _is_leaf(sg, base) and s.selection_set is not None:
                raise _Invalid(f'Leaf field "{type_name}.{f.name}" cannot have a selection')
            if not _is_leaf(sg, base):
                if s.selection_set is None:
                    raise _Invalid(f'Field "{type_name}.{f.name}" needs a selection')
                _check(sg, base, s.selection_set)
        elif isinstance(s, ast.InlineFragmentNode):
            cond = s.type_condition.name.value if s.type_condition else type_name
            if cond not in sg.types:
                raise _Invalid(f'Unknown type "{cond}"')
            _check(sg, cond, s.selection_set)
        else:
            raise _Invalid("fragment spread is not allowed")


def _has(sel: ast.SelectionSetNode | None, pred: str) -> bool:
    if sel is None:
        return False
    for s in sel.selections:
        if pred == "directives" and s.directives:
            return True
        if pred == "alias" and isinstance(s, ast.FieldNode) and s.alias is not None:
            return True
        if _has(getattr(s, "selection_set", None), pred):
            return True
    return False


def _resolved(sg: Subgraph, type_name: str, sel: ast.SelectionSetNode, c: _Ctx) -> str | None:
    """The type a single-value selection produces (lists kept, non-null dropped)."""
    td = sg.types.get(type_name)
    if td is not None and td.kind == Kind.OBJECT and td.interface_object:
        c.error(
            ErrorCode.CONTEXT_INVALID_SELECTION,
            f'Context "is used in "{c.coord}" but the selection is invalid: One of the types '
            f'in the selection is an interfaceObject: "{type_name}"',
        )
    out: list[str | None] = []
    for s in sel.selections:
        if not isinstance(s, ast.FieldNode) or td is None or s.name.value not in td.fields:
            out.append(None)
            continue
        ftype = td.fields[s.name.value].type
        if s.selection_set is not None:
            inner = _resolved(sg, named(ftype), s.selection_set, c)
            out.append(None if inner is None else _rewrap(ftype, inner))
        else:
            out.append(_rewrap(ftype, named(ftype)))
    if not out or any(t != out[0] for t in out):
        return None
    return out[0]


def _rewrap(original: str, inner: str) -> str:
    t = nullable(original)
    if is_list(t):
        return "[" + _rewrap(of_list(t), inner) + "]"
    return inner


def _implements(field_type: str, expected: str) -> bool:
    if is_non_null(field_type):
        inner = nullable(field_type)
        return _implements(inner, nullable(expected) if is_non_null(expected) else expected)
    if is_list(field_type) and is_list(expected):
        return _implements(of_list(field_type), of_list(expected))
    return field_type == expected and "[" not in field_type and "!" not in expected


def _validate_value(c: _Ctx, selection: str, arg: InputValue, locations: list[TypeDef]) -> None:
    sel = parse_selection(selection)
    if sel is None:
        c.invalid("the selection does not parse")
        return
    first = sel.selections[0] if sel.selections else None
    conditions: list[str] = []
    if first is None:
        c.invalid("no selection is made")
        return
    if isinstance(first, ast.FieldNode):
        if len(sel.selections) != 1:
            c.invalid("multiple selections are made")
            return
        kind = "field"
    elif isinstance(first, ast.InlineFragmentNode):
        if not all(isinstance(s, ast.InlineFragmentNode) for s in sel.selections):
            c.invalid("multiple fields could be selected")
            return
        conditions = [
            s.type_condition.name.value
            for s in sel.selections
            if isinstance(s, ast.InlineFragmentNode) and s.type_condition
        ]
        if len(set(conditions)) != len(sel.selections):
            c.invalid("type conditions have same name")
            return
        kind = "fragment"
    else:
        c.invalid("fragment spread is not allowed")
        return
    used: set[str] = set()
    for loc in locations:
        try:
            _check(c.sg, loc.name, sel)
        except _Invalid as e:
            c.invalid(f"for type {loc.name}. Error: {e}", sep=" ")
            return
        if _has(sel, "directives"):
            c.invalid("directives are not allowed in the selection")
        if _has(sel, "alias"):
            c.invalid("aliases are not allowed in the selection")
        if kind == "field":
            resolved = _resolved(c.sg, loc.name, sel, c)
            if resolved is None or not _implements(resolved, arg.type):
                c.invalid(
                    f'the type of the selection "{resolved}" does not match the expected type'
                )
                return
            continue
        matching = []
        possible = runtime_types(c.sg, loc)
        for s in sel.selections:
            assert isinstance(s, ast.InlineFragmentNode)
            if s.type_condition is None:
                c.invalid("inline fragments must have type conditions")
                continue
            cond = c.sg.types.get(s.type_condition.name.value)
            if cond is None or cond.kind != Kind.OBJECT:
                c.invalid("type conditions must be an object type")
                continue
            if cond.name in possible:
                matching.append(s)
                used.add(cond.name)
        if not matching:
            c.invalid(f'no type condition matches the location "{loc.name}"')
            return
        for s in matching:
            assert s.type_condition is not None
            resolved = _resolved(c.sg, s.type_condition.name.value, s.selection_set, c)
            if resolved is None or not _implements(nullable(resolved), arg.type):
                c.invalid("the type of the selection does not match the expected type")
                return
    for cond_name in conditions:
        if cond_name not in used:
            c.invalid(f'type condition "{cond_name}" is never used.')


def _contexts(sg: Subgraph, errors: list[CompositionError]) -> dict[str, list[TypeDef]]:
    out: dict[str, list[TypeDef]] = {}
    for td in sg.types.values():
        for d in td.get("context"):
            name = d.arg_str("name") or ""
            if "_" in name:
                msg = f'Context name "{name}" may not contain an underscore.'
                errors.append(CompositionError(ErrorCode.CONTEXT_NAME_INVALID, msg, sg.name))
            elif not _NAME_RE.match(name):
                msg = f'Context name "{name}" is invalid. It should have only alphanumeric characters.'
                errors.append(CompositionError(ErrorCode.CONTEXT_NAME_INVALID, msg, sg.name))
            out.setdefault(name, []).append(td)
    return out


def _not_set(sg: Subgraph, msg: str) -> CompositionError:
    return CompositionError(ErrorCode.CONTEXT_NOT_SET, msg, sg.name)


def _check_argument(
    sg: Subgraph,
    td: TypeDef,
    f: Field,
    arg: InputValue,
    value: str,
    contexts: dict[str, list[TypeDef]],
    errors: list[CompositionError],
) -> None:
    coord = f"{td.name}.{f.name}({arg.name}:)"
    if td.kind != Kind.OBJECT:
        errors.append(
            _not_set(
                sg,
                "@fromContext argument cannot be used on a field that exists on an abstract "
                f'type "{coord}".',
            )
        )
        return
    for i in td.interfaces:
        itf = sg.types.get(i)
        if itf is not None and f.name in itf.fields:
            errors.append(
                _not_set(
                    sg,
                    "@fromContext argument cannot be used on a field implementing an interface "
                    f'field "{i}.{f.name}".',
                )
            )
    if arg.default is not None:
        errors.append(
            _not_set(sg, f'@fromContext arguments may not have a default value: "{coord}".')
        )
    name, selection = parse_context(value)
    if not name or not selection:
        msg = f'@fromContext argument does not reference a context "{value}".'
        errors.append(CompositionError(ErrorCode.NO_CONTEXT_IN_SELECTION, msg, sg.name))
        return
    locations = contexts.get(name)
    if locations is None:
        errors.append(
            _not_set(sg, f'Context "{name}" is used at location "{coord}" but is never set.')
        )
    else:
        _validate_value(_Ctx(sg, name, coord, errors), selection, arg, locations)
    if not any(k.resolvable for k in td.keys):
        errors.append(
            CompositionError(
                ErrorCode.CONTEXT_NO_RESOLVABLE_KEY,
                f'Object "{td.name}" has no resolvable key but has a field with a contextual '
                "argument.",
                sg.name,
            )
        )


def _from_context_value(arg: InputValue) -> str | None:
    for d in arg.directives:
        if d.name == "fromContext":
            v = d.args.get("field")
            return v.value if isinstance(v, ast.StringValueNode) else ""
    return None


def check_contexts(subgraphs: Sequence[Subgraph]) -> list[CompositionError]:
    """The @context/@fromContext rules of each subgraph."""
    errors: list[CompositionError] = []
    for sg in subgraphs:
        contexts = _contexts(sg, errors)
        for dd in sg.directive_defs.values():
            for a in dd.args.values():
                if _from_context_value(a) is not None:
                    errors.append(
                        _not_set(
                            sg,
                            "@fromContext argument cannot be used on a directive definition "
                            f'"@{dd.name}({a.name}:)".',
                        )
                    )
        for td in sg.types.values():
            for f in td.fields.values():
                for a in f.args.values():
                    value = _from_context_value(a)
                    if value is not None:
                        _check_argument(sg, td, f, a, value, contexts, errors)
    return errors


def add_context_arguments(sup: Supergraph, subgraphs: Sequence[Subgraph]) -> bool:
    """Fill ``contextArguments`` of the join fields; True when some field uses a context."""
    enums = graph_enums(list(subgraphs))
    used = False
    for sg in subgraphs:
        for td in sg.types.values():
            st = sup.types.get(canon(sg, td.name))
            for f in td.fields.values():
                items = []
                for a in f.args.values():
                    value = _from_context_value(a)
                    if value is None:
                        continue
                    name, selection = parse_context(value)
                    ctx = json.dumps(f"{sg.name}__{name}")
                    sel = json.dumps(selection or "", ensure_ascii=False)
                    items.append(
                        f"{{context: {ctx}, name: {json.dumps(a.name)}, "
                        f"type: {json.dumps(a.type)}, selection: {sel}}}"
                    )
                sf = st.fields.get(f.name) if st is not None else None
                if not items or sf is None:
                    continue
                used = True
                for jf in sf.join:
                    if jf.graph == enums[sg.name]:
                        jf.context_arguments = "[" + ", ".join(items) + "]"
    return used


def carry_contexts(sup: Supergraph, subgraphs: Sequence[Subgraph]) -> None:
    """``@context`` on the supergraph types, renamed per subgraph, with the context spec."""
    local = None
    for sg in subgraphs:
        for td in sg.types.values():
            st = sup.types.get(canon(sg, td.name))
            for d in td.get("context"):
                local = local or d.node.name.value
                if st is not None:
                    app = (
                        f"@{local}(name: {json.dumps(f'{sg.name}__' + (d.arg_str('name') or ''))})"
                    )
                    if app not in st.directives:
                        st.directives.append(app)
    if local is None:
        return
    link = '"https://specs.apollo.dev/context/v0.1", for: SECURITY'
    if local != "context":
        link += f', import: [{{name: "@context", as: "@{local}"}}]'
    sup.features["context"] = link
    sup.directive_defs[local] = SDirectiveDef(
        local,
        {"name": SArg("name", "String!", None, None)},
        ["INTERFACE", "OBJECT", "UNION"],
        True,
    )
    sup.directive_defs["context__fromContext"] = SDirectiveDef(
        "context__fromContext",
        {"field": SArg("field", "context__ContextFieldValue", None, None)},
        ["ARGUMENT_DEFINITION"],
        False,
    )
    sup.extra_definitions.append(
        ("context__ContextFieldValue", "scalar context__ContextFieldValue")
    )
