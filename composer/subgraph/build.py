"""Build stage: a parsed subgraph document -> the subgraph model, with federation directives
under canonical names and type extensions folded into their types."""

from __future__ import annotations

from graphql.language import ast

from composer.subgraph.link import LinkResult
from composer.subgraph.model import (
    Applied,
    DirectiveDef,
    EnumValue,
    Field,
    InputValue,
    Key,
    Kind,
    Subgraph,
    TypeDef,
)

_KINDS: dict[type, Kind] = {
    ast.ObjectTypeDefinitionNode: Kind.OBJECT,
    ast.ObjectTypeExtensionNode: Kind.OBJECT,
    ast.InterfaceTypeDefinitionNode: Kind.INTERFACE,
    ast.InterfaceTypeExtensionNode: Kind.INTERFACE,
    ast.UnionTypeDefinitionNode: Kind.UNION,
    ast.UnionTypeExtensionNode: Kind.UNION,
    ast.EnumTypeDefinitionNode: Kind.ENUM,
    ast.EnumTypeExtensionNode: Kind.ENUM,
    ast.InputObjectTypeDefinitionNode: Kind.INPUT,
    ast.InputObjectTypeExtensionNode: Kind.INPUT,
    ast.ScalarTypeDefinitionNode: Kind.SCALAR,
    ast.ScalarTypeExtensionNode: Kind.SCALAR,
}

DEFAULT_ROOTS = {"query": "Query", "mutation": "Mutation", "subscription": "Subscription"}


def type_str(t: ast.TypeNode) -> str:
    """``print_ast`` of a type reference (``[Int!]!``), without the generic visitor."""
    if isinstance(t, ast.NonNullTypeNode):
        return type_str(t.type) + "!"
    if isinstance(t, ast.ListTypeNode):
        return "[" + type_str(t.type) + "]"
    assert isinstance(t, ast.NamedTypeNode)
    return t.name.value


def desc(node: ast.Node) -> str | None:
    d = getattr(node, "description", None)
    return d.value if isinstance(d, ast.StringValueNode) else None


class _Builder:
    def __init__(self, links: LinkResult) -> None:
        self.fed_names = links.fed_names
        self.fed_types = links.fed_types
        self.fed1 = links.federation is None

    def applied(self, nodes: tuple[ast.DirectiveNode, ...] | None) -> list[Applied]:
        out = []
        for n in nodes or ():
            local = n.name.value
            name = self.fed_names.get(local, local)
            if local not in self.fed_names and name in _CANONICAL_FED:
                name = "custom:" + local
            args = {a.name.value: a.value for a in n.arguments or ()}
            if self.fed1 and name in ("key", "requires", "provides"):
                args = _fed1_fields_list(args)
            out.append(Applied(name, args, n))
        return out

    def input_value(self, n: ast.InputValueDefinitionNode) -> InputValue:
        return InputValue(
            n.name.value, type_str(n.type), n.default_value, desc(n), self.applied(n.directives), n
        )

    def field(self, n: ast.FieldDefinitionNode, from_ext: bool) -> Field:
        f = Field(
            name=n.name.value,
            type=type_str(n.type),
            args={a.name.value: self.input_value(a) for a in n.arguments or ()},
            description=desc(n),
            directives=self.applied(n.directives),
            node=n,
            from_extension=from_ext,
        )
        for d in f.directives:
            if d.name == "external":
                f.external = True
            elif d.name == "shareable":
                f.shareable = True
            elif d.name == "requires":
                f.requires = d.arg_str("fields")
            elif d.name == "provides":
                f.provides = d.arg_str("fields")
            elif d.name == "override":
                f.override_from = d.arg_str("from")
                f.override_label = d.arg_str("label")
        return f


_CANONICAL_FED = {
    "key",
    "requires",
    "provides",
    "external",
    "shareable",
    "tag",
    "extends",
    "override",
    "inaccessible",
    "composeDirective",
    "interfaceObject",
    "authenticated",
    "requiresScopes",
    "policy",
    "context",
    "fromContext",
    "cost",
    "listSize",
}


def build_subgraph(
    name: str, url: str, origin: str, doc: ast.DocumentNode, links: LinkResult
) -> Subgraph:
    """Fold the document's definitions and extensions into a :class:`Subgraph`."""
    b = _Builder(links)
    types: dict[str, TypeDef] = {}
    directive_defs: dict[str, DirectiveDef] = {}
    roots: dict[str, str] = {}
    schema_directives: list[Applied] = []
    explicit_schema = False
    for d in doc.definitions:
        if isinstance(d, ast.SchemaDefinitionNode | ast.SchemaExtensionNode):
            for op in d.operation_types or ():
                roots[op.operation.value] = op.type.name.value
            if isinstance(d, ast.SchemaDefinitionNode) or d.operation_types:
                explicit_schema = explicit_schema or bool(d.operation_types)
            schema_directives.extend(b.applied(d.directives))
        elif isinstance(d, ast.DirectiveDefinitionNode):
            directive_defs[d.name.value] = DirectiveDef(
                d.name.value,
                {a.name.value: b.input_value(a) for a in d.arguments or ()},
                [loc.value for loc in d.locations],
                d.repeatable,
                desc(d),
                d,
            )
        elif type(d) in _KINDS:
            _add_type(b, types, d)  # type: ignore[arg-type]
    _unmark_fake_externals(types)
    if not explicit_schema:
        roots = {op: n for op, n in DEFAULT_ROOTS.items() if n in types}
    fed_version = links.federation.version if links.federation else None
    if fed_version is not None:
        fed_version = max([fed_version, *_implied_versions(links)])
    return Subgraph(
        name=name,
        url=url,
        origin=origin,
        fed_version=fed_version,
        types=types,
        directive_defs=directive_defs,
        links=links.links,
        roots=roots,
        schema_directives=schema_directives,
        fed_names=links.fed_names,
        document=doc,
        fed_types_local=frozenset(links.fed_types),
    )


