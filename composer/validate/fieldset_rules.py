"""Rules for ``@key``, ``@requires`` and ``@provides`` field sets (Federation 2 subgraphs).

A field set must be a string that parses and selects existing fields without aliases; keys may
not select interface or union fields nor fields with arguments; ``@requires``/``@provides`` leaves
must be ``@external``; ``@provides`` goes on a composite field that is not ``@external``; none of
them on interfaces (keys from federation 2.3 on).
"""

from __future__ import annotations

from graphql import print_ast

from composer.errors import CompositionError, ErrorCode
from composer.subgraph.model import Applied, Field, Kind, Subgraph, TypeDef
from composer.validate.common import error
from composer.validate.fieldsets import base_name, check_fieldset, is_external

_COMPOSITE = (Kind.OBJECT, Kind.INTERFACE, Kind.UNION)
_SUFFIX_CANNOT_QUERY_KEY = (
    " (the field should either be added to this subgraph or, if it should not be resolved by "
    "this subgraph, you need to add it to this subgraph with @external)."
)
_SUFFIX_CANNOT_QUERY = (
    " (if the field is defined in another subgraph, you need to add it to this subgraph with "
    "@external)."
)


def _code(canonical: str, kind: str) -> ErrorCode:
    if kind == "KEY_FIELDS_SELECT_INVALID_TYPE":
        return ErrorCode.KEY_FIELDS_SELECT_INVALID_TYPE
    return ErrorCode(f"{canonical.upper()}_{kind}")


def _printed(app: Applied) -> str:
    """The application as Apollo prints it: with the arguments the Federation 1 upgrade fixed
    (``fields: a`` becomes ``fields: "a"``)."""
    args = ", ".join(f"{k}: {print_ast(v)}" for k, v in app.args.items())
    return f"@{app.node.name.value}({args})" if args else f"@{app.node.name.value}"


def _report(
    sg: Subgraph,
    target: str,
    parent: TypeDef,
    app: Applied,
    canonical: str,
    *,
    key_rules: bool = False,
    allow_args: bool = False,
    leaves_external: bool = False,
) -> list[CompositionError]:
    check = check_fieldset(
        sg,
        parent,
        app,
        key_rules=key_rules,
        allow_args=allow_args,
        leaves_external=leaves_external,
    )
    out: list[CompositionError] = []
    for p in check.problems:
        msg = p.message
        if msg.startswith("Cannot query field"):
            msg = msg.rstrip(".") + (
                _SUFFIX_CANNOT_QUERY_KEY if canonical == "key" else _SUFFIX_CANNOT_QUERY
            )
        text = f"On {target}, for {_printed(app)}: {msg}"
        out.append(error(sg, _code(canonical, p.kind), text, app.node, p.node))
    return out


def check_keys(sg: Subgraph) -> list[CompositionError]:
    """``@key`` field sets; keys on interfaces need federation 2.3."""
    out: list[CompositionError] = []
    for t in sg.types.values():
        for app in t.get("key"):
            if t.kind == Kind.INTERFACE and sg.fed_version is not None and sg.fed_version < (2, 3):
                name = app.node.name.value
                out.append(
                    error(
                        sg,
                        ErrorCode.KEY_UNSUPPORTED_ON_INTERFACE,
                        f'Cannot use @{name} on interface "{t.name}": @{name} is not yet '
                        "supported on interfaces",
                        app.node,
                    )
                )
            out += _report(sg, f'type "{t.name}"', t, app, "key", key_rules=True)
    return out


def _unsupported_on_interface(
    sg: Subgraph, t: TypeDef, f: Field, app: Applied, canonical: str
) -> list[CompositionError]:
    if t.kind != Kind.INTERFACE:
        return []
    name = app.node.name.value
    return [
        error(
            sg,
            ErrorCode(f"{canonical.upper()}_UNSUPPORTED_ON_INTERFACE"),
            f'Cannot use @{name} on field "{t.name}.{f.name}" of parent type "{t.name}": '
            f"@{name} is not yet supported within interfaces",
            app.node,
        )
    ]


def check_requires(sg: Subgraph) -> list[CompositionError]:
    """``@requires`` field sets: on the field's parent type, leaves ``@external``."""
    out: list[CompositionError] = []
    for t in sg.types.values():
        for f in t.fields.values():
            for app in f.get("requires"):
                out += _unsupported_on_interface(sg, t, f, app, "requires")
                out += _report(
                    sg,
                    f'field "{t.name}.{f.name}"',
                    t,
                    app,
                    "requires",
                    allow_args=True,
                    leaves_external=not sg.is_fed1,
                )
    return out


def check_provides(sg: Subgraph) -> list[CompositionError]:
    """``@provides`` field sets: on the field's (composite) type, leaves ``@external``.

    In Federation 1 subgraphs only the field set itself is checked: the upgrade drops what
    Federation 1 tolerated (non-external leaves, @provides on non-composite fields).
    """
    out: list[CompositionError] = []
    for t in sg.types.values():
        for f in t.fields.values():
            for app in f.get("provides"):
                coord = f"{t.name}.{f.name}"
                target = sg.types.get(base_name(f.type))
                if sg.is_fed1:
                    if target is not None and target.kind in _COMPOSITE:
                        out += _report(sg, f'field "{coord}"', target, app, "provides")
                    continue
                if is_external(t, f):
                    out.append(
                        error(
                            sg,
                            ErrorCode.EXTERNAL_COLLISION_WITH_ANOTHER_DIRECTIVE,
                            f'Cannot have both @provides and @external on field "{coord}"',
                            f.node,
                        )
                    )
                    continue
                if target is None or target.kind not in _COMPOSITE:
                    out.append(
                        error(
                            sg,
                            ErrorCode.PROVIDES_ON_NON_OBJECT_FIELD,
                            f'Invalid @provides directive on field "{coord}": field has type '
                            f'"{f.type}" which is not a Composite Type',
                            f.node,
                        )
                    )
                    continue
                out += _unsupported_on_interface(sg, t, f, app, "provides")
                out += _report(
                    sg, f'field "{coord}"', target, app, "provides", leaves_external=True
                )
    return out
