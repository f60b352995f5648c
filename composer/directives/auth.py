"""Authorization directives (@authenticated, @requiresScopes, @policy): not on interfaces,
merged per element (scopes/policies as a DNF conjunction), propagated from implementations to
interfaces, and required transitively by @requires / @fromContext fields."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from graphql import print_ast
from graphql.language import ast

from composer.directives.carry import Element, collect, target
from composer.directives.common import canon, parse_selection
from composer.directives.context import parse_context
from composer.errors import CompositionError, ErrorCode
from composer.merge.model import SArg, SDirectiveDef, Supergraph
from composer.merge.typeref import named
from composer.subgraph.model import Applied, Kind, Subgraph

AUTH = ("authenticated", "requiresScopes", "policy")
_ARG = {"requiresScopes": ("scopes", "Scope"), "policy": ("policies", "Policy")}
_LOCATIONS = ["FIELD_DEFINITION", "OBJECT", "INTERFACE", "SCALAR", "ENUM"]

Dnf = list[list[str]]


@dataclass(slots=True)
class Requirements:
    """Auth needed to access one element: authenticated, and scope/policy DNFs."""

    authenticated: bool = False
    dnf: dict[str, Dnf] = field(default_factory=dict)
    printed: dict[str, str] = field(default_factory=dict)  # argument value as written, if unique

    def satisfies(self, other: Requirements | None) -> bool:
        if other is None:
            return True
        if other.authenticated and not self.authenticated:
            return False
        return all(_implies(self.dnf.get(k), other.dnf.get(k)) for k in _ARG)


def _implies(first: Dnf | None, second: Dnf | None) -> bool:
    a = first or [[]]
    b = second or [[]]
    return all(any(set(inner) <= set(fi) for inner in b) for fi in a)


def dnf_conjunction(values: list[Dnf]) -> Dnf:
    """Apollo's DNF_CONJUNCTION merge of several scope/policy lists."""
    if not values:
        return []
    normal: list[Dnf] = []
    for v in values:
        d = sorted((sorted(inner) for inner in (v or [[]])), key=json.dumps)
        if d not in normal:
            normal.append(d)
    result = normal[0]
    for current in normal[1:]:
        acc: Dnf = []
        for a in result:
            for c in current:
                cand = sorted(a + [e for e in c if e not in a])
                if cand not in acc:
                    acc.append(cand)
        acc.sort(key=len)
        result = []
        for cand in acc:
            if not any(set(r) <= set(cand) for r in result):
                result.append(cand)
    return result


def _dnf_value(a: Applied, arg: str) -> Dnf:
    v = a.args.get(arg)
    out: Dnf = []
    if isinstance(v, ast.ListValueNode):
        for inner in v.values:
            vals = inner.values if isinstance(inner, ast.ListValueNode) else (inner,)
            out.append([x.value for x in vals if isinstance(x, ast.StringValueNode)])
    return out


def check_not_on_interfaces(subgraphs: Sequence[Subgraph]) -> list[CompositionError]:
    """AUTH_REQUIREMENTS_APPLIED_ON_INTERFACE."""
    errors: list[CompositionError] = []
    for sg in subgraphs:
        for td in sg.types.values():
            on_type = td.kind == Kind.INTERFACE or td.interface_object
            kind = "interface" if td.kind == Kind.INTERFACE else "interface object"
            for d in td.directives:
                if d.name in AUTH and on_type:
                    errors.append(_on_interface(sg, d, kind, td.name))
            if td.kind != Kind.INTERFACE:
                continue
            for f in td.fields.values():
                for d in f.directives:
                    if d.name in AUTH:
                        errors.append(_on_interface(sg, d, "field", f"{td.name}.{f.name}"))
    return errors


def _on_interface(sg: Subgraph, d: Applied, kind: str, coord: str) -> CompositionError:
    name = d.node.name.value
    return CompositionError(
        ErrorCode.AUTH_REQUIREMENTS_APPLIED_ON_INTERFACE,
        f'Invalid use of @{name} on {kind} "{coord}": @{name} cannot be applied on interfaces, '
        "interface fields and interface objects",
        sg.name,
    )


def _implementations(sup: Supergraph) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for st in sup.types.values():
        for i in st.interfaces:
            if st.kind == Kind.OBJECT:
                out.setdefault(i, []).append(st.name)
    return out


