"""``@cost`` and ``@listSize`` (demand-control spec, https://specs.apollo.dev/cost/v0.1) carried
into the supergraph as Apollo does: the cost spec linked (imports only for names other than the
default ``@cost`` / ``@cost__listSize``), both definitions, and on each element one application
merged from the subgraphs' (non-external) ones: the application itself when they agree (defaults
counted), otherwise each argument merged by its strategy, with a hint."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from graphql.language import ast

from composer.directives.carry import Element, printed, target
from composer.directives.common import canon
from composer.errors import Hint, HintCode
from composer.merge.model import SArg, SDirectiveDef, Supergraph
from composer.subgraph.model import Applied, Subgraph, TypeDef

COST_URL = "https://specs.apollo.dev/cost/v0.1"
DIRECTIVES = ("cost", "listSize")
_DEFAULT_NAMES = {"cost": "cost", "listSize": "cost__listSize"}
_COST_LOCATIONS = [
    "ARGUMENT_DEFINITION",
    "ENUM",
    "FIELD_DEFINITION",
    "INPUT_FIELD_DEFINITION",
    "OBJECT",
    "SCALAR",
]
# Arguments in definition order: (name, type, default, merge strategy)
_ARGS: dict[str, list[tuple[str, str, object, str]]] = {
    "cost": [("weight", "Int!", None, "MAX")],
    "listSize": [
        ("assumedSize", "Int", None, "NULLABLE_MAX"),
        ("slicingArguments", "[String!]", None, "NULLABLE_UNION"),
        ("sizedFields", "[String!]", None, "NULLABLE_UNION"),
        ("requireOneSlicingArgument", "Boolean", True, "NULLABLE_AND"),
    ],
}

Values = dict[str, object]


def carry_cost(sup: Supergraph, subgraphs: Sequence[Subgraph]) -> list[Hint]:
    """Add the merged ``@cost``/``@listSize`` applications, the spec link and definitions."""
    found = _collect(subgraphs)
    if not found:
        return []
    names: dict[str, str] = {}
    for per_directive in found.values():
        for canonical, apps in per_directive.items():
            names.setdefault(canonical, apps[0].node.name.value)
    hints: list[Hint] = []
    for key, per_directive in found.items():
        dest = target(sup, key)
        if dest is None:
            continue
        for canonical, apps in per_directive.items():
            text, hint = _merged(canonical, names[canonical], apps, key)
            dest.append(text)
            if hint is not None:
                hints.append(hint)
    _add_spec(sup, names)
    return hints


def _collect(subgraphs: Sequence[Subgraph]) -> dict[Element, dict[str, list[Applied]]]:
    """Applications per supergraph element and directive, in subgraph order (external fields
    are not merged)."""
    out: dict[Element, dict[str, list[Applied]]] = {}

    def add(key: Element, directives: list[Applied]) -> None:
        for d in directives:
            if d.name in DIRECTIVES:
                out.setdefault(key, {}).setdefault(d.name, []).append(d)

    for sg in subgraphs:
        for td in sg.types.values():
            t = canon(sg, td.name)
            add(("type", t), td.directives)
            _collect_fields(td, t, add)
    return out


def _collect_fields(td: TypeDef, t: str, add: Callable[[Element, list[Applied]], None]) -> None:
    for f in td.fields.values():
        if (f.external or td.has("external")) and not f.fake_external:
            continue  # external fields are not merged
        add(("field", t, f.name), f.directives)
        for a in f.args.values():
            add(("arg", t, f.name, a.name), a.directives)
    for iv in td.input_fields.values():
        add(("field", t, iv.name), iv.directives)


def _values(canonical: str, app: Applied) -> Values:
    """The application's argument values, defaults expanded."""
    out: Values = {}
    for name, _, default, _ in _ARGS[canonical]:
        node = app.args.get(name)
        out[name] = default if node is None else _python(node)
    return out


def _python(node: ast.ValueNode) -> object:
    if isinstance(node, ast.IntValueNode):
        return int(node.value)
    if isinstance(node, ast.BooleanValueNode):
        return node.value
    if isinstance(node, ast.StringValueNode):
        return node.value
    if isinstance(node, ast.ListValueNode):
        return [_python(v) for v in node.values]
    return None


def _merged(
    canonical: str, name: str, apps: list[Applied], key: Element
) -> tuple[str, Hint | None]:
    distinct: list[tuple[Applied, Values]] = []
    for a in apps:
        values = _values(canonical, a)
        if all(values != v for _, v in distinct):
            distinct.append((a, values))
    if len(distinct) == 1:
        return printed(distinct[0][0], name), None
    args: list[str] = []
    for arg, _, _, strategy in _ARGS[canonical]:
        value = _merge([v[arg] for _, v in distinct], strategy)
        if value is not None:
            args.append(f"{arg}: {_print(value)}")
    strategies = ", ".join(f"{a}: {s}" for a, _, _, s in _ARGS[canonical])
    hint = Hint(
        HintCode.MERGED_NON_REPEATABLE_DIRECTIVE_ARGUMENTS,
        f'Directive @{name} is applied to "{_coordinate(key)}" in multiple subgraphs with '
        f"different arguments. Merging strategies used by arguments: {{ {strategies} }}",
    )
    return f"@{name}({', '.join(args)})", hint


def _merge(values: list[object], strategy: str) -> object:
    present = [v for v in values if v is not None]
    if not present:
        return None
    if strategy in ("MAX", "NULLABLE_MAX"):
        return max(v for v in present if isinstance(v, int))
    if strategy == "NULLABLE_AND":
        return all(bool(v) for v in present)
    union: list[object] = []
    for v in present:
        for item in v if isinstance(v, list) else [v]:
            if item not in union:
                union.append(item)
    return union


def _print(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_print(v) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value)
    return str(value)


def _coordinate(key: Element) -> str:
    if key[0] == "arg":
        return f"{key[1]}.{key[2]}({key[3]}:)"
    return ".".join(key[1:])


def _add_spec(sup: Supergraph, used: dict[str, str]) -> None:
    """The cost spec link and the definitions of both its directives."""
    names = {c: used.get(c, _DEFAULT_NAMES[c]) for c in DIRECTIVES}
    imports = []
    for c in DIRECTIVES:
        if names[c] == _DEFAULT_NAMES[c]:
            continue
        imports.append(f'"@{c}"' if names[c] == c else f'{{name: "@{c}", as: "@{names[c]}"}}')
    link = json.dumps(COST_URL)
    if imports:
        link += f", import: [{', '.join(imports)}]"
    sup.features["cost"] = link
    sup.directive_defs[names["cost"]] = SDirectiveDef(
        names["cost"], _sargs("cost"), list(_COST_LOCATIONS), False
    )
    sup.directive_defs[names["listSize"]] = SDirectiveDef(
        names["listSize"], _sargs("listSize"), ["FIELD_DEFINITION"], False
    )


def _sargs(canonical: str) -> dict[str, SArg]:
    out: dict[str, SArg] = {}
    for name, type_, default, _ in _ARGS[canonical]:
        node = ast.BooleanValueNode(value=default) if isinstance(default, bool) else None
        out[name] = SArg(name, type_, node, None)
    return out
