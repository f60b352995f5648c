"""``@shareable`` only on object types and their fields, at most once per declaration."""

from __future__ import annotations

from graphql.language import ast

from composer.errors import CompositionError, ErrorCode
from composer.subgraph.model import Kind, Subgraph
from composer.validate.common import error, local_name


def check_shareable(sg: Subgraph) -> list[CompositionError]:
    if sg.fed_version is None:
        return []
    name = local_name(sg, "shareable")
    out: list[CompositionError] = []
    for t in sg.types.values():
        if t.kind == Kind.OBJECT:
            for decl in t.nodes:
                if sum(1 for d in decl.directives or () if _is(sg, d, "shareable")) > 1:
                    out.append(_duplicate(sg, f'the same type declaration of "{t.name}"', decl))
        for f in t.fields.values():
            count = sum(1 for d in f.directives if d.name == "shareable")
            if count == 0:
                continue
            if t.kind != Kind.OBJECT:
                out.append(
                    error(
                        sg,
                        ErrorCode.INVALID_SHAREABLE_USAGE,
                        f'Invalid use of @{name} on field "{t.name}.{f.name}": only object type '
                        f"fields can be marked with @{name}",
                        f.node,
                    )
                )
            elif count > 1:
                out.append(_duplicate(sg, f'field "{t.name}.{f.name}"', f.node))
    return out


def _is(sg: Subgraph, d: ast.DirectiveNode, canonical: str) -> bool:
    return sg.fed_names.get(d.name.value) == canonical


def _duplicate(sg: Subgraph, what: str, node: ast.Node) -> CompositionError:
    return error(
        sg,
        ErrorCode.INVALID_SHAREABLE_USAGE,
        f"Invalid duplicate application of @shareable on {what}: @shareable is only repeatable on "
        "types so it can be used simultaneously on a type definition and its extensions, but it "
        "should not be duplicated on the same definition/extension declaration",
        node,
    )