def _collect(sup: Supergraph, subgraphs: Sequence[Subgraph]) -> dict[Element, list[Applied]]:
    """Applications per supergraph element, with those propagated to interfaces."""
    found = collect(subgraphs, lambda sg, a: a.name in AUTH)
    out: dict[Element, list[Applied]] = {k: [a for _, a in v] for k, v in found.items()}
    impls = _implementations(sup)
    itfs_of: dict[str, list[str]] = {}
    for itf, objs in impls.items():
        for o in objs:
            itfs_of.setdefault(o, []).append(itf)
    for key, apps in found.items():
        for sg, a in apps:
            extra: list[Element] = []
            if key[0] == "type":
                td = sg.types.get(_local(sg, key[1]))
                if td is not None and td.kind == Kind.OBJECT and not td.interface_object:
                    extra = [("type", i) for i in itfs_of.get(key[1], [])]
            elif key[0] == "field":
                td = sg.types.get(_local(sg, key[1]))
                if td is None or td.kind != Kind.OBJECT or td.fields[key[2]].external:
                    continue
                if td.interface_object:
                    others = {
                        i for o in impls.get(key[1], []) for i in itfs_of.get(o, []) if i != key[1]
                    }
                    extra = [("field", o, key[2]) for o in impls.get(key[1], [])]
                    extra += [("field", i, key[2]) for i in sorted(others)]
                else:
                    extra = [("field", i, key[2]) for i in itfs_of.get(key[1], [])]
            for e in extra:
                out.setdefault(e, []).append(a)
    return out


def _local(sg: Subgraph, name: str) -> str:
    for local in sg.types:
        if canon(sg, local) == name:
            return local
    return name


def merged_requirements(
    sup: Supergraph, subgraphs: Sequence[Subgraph]
) -> dict[Element, Requirements]:
    out: dict[Element, Requirements] = {}
    for key, apps in _collect(sup, subgraphs).items():
        r = Requirements()
        for kind in AUTH:
            mine = [a for a in apps if a.name == kind]
            if not mine:
                continue
            if kind == "authenticated":
                r.authenticated = True
                continue
            distinct: list[Dnf] = []
            for a in mine:
                v = _dnf_value(a, _ARG[kind][0])
                if v not in distinct:
                    distinct.append(v)
            r.dnf[kind] = distinct[0] if len(distinct) == 1 else dnf_conjunction(distinct)
            texts = {print_ast(a.args[_ARG[kind][0]]) for a in mine if _ARG[kind][0] in a.args}
            if len(distinct) == 1 and len(texts) == 1:
                r.printed[kind] = texts.pop()
        out[key] = r
    return out


def _local_names(subgraphs: Sequence[Subgraph]) -> dict[str, str]:
    names: dict[str, str] = {}
    for key, apps in collect(subgraphs, lambda sg, a: a.name in AUTH).items():
        del key
        for _, a in apps:
            names.setdefault(a.name, a.node.name.value)
    return names


def carry_auth(
    sup: Supergraph, subgraphs: Sequence[Subgraph], reqs: dict[Element, Requirements]
) -> None:
    """Print the merged requirements, with the specs' links, definitions and scalars."""
    names = _local_names(subgraphs)
    for key, r in reqs.items():
        dest = target(sup, key)
        if dest is None or (key[0] == "type" and sup.types[key[1]].kind not in _TYPE_KINDS):
            continue
        if r.authenticated and "authenticated" in names:
            dest.append("@" + names["authenticated"])
        for kind, dnf in r.dnf.items():
            if kind in names:
                value = r.printed.get(kind) or _print_dnf(dnf)
                dest.append(f"@{names[kind]}({_ARG[kind][0]}: {value})")
    for kind, local in names.items():
        url = f'"https://specs.apollo.dev/{kind}/v0.1", for: SECURITY'
        if local != kind:
            url += f', import: [{{name: "@{kind}", as: "@{local}"}}]'
        sup.features[kind] = url
        args: dict[str, SArg] = {}
        if kind in _ARG:
            arg, scalar = _ARG[kind]
            args[arg] = SArg(arg, f"[[{kind}__{scalar}!]!]!", None, None)
            sup.extra_definitions.append((f"{kind}__{scalar}", f"scalar {kind}__{scalar}"))
        sup.directive_defs[local] = SDirectiveDef(local, args, list(_LOCATIONS), False)


_TYPE_KINDS = (Kind.OBJECT, Kind.INTERFACE, Kind.SCALAR, Kind.ENUM)


def _print_dnf(dnf: Dnf) -> str:
    return (
        "[" + ", ".join("[" + ", ".join(json.dumps(x) for x in inner) + "]" for inner in dnf) + "]"
    )


