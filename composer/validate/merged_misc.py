"""Whole-composition checks: some subgraph has a query, every type extension has a definition
somewhere, and a federation directive is imported under one name in all subgraphs."""

from __future__ import annotations

from collections.abc import Sequence

from graphql.language import ast

from composer.errors import CompositionError, ErrorCode
from composer.subgraph.model import Subgraph, TypeDef
from composer.validate.common import error, local_name
from composer.validate.sources import canonical_type_name, type_sources


def check_no_queries(subgraphs: Sequence[Subgraph]) -> list[CompositionError]:
    for sg in subgraphs:
        q = sg.types.get(sg.roots.get("query", ""))
        if q is not None and any(n not in ("_entities", "_service") for n in q.fields):
            return []
    return [
        CompositionError(
            ErrorCode.NO_QUERIES,
            "No queries found in any subgraph: a supergraph must have a query root type.",
        )
    ]


def _syntactic_definition(t: TypeDef) -> bool:
    return any(isinstance(n, ast.TypeDefinitionNode) for n in t.nodes)


def _extends_applied(sg: Subgraph, t: TypeDef) -> bool:
    return any(
        sg.fed_names.get(d.name.value) == "extends" for n in t.nodes for d in n.directives or ()
    )


def _extension_node(t: TypeDef) -> ast.Node | None:
    return next((n for n in t.nodes if isinstance(n, ast.TypeExtensionNode)), None)


def check_extensions_have_base(subgraphs: Sequence[Subgraph]) -> list[CompositionError]:
    """Federation 1: a type extension (``extend type`` or ``@extends``) needs a definition in
    another subgraph. Federation 2: some subgraph must define a type only ever extended."""
    out: list[CompositionError] = []
    for name, sources in type_sources(subgraphs).items():
        if any(sg.root_of(t.name) is not None for sg, t in sources) or name.startswith("_"):
            continue
        for sg, t in sources:
            if not sg.is_fed1:
                continue
            extension = (not _syntactic_definition(t)) or _extends_applied(sg, t)
            if extension and not any(
                _syntactic_definition(o) for other, o in sources if other is not sg
            ):
                out.append(_no_base(sg, name, _extension_node(t) or t.nodes[0]))
        # With mismatched kinds, the merged type has the first definition's kind and only
        # definitions of that kind are its sources.
        sources = [(sg, t) for sg, t in sources if t.kind == sources[0][1].kind]
        fed2_ext = [(sg, t) for sg, t in sources if not sg.is_fed1]
        if fed2_ext and not any(_syntactic_definition(t) for _, t in sources):
            out += [
                _no_base(sg, name, _extension_node(t))
                for sg, t in fed2_ext
                if _extension_node(t) is not None
            ]
    return out


def _no_base(sg: Subgraph, name: str, node: ast.Node | None) -> CompositionError:
    return error(
        sg,
        ErrorCode.EXTENSION_WITH_NO_BASE,
        f'Type "{name}" is an extension type, but there is no type definition for "{name}" in '
        "any subgraph.",
        node,
    )


def check_import_names(subgraphs: Sequence[Subgraph]) -> list[CompositionError]:
    """``@tag``/``@inaccessible`` are merged by name: every subgraph using one must import it
    under the same name."""
    out: list[CompositionError] = []
    for canonical in ("tag", "inaccessible"):
        users = [sg for sg in subgraphs if not sg.is_fed1 and _uses(sg, canonical)]
        names = {sg.name: "@" + local_name(sg, canonical) for sg in users}
        distinct = list(dict.fromkeys(names.values()))
        if len(distinct) < 2:
            continue
        first = users[0]
        other = next(sg for sg in users if names[sg.name] != names[first.name])
        fed = next(lk for lk in first.links if lk.name == "federation")
        out.append(
            CompositionError(
                ErrorCode.LINK_IMPORT_NAME_MISMATCH,
                f'The "@{canonical}" directive (from {fed.url}) is imported with mismatched '
                f'name between subgraphs: it is imported as "{names[other.name]}" in subgraph '
                f'"{other.name}" but "{names[first.name]}" in subgraph "{first.name}"',
            )
        )
    return out


def _uses(sg: Subgraph, canonical: str) -> bool:
    for t in sg.types.values():
        if t.has(canonical):
            return True
        for f in t.fields.values():
            if f.has(canonical) or any(a.has(canonical) for a in f.args.values()):
                return True
        if any(v.has(canonical) for v in t.values.values()):
            return True
        if any(i.has(canonical) for i in t.input_fields.values()):
            return True
    return False


__all__ = [
    "canonical_type_name",
    "check_extensions_have_base",
    "check_import_names",
    "check_no_queries",
]
