"""The client-facing API schema of a supergraph: no link/join machinery, nothing inaccessible."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    build_ast_schema,
    parse,
)
from graphql.language import ast


class ApiSchemaError(Exception):
    """The supergraph cannot be read or its API schema is not a valid GraphQL schema."""


_URL_RE = re.compile(r"/([A-Za-z_][A-Za-z0-9_-]*)/v(\d+)\.(\d+)/?$")


@dataclass(frozen=True, slots=True)
class _Features:
    prefixes: frozenset[str]
    imported: frozenset[str]
    inaccessible: str


def _links(doc: DocumentNode) -> list[dict[str, ast.ValueNode]]:
    out: list[dict[str, ast.ValueNode]] = []
    for d in doc.definitions:
        if isinstance(d, ast.SchemaDefinitionNode | ast.SchemaExtensionNode):
            for app in d.directives or ():
                if app.name.value in ("link", "core"):
                    out.append({a.name.value: a.value for a in app.arguments or ()})  # type: ignore[misc]
    return out


def _features(doc: DocumentNode) -> _Features:
    prefixes: set[str] = {"link"}
    imported: set[str] = set()
    inaccessible = "inaccessible"
    for args in _links(doc):
        url = args.get("url") or args.get("feature")
        if not isinstance(url, ast.StringValueNode):
            continue
        m = _URL_RE.search(url.value)
        name = m.group(1) if m else None
        alias = args.get("as")
        if isinstance(alias, ast.StringValueNode):
            name = alias.value
        if name:
            prefixes.add(name)
            if m and m.group(1) == "inaccessible":
                inaccessible = name
        imports = args.get("import")
        if isinstance(imports, ast.ListValueNode):
            for v in imports.values:
                if isinstance(v, ast.StringValueNode):
                    local = v.value
                    original = v.value
                elif isinstance(v, ast.ObjectValueNode):
                    fields = {f.name.value: f.value for f in v.fields}
                    n, a = fields.get("name"), fields.get("as")
                    if not isinstance(n, ast.StringValueNode):
                        continue
                    original = n.value
                    local = a.value if isinstance(a, ast.StringValueNode) else n.value
                else:
                    continue
                imported.add(local.lstrip("@"))
                if m and m.group(1) == "inaccessible" and original == "@inaccessible":
                    inaccessible = local.lstrip("@")
    return _Features(frozenset(prefixes), frozenset(imported), inaccessible)


_EXECUTABLE_LOCATIONS = frozenset(
    {
        "QUERY",
        "MUTATION",
        "SUBSCRIPTION",
        "FIELD",
        "FRAGMENT_DEFINITION",
        "FRAGMENT_SPREAD",
        "INLINE_FRAGMENT",
        "VARIABLE_DEFINITION",
    }
)


def _client_directive(d: ast.DirectiveDefinitionNode) -> bool:
    """A directive clients may write in operations, linked from a spec of its own (e.g. carried
    by ``@composeDirective``): part of the API schema, as in Apollo, unlike the type-system
    machinery of linked specs."""
    name = d.name.value
    if "__" in name:
        return False
    return bool(d.locations) and all(loc.value in _EXECUTABLE_LOCATIONS for loc in d.locations)


def _named(t: ast.TypeNode) -> str:
    while not isinstance(t, ast.NamedTypeNode):
        t = t.type  # type: ignore[attr-defined]
    return t.name.value


def api_schema_document(supergraph_sdl: str) -> DocumentNode:
    """The API schema of a supergraph as a document (definitions in source order).

    Raises:
        ApiSchemaError: the SDL does not parse.
    """
    try:
        doc = parse(supergraph_sdl, no_location=True)
    except GraphQLError as exc:
        raise ApiSchemaError(f"supergraph does not parse: {exc.message}") from None
    feats = _features(doc)

    def is_machinery(name: str) -> bool:
        if name in feats.imported or name in feats.prefixes:
            return True
        return any(name.startswith(p + "__") for p in feats.prefixes)

    def inaccessible(node: ast.Node) -> bool:
        return any(
            d.name.value == feats.inaccessible for d in getattr(node, "directives", ()) or ()
        )

    def strip(node: ast.Node) -> list[ast.ConstDirectiveNode]:
        return [d for d in getattr(node, "directives", ()) or () if not is_machinery(d.name.value)]

    removed: set[str] = set()
    for d in doc.definitions:
        if isinstance(d, ast.TypeDefinitionNode) and (
            is_machinery(d.name.value) or inaccessible(d)
        ):
            removed.add(d.name.value)

    # Fixed point: removing a type may empty another (all its fields returned removed types).
    changed = True
    kept: list[ast.DefinitionNode] = []
    while changed:
        changed = False
        kept = []
        for d in doc.definitions:
            if isinstance(d, ast.DirectiveDefinitionNode):
                if not is_machinery(d.name.value) or _client_directive(d):
                    kept.append(d)
            elif isinstance(d, ast.SchemaDefinitionNode):
                ops = tuple(o for o in d.operation_types if o.type.name.value not in removed)
                kept.append(ast.SchemaDefinitionNode(operation_types=ops, directives=()))
            elif isinstance(d, ast.TypeDefinitionNode) and d.name.value not in removed:
                new = _filter_type(d, removed, inaccessible, strip)
                if new is None:
                    removed.add(d.name.value)
                    changed = True
                else:
                    kept.append(new)
    return DocumentNode(definitions=tuple(kept))


def _filter_type(
    d: ast.TypeDefinitionNode,
    removed: set[str],
    inaccessible: object,
    strip: object,
) -> ast.TypeDefinitionNode | None:
    inacc = inaccessible  # typed as callables below
    assert callable(inacc) and callable(strip)
    kw: dict[str, Any] = {k: getattr(d, k, None) for k in d.keys if k != "loc"}
    kw["directives"] = tuple(strip(d))
    if isinstance(d, ast.ObjectTypeDefinitionNode | ast.InterfaceTypeDefinitionNode):
        fields = []
        for f in d.fields or ():
            if inacc(f) or _named(f.type) in removed:
                continue
            args = tuple(
                _copy(a, directives=tuple(strip(a))) for a in f.arguments or () if not inacc(a)
            )
            fields.append(_copy(f, arguments=args, directives=tuple(strip(f))))
        if not fields:
            return None
        kw["fields"] = tuple(fields)
        kw["interfaces"] = tuple(i for i in d.interfaces or () if i.name.value not in removed)
    elif isinstance(d, ast.InputObjectTypeDefinitionNode):
        fields = [
            _copy(f, directives=tuple(strip(f)))
            for f in d.fields or ()
            if not inacc(f) and _named(f.type) not in removed
        ]
        if not fields:
            return None
        kw["fields"] = tuple(fields)
    elif isinstance(d, ast.EnumTypeDefinitionNode):
        values = [_copy(v, directives=tuple(strip(v))) for v in d.values or () if not inacc(v)]
        if not values:
            return None
        kw["values"] = tuple(values)
    elif isinstance(d, ast.UnionTypeDefinitionNode):
        types = tuple(t for t in d.types or () if t.name.value not in removed)
        if not types:
            return None
        kw["types"] = types
    return type(d)(**kw)


def _copy(node: ast.Node, **changes: object) -> ast.Node:
    kw: dict[str, Any] = {k: getattr(node, k, None) for k in node.keys if k != "loc"}
    kw.update(changes)
    return type(node)(**kw)


def build_api_schema(supergraph_sdl: str) -> GraphQLSchema:
    """Build the client-facing schema of a supergraph.

    Raises:
        ApiSchemaError: the supergraph does not parse or its API schema is invalid.
    """
    doc = api_schema_document(supergraph_sdl)
    try:
        return build_ast_schema(doc)
    except (GraphQLError, TypeError) as exc:
        raise ApiSchemaError(f"supergraph API schema is invalid: {exc}") from None