class _Missing(Exception):
    pass


def _check_selection(
    sup: Supergraph,
    reqs: dict[Element, Requirements],
    need: Requirements,
    type_name: str,
    sel: ast.SelectionSetNode,
) -> None:
    st = sup.types.get(type_name)
    for s in sel.selections:
        if isinstance(s, ast.FieldNode):
            f = st.fields.get(s.name.value) if st is not None else None
            if f is None:
                continue
            ret = named(f.type)
            if not need.satisfies(reqs.get(("field", type_name, f.name))) or not need.satisfies(
                reqs.get(("type", ret))
            ):
                raise _Missing(f'field "{type_name}.{f.name}" data')
            if s.selection_set is not None:
                _check_selection(sup, reqs, need, ret, s.selection_set)
        elif isinstance(s, ast.InlineFragmentNode):
            cond = s.type_condition.name.value if s.type_condition else type_name
            if s.type_condition and not need.satisfies(reqs.get(("type", cond))):
                raise _Missing(f'data in inline fragment type condition "{cond}"')
            _check_selection(sup, reqs, need, cond, s.selection_set)


def _needed(reqs: dict[Element, Requirements], type_name: str, field_name: str) -> Requirements:
    t = reqs.get(("type", type_name))
    f = reqs.get(("field", type_name, field_name))
    need = Requirements(bool((t and t.authenticated) or (f and f.authenticated)))
    for kind in _ARG:
        parts = [r.dnf[kind] for r in (t, f) if r is not None and kind in r.dnf]
        if parts:
            need.dnf[kind] = dnf_conjunction(parts)
    return need


class _Transitive:
    """MISSING_TRANSITIVE_AUTH_REQUIREMENTS for @requires and @fromContext fields."""

    def __init__(
        self, sup: Supergraph, subgraphs: Sequence[Subgraph], reqs: dict[Element, Requirements]
    ) -> None:
        self.sup = sup
        self.subgraphs = subgraphs
        self.reqs = reqs
        self.errors: list[CompositionError] = []
        self.contexts: dict[tuple[str, str], list[str]] = {}
        for sg in subgraphs:
            for td in sg.types.values():
                for d in td.get("context"):
                    key = (sg.name, d.arg_str("name") or "")
                    self.contexts.setdefault(key, []).append(canon(sg, td.name))

    def missing(self, sg: Subgraph, coord: str, what: str, directive: str) -> None:
        self.errors.append(
            CompositionError(
                ErrorCode.MISSING_TRANSITIVE_AUTH_REQUIREMENTS,
                f'Field "{coord}" does not specify necessary @authenticated, @requiresScopes and/or '
                f"@policy auth requirements to access the transitive {what} from {directive} "
                "selection set.",
                sg.name,
            )
        )

    def selection(
        self, sg: Subgraph, coord: str, need: Requirements, t: str, text: str, directive: str
    ) -> None:
        sel = parse_selection(text)
        try:
            if sel is not None:
                _check_selection(self.sup, self.reqs, need, t, sel)
        except _Missing as e:
            self.missing(sg, coord, str(e), directive)

    def run(self) -> list[CompositionError]:
        for sg in self.subgraphs:
            for td in sg.types.values():
                t = canon(sg, td.name)
                for f in td.fields.values():
                    need = _needed(self.reqs, t, f.name)
                    coord = f"{t}.{f.name}"
                    if f.requires:
                        self.selection(sg, coord, need, t, f.requires, "@requires")
                    for a in f.args.values():
                        for d in a.directives:
                            if d.name == "fromContext":
                                self.from_context(sg, coord, need, d)
        return self.errors

    def from_context(self, sg: Subgraph, coord: str, need: Requirements, d: Applied) -> None:
        name, selection = parse_context(d.arg_str("field") or "")
        for t in self.contexts.get((sg.name, name or ""), []):
            if not need.satisfies(self.reqs.get(("type", t))):
                self.missing(sg, coord, f"data in context {sg.name}__{name}", "@fromContext")
                continue
            self.selection(sg, coord, need, t, selection or "", "@fromContext")


def check_transitive(
    sup: Supergraph, subgraphs: Sequence[Subgraph], reqs: dict[Element, Requirements]
) -> list[CompositionError]:
    """MISSING_TRANSITIVE_AUTH_REQUIREMENTS for @requires and @fromContext fields."""
    return _Transitive(sup, subgraphs, reqs).run()
