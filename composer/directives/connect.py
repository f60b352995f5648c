"""Connectors (connect spec): ``@connect``/``@source`` and the subgraphs' connect ``@link`` are
not merged but recorded as ``@join__directive(graphs:, name:, args:)`` on the same element, one
per distinct application, and the supergraph links the latest connect spec version."""

from __future__ import annotations

from collections.abc import Sequence

from graphql import print_ast
from graphql.language import ast

from composer.directives.carry import Element, target
from composer.directives.common import canon, graph_enums
from composer.merge.model import Supergraph
from composer.subgraph.fed_defs import CONNECT_IDENTITY
from composer.subgraph.model import Applied, Subgraph

# The latest (non-preview) connect spec version, linked by the supergraph whatever version the
# subgraphs use (their own links are kept in @join__directive).
SUPERGRAPH_CONNECT = '"https://specs.apollo.dev/connect/v0.3", for: EXECUTION'

# (element, directive name, printed args) -> graphs, in first-seen order
Joins = dict[tuple[Element, str, str], list[str]]


def carry_connect(sup: Supergraph, subgraphs: Sequence[Subgraph]) -> None:
    enums = graph_enums(list(subgraphs))
    joins: Joins = {}
    for sg in subgraphs:
        lk = next((lk for lk in sg.links if lk.identity == CONNECT_IDENTITY), None)
        if lk is None:
            continue
        graph = enums[sg.name]
        names = {lk.local_name("connect"), lk.local_name("source")}
        for app in sg.schema_directives:
            if app.node is lk.node or app.name in names:
                _add(joins, ("schema",), app, graph)
        for td in sg.types.values():
            t = canon(sg, td.name)
            for app in td.directives:
                if app.name in names:
                    _add(joins, ("type", t), app, graph)
            for f in td.fields.values():
                for app in f.directives:
                    if app.name in names:
                        _add(joins, ("field", t, f.name), app, graph)
    if not joins:
        return
    sup.features["connect"] = SUPERGRAPH_CONNECT
    for (key, name, args), graphs in joins.items():
        text = (
            f"@join__directive(graphs: [{', '.join(graphs)}], name: {_string(name)}, args: {args})"
        )
        dest = sup.schema_directives if key == ("schema",) else target(sup, key)
        if dest is not None:
            dest.append(text)


def _add(joins: Joins, key: Element, app: Applied, graph: str) -> None:
    args = "{" + ", ".join(f"{a}: {_value(v)}" for a, v in app.args.items()) + "}"
    graphs = joins.setdefault((key, app.node.name.value, args), [])
    if graph not in graphs:
        graphs.append(graph)


def _value(v: ast.ValueNode) -> str:
    """Printed as Apollo prints argument values: block strings as ordinary strings."""
    if isinstance(v, ast.StringValueNode):
        return _string(v.value)
    if isinstance(v, ast.ListValueNode):
        return "[" + ", ".join(_value(x) for x in v.values) + "]"
    if isinstance(v, ast.ObjectValueNode):
        return "{" + ", ".join(f"{f.name.value}: {_value(f.value)}" for f in v.fields) + "}"
    return print_ast(v)


def _string(s: str) -> str:
    return print_ast(ast.StringValueNode(value=s))
