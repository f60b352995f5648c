"""Argument values of directive applications checked against the directives' definitions
(INVALID_GRAPHQL), as Apollo does after GraphQL's SDL rules (which leave values unchecked).

Apollo reads applied values without their types, so an enum literal passes for a ``String``
and a string for an enum value; custom scalars take anything; a missing input field is not
checked here; falsy values (null, 0, "", false) are not checked at all. When any value is invalid, the other subgraph rules are not run.
"""

from __future__ import annotations

import re
from functools import lru_cache

from graphql import parse, print_ast
from graphql.language import ast

from composer.errors import CompositionError, ErrorCode
from composer.subgraph.fed_defs import directive_definition, is_federation_directive
from composer.subgraph.model import Applied, Kind, Subgraph
from composer.validate.common import error

_ANY = "__AnyValue"  # federation scalars (FieldSet, Scope, ...): custom, any value
_BUILTIN: dict[str, dict[str, str]] = {
    "deprecated": {"reason": "String"},
    "specifiedBy": {"url": "String!"},
    "oneOf": {},
}
_INT = re.compile(r"^-?(?:0|[1-9][0-9]*)$")


@lru_cache(maxsize=64)
def _federation_args(canonical: str) -> dict[str, str]:
    text = directive_definition(
        canonical,
        canonical,
        dict.fromkeys(("FieldSet", "Scope", "Policy", "ContextFieldValue"), _ANY),
    )
    d = parse(text, no_location=True).definitions[0]
    assert isinstance(d, ast.DirectiveDefinitionNode)
    return {a.name.value: print_ast(a.type) for a in d.arguments or ()}


def check_directive_values(sg: Subgraph) -> list[CompositionError]:
    out: list[CompositionError] = []
    for app in sg.schema_directives:
        out += _check(sg, app, "schema")
    for t in sg.types.values():
        for app in t.directives:
            out += _check(sg, app, t.name)
        for f in t.fields.values():
            for app in f.directives:
                out += _check(sg, app, f"{t.name}.{f.name}")
            for a in f.args.values():
                for app in a.directives:
                    out += _check(sg, app, f"{t.name}.{f.name}({a.name}:)")
        for iv in t.input_fields.values():
            for app in iv.directives:
                out += _check(sg, app, f"{t.name}.{iv.name}")
        for v in t.values.values():
            for app in v.directives:
                out += _check(sg, app, f"{t.name}.{v.name}")
    return out


def _arg_types(sg: Subgraph, app: Applied) -> dict[str, str] | None:
    local = app.node.name.value
    defined = sg.directive_defs.get(local)
    if defined is not None:
        return {name: a.type for name, a in defined.args.items()}
    if is_federation_directive(app.name):
        return _federation_args(app.name)
    return _BUILTIN.get(local)


def _check(sg: Subgraph, app: Applied, parent: str) -> list[CompositionError]:
    types = _arg_types(sg, app)
    if types is None:
        return []
    local = app.node.name.value
    out: list[CompositionError] = []
    for name, type_ in types.items():
        node = app.args.get(name)
        value = _untyped(node) if node is not None else None
        # Apollo skips falsy values (null, 0, "", false), whatever the argument's type
        if _falsy(value) or _valid(sg, value, type_):
            continue
        out.append(
            error(
                sg,
                ErrorCode.INVALID_GRAPHQL,
                f'Invalid value for "@{local}({name}:)" of type "{type_}" in application of '
                f'"@{local}" to "{parent}".',
                app.node,
            )
        )
    return out


def _falsy(value: object) -> bool:
    return value is None or (not isinstance(value, list | dict) and not value)


def _untyped(node: ast.ValueNode) -> object:
    """The value as Apollo reads an applied literal: strings and enum names alike."""
    if isinstance(node, ast.IntValueNode):
        return int(node.value)
    if isinstance(node, ast.FloatValueNode):
        return float(node.value)
    if isinstance(node, ast.StringValueNode | ast.EnumValueNode):
        return node.value
    if isinstance(node, ast.BooleanValueNode):
        return node.value
    if isinstance(node, ast.ListValueNode):
        return [_untyped(v) for v in node.values]
    if isinstance(node, ast.ObjectValueNode):
        return {f.name.value: _untyped(f.value) for f in node.fields}
    return None  # null (variables cannot appear in a schema)


def _valid(sg: Subgraph, value: object, type_: str) -> bool:
    if type_.endswith("!"):
        return value is not None and _valid(sg, value, type_[:-1])
    if value is None:
        return True
    if type_.startswith("["):
        item = type_[1:-1]
        if isinstance(value, list):
            return all(_valid(sg, v, item) for v in value)
        return _valid(sg, value, item)
    t = sg.types.get(type_)
    if t is not None and t.kind == Kind.INPUT:
        if not isinstance(value, dict | list):
            return False
        given = value if isinstance(value, dict) else {str(i): v for i, v in enumerate(value)}
        if any(k not in t.input_fields for k in given):
            return False
        # a missing field is not checked (Apollo sees undefined, not null)
        return all(_valid(sg, given[k], f.type) for k, f in t.input_fields.items() if k in given)
    return _valid_leaf(sg, value, type_)


def _valid_leaf(sg: Subgraph, value: object, type_: str) -> bool:
    t = sg.types.get(type_)
    builtin = type_ in ("Int", "Float", "String", "Boolean", "ID")
    if not builtin and (t is None or t.kind == Kind.SCALAR):
        return True  # custom scalar (or a federation one)
    if isinstance(value, bool):
        return type_ == "Boolean"
    if isinstance(value, int | float):
        if type_ in ("Int", "ID"):
            return _INT.match(_js_number(value)) is not None
        return type_ == "Float"
    if isinstance(value, str):
        if t is not None and t.kind == Kind.ENUM:
            return value in t.values
        return type_ not in ("Boolean", "Int", "Float")
    return False


def _js_number(value: int | float) -> str:
    """``String(n)`` in JavaScript, for the integer test (``2.0`` is ``"2"``)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