def _add_type(
    b: _Builder,
    types: dict[str, TypeDef],
    d: ast.TypeDefinitionNode | ast.TypeExtensionNode,
) -> None:
    kind = _KINDS[type(d)]
    name = d.name.value
    is_ext = isinstance(d, ast.TypeExtensionNode)
    t = types.get(name)
    if t is None:
        t = types[name] = TypeDef(kind=kind, name=name)
    elif t.kind != kind:
        # Same name, different kinds within one subgraph: GraphQL validation reports it.
        return
    t.nodes.append(d)
    if is_ext:
        t.has_extension = True
    else:
        t.has_definition = True
        t.description = t.description or desc(d)
    applied = b.applied(d.directives)
    t.directives.extend(applied)
    for a in applied:
        if a.name == "key":
            t.keys.append(Key(_fields_arg(a), a.arg_bool("resolvable", True), a.node, is_ext))
        elif a.name == "shareable":
            t.shareable = True
        elif a.name == "extends":
            t.extends = True
        elif a.name == "interfaceObject":
            t.interface_object = True
    node_shareable = any(a.name == "shareable" for a in applied)
    node_external = any(a.name == "external" for a in applied)
    for f in getattr(d, "fields", None) or ():
        if isinstance(f, ast.FieldDefinitionNode):
            built = t.fields.setdefault(f.name.value, b.field(f, is_ext))
            # Type-level @shareable / @external apply to the fields of that definition only.
            built.shareable = built.shareable or node_shareable
            built.external = built.external or node_external
        elif isinstance(f, ast.InputValueDefinitionNode):
            t.input_fields.setdefault(f.name.value, b.input_value(f))
    for i in getattr(d, "interfaces", None) or ():
        if i.name.value not in t.interfaces:
            t.interfaces.append(i.name.value)
    for m in getattr(d, "types", None) or ():
        if m.name.value not in t.members:
            t.members.append(m.name.value)
    for v in getattr(d, "values", None) or ():
        t.values.setdefault(
            v.name.value, EnumValue(v.name.value, desc(v), b.applied(v.directives), v)
        )


def _unmark_fake_externals(types: dict[str, TypeDef]) -> None:
    """Key fields marked @external on a type extension (``extend type T @key`` or ``@extends``)
    are the Federation 1 way to declare a key: they are resolvable, not external."""
    from composer.subgraph.fieldset import fieldset_field_names

    for t in types.values():
        if not (t.extends or (t.has_extension and not t.has_definition)):
            continue
        key_fields: set[str] = set()
        for k in t.keys:
            key_fields |= fieldset_field_names(k.fields)
        for name in key_fields:
            f = t.fields.get(name)
            if f is not None and f.external:
                f.external = False
                f.fake_external = True


# Federation version a linked spec version needs: linking it upgrades the subgraph.
_SPEC_FEDERATION = {
    ("https://specs.apollo.dev/connect", (0, 1)): (2, 10),
    ("https://specs.apollo.dev/connect", (0, 2)): (2, 11),
    ("https://specs.apollo.dev/connect", (0, 3)): (2, 12),
    ("https://specs.apollo.dev/connect", (0, 4)): (2, 13),
    ("https://specs.apollo.dev/cost", (0, 1)): (2, 9),
}


def _implied_versions(links: LinkResult) -> list[tuple[int, int]]:
    return [
        _SPEC_FEDERATION[(lk.identity, lk.version)]
        for lk in links.links
        if (lk.identity, lk.version) in _SPEC_FEDERATION
    ]


def _fed1_fields_list(args: dict[str, ast.ValueNode]) -> dict[str, ast.ValueNode]:
    """Federation 1 accepted ``fields: ["a", "b"]`` and unquoted ``fields: a``; the upgrade
    makes them ``"a b"`` and ``"a"``."""
    v = args.get("fields")
    if isinstance(v, ast.EnumValueNode):
        return {**args, "fields": ast.StringValueNode(value=v.value)}
    if not isinstance(v, ast.ListValueNode) or not all(
        isinstance(x, ast.StringValueNode) for x in v.values
    ):
        return args
    joined = " ".join(x.value for x in v.values if isinstance(x, ast.StringValueNode))
    return {**args, "fields": ast.StringValueNode(value=joined)}


def _fields_arg(a: Applied) -> str:
    """The ``fields`` argument; Federation 1 also accepted a list of strings."""
    v = a.args.get("fields")
    if isinstance(v, ast.ListValueNode):
        return " ".join(x.value for x in v.values if isinstance(x, ast.StringValueNode))
    return a.arg_str("fields") or ""
