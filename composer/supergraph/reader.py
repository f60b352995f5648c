"""The supergraph reader: a standard supergraph SDL (join v0.1-v0.5) into a frozen typed model.

The model keeps the join information the planner needs: which subgraphs define each type,
their keys, and per field which subgraphs resolve it and under which conditions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from graphql import GraphQLError, GraphQLSchema, build_ast_schema, parse
from graphql.language import ast

from composer.supergraph.sdl_parser import parse_sdl

TypeKind = Literal["object", "interface", "union", "enum", "input", "scalar"]

_LINK_URL_RE = re.compile(r"/([A-Za-z_][A-Za-z0-9_-]*)/v(\d+)\.(\d+)/?$")
_SUPPORTED_JOIN = {(0, 1), (0, 2), (0, 3), (0, 4), (0, 5)}


class SupergraphError(Exception):
    """The supergraph SDL is malformed or uses an unsupported feature.

    Attributes:
        element: the schema element concerned (``Type.field``, a directive, ...), or "".
        line: 1-based line in the SDL, or 0 when unknown.
        column: 1-based column, or 0 when unknown.
    """

    def __init__(self, message: str, element: str = "", line: int = 0, column: int = 0) -> None:
        where = f" (line {line}, column {column})" if line else ""
        prefix = f"{element}: " if element else ""
        super().__init__(f"{prefix}{message}{where}")
        self.element = element
        self.line = line
        self.column = column


@dataclass(frozen=True, slots=True)
class FieldSet:
    """A join field set (``key``, ``requires``, ``provides``): its text and parsed selection."""

    text: str
    selection: ast.SelectionSetNode = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Graph:
    """One subgraph: the ``join__Graph`` enum value, its name and routing URL."""

    enum_value: str
    name: str
    url: str


@dataclass(frozen=True, slots=True)
class JoinType:
    """One ``@join__type`` application: subgraph ``graph`` defines the type (with this key)."""

    graph: str
    key: FieldSet | None = None
    resolvable: bool = True
    is_interface_object: bool = False
    extension: bool = False


@dataclass(frozen=True, slots=True)
class ContextArgument:
    """One ``contextArguments`` entry of ``@join__field`` (join v0.5, ``@fromContext``): the
    argument ``name`` of type ``type`` takes its value from ``selection`` on the nearest
    ancestor that sets ``context``."""

    name: str
    type: str
    context: str
    selection: str


@dataclass(frozen=True, slots=True)
class JoinField:
    """One ``@join__field`` application; ``graph`` is None for a bare ``@join__field``."""

    graph: str | None
    requires: FieldSet | None = None
    provides: FieldSet | None = None
    type: str | None = None
    external: bool = False
    override: str | None = None
    override_label: str | None = None
    used_overridden: bool = False
    context_arguments: tuple[ContextArgument, ...] = ()


@dataclass(frozen=True, slots=True)
class FieldInfo:
    """A field of an object or interface type with its join information.

    ``joins`` holds one entry per defining subgraph; when the supergraph had no ``@join__field``
    (``implicit``) it is derived: every subgraph defining the parent type resolves the field.
    """

    name: str
    type: str
    joins: tuple[JoinField, ...]
    implicit: bool

    def join(self, graph: str) -> JoinField | None:
        for j in self.joins:
            if j.graph == graph:
                return j
        return None


@dataclass(frozen=True, slots=True)
class TypeInfo:
    """A named type of the supergraph with its join information."""

    name: str
    kind: TypeKind
    join_types: tuple[JoinType, ...]
    fields: Mapping[str, FieldInfo]
    implements: tuple[tuple[str, str], ...] = ()
    union_members: tuple[tuple[str, str], ...] = ()
    enum_values: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    owner: str | None = None

    @property
    def graphs(self) -> tuple[str, ...]:
        """Subgraphs defining this type, in supergraph order, without repeats."""
        return tuple(dict.fromkeys(j.graph for j in self.join_types))

    def keys(self, graph: str) -> tuple[JoinType, ...]:
        """The ``@join__type`` applications of ``graph`` that carry a key."""
        return tuple(j for j in self.join_types if j.graph == graph and j.key is not None)

    def is_interface_object_in(self, graph: str) -> bool:
        return any(j.graph == graph and j.is_interface_object for j in self.join_types)


@dataclass(frozen=True, slots=True)
class Supergraph:
    """A supergraph: its subgraphs, its types with join information, and its full schema."""

    join_version: tuple[int, int]
    graphs: tuple[Graph, ...]
    types: Mapping[str, TypeInfo]
    query_type: str | None
    mutation_type: str | None
    subscription_type: str | None
    schema: GraphQLSchema = field(compare=False, repr=False)
    sdl: str = field(compare=False, repr=False)

    def graph(self, name: str) -> Graph:
        for g in self.graphs:
            if g.name == name:
                return g
        raise KeyError(name)


def parse_field_set(text: str, element: str = "") -> FieldSet:
    """Parse a join field set text like ``id organization { id }``.

    Raises:
        SupergraphError: the text is not a valid selection.
    """
    try:
        doc = parse("{" + text + "}", no_location=True)
    except GraphQLError as exc:
        raise SupergraphError(f"invalid field set {text!r}: {exc.message}", element) from None
    op = doc.definitions[0]
    assert isinstance(op, ast.OperationDefinitionNode)
    return FieldSet(text, op.selection_set)


def _loc(node: ast.Node) -> tuple[int, int]:
    if node.loc is None:
        return 0, 0
    src = node.loc.source
    body = src.body[: node.loc.start]
    line = body.count("\n") + 1
    column = node.loc.start - (body.rfind("\n") + 1) + 1
    return line, column


def _args(app: ast.DirectiveNode) -> dict[str, ast.ValueNode]:
    return {a.name.value: a.value for a in app.arguments or ()}


def _str(args: dict[str, ast.ValueNode], name: str, element: str) -> str | None:
    v = args.get(name)
    if v is None or isinstance(v, ast.NullValueNode):
        return None
    if not isinstance(v, ast.StringValueNode):
        raise SupergraphError(f"argument {name!r} must be a string", element, *_loc(v))
    return v.value


def _bool(args: dict[str, ast.ValueNode], name: str, element: str, default: bool) -> bool:
    v = args.get(name)
    if v is None or isinstance(v, ast.NullValueNode):
        return default
    if not isinstance(v, ast.BooleanValueNode):
        raise SupergraphError(f"argument {name!r} must be a boolean", element, *_loc(v))
    return v.value


def _context_arguments(args: dict[str, ast.ValueNode], element: str) -> tuple[ContextArgument, ...]:
    v = args.get("contextArguments")
    if v is None or isinstance(v, ast.NullValueNode):
        return ()
    items = v.values if isinstance(v, ast.ListValueNode) else (v,)
    out: list[ContextArgument] = []
    for item in items:
        if not isinstance(item, ast.ObjectValueNode):
            raise SupergraphError("contextArguments entries must be objects", element, *_loc(item))
        fields: dict[str, ast.ValueNode] = {f.name.value: f.value for f in item.fields}
        values = [_str(fields, k, element) for k in ("name", "type", "context", "selection")]
        if any(x is None for x in values):
            raise SupergraphError(
                "contextArguments entries need name, type, context and selection",
                element,
                *_loc(item),
            )
        name, type_, context, selection = (str(x) for x in values)
        out.append(ContextArgument(name, type_, context, selection))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _Names:
    """Local names of the join directives after ``@link(as:)`` / ``import`` renames."""

    graph_enum: str
    graph: str
    type: str
    field: str
    implements: str
    union_member: str
    enum_value: str
    owner: str


def _join_link(doc: ast.DocumentNode) -> tuple[tuple[int, int], _Names]:
    schema_nodes = [
        d
        for d in doc.definitions
        if isinstance(d, ast.SchemaDefinitionNode | ast.SchemaExtensionNode)
    ]
    if not schema_nodes:
        raise SupergraphError("no schema definition: not a supergraph")
    for node in schema_nodes:
        for app in node.directives or ():
            if app.name.value not in ("link", "core"):
                continue
            args = _args(app)
            url = _str(args, "url", "@link") or _str(args, "feature", "@core")
            if url is None:
                continue
            m = _LINK_URL_RE.search(url)
            if not m or m.group(1) != "join":
                continue
            version = (int(m.group(2)), int(m.group(3)))
            if version not in _SUPPORTED_JOIN:
                raise SupergraphError(
                    f"unsupported join spec version v{version[0]}.{version[1]}",
                    "@link",
                    *_loc(app),
                )
            prefix = _str(args, "as", "@link") or "join"
            renames: dict[str, str] = {}
            imports = args.get("import")
            if isinstance(imports, ast.ListValueNode):
                for v in imports.values:
                    if isinstance(v, ast.StringValueNode):
                        renames[v.value.lstrip("@")] = v.value.lstrip("@")
                    elif isinstance(v, ast.ObjectValueNode):
                        f = {x.name.value: x.value for x in v.fields}
                        n, a = f.get("name"), f.get("as")
                        if isinstance(n, ast.StringValueNode):
                            local = a.value if isinstance(a, ast.StringValueNode) else n.value
                            renames[n.value.lstrip("@")] = local.lstrip("@")

            def name(element: str, prefix: str = prefix, renames: dict[str, str] = renames) -> str:
                return renames.get(element, f"{prefix}__{element}")

            names = _Names(
                graph_enum=renames.get("Graph", f"{prefix}__Graph"),
                graph=name("graph"),
                type=name("type"),
                field=name("field"),
                implements=name("implements"),
                union_member=name("unionMember"),
                enum_value=name("enumValue"),
                owner=name("owner"),
            )
            return version, names
    raise SupergraphError("schema does not link the join spec: not a supergraph")


def _graphs(doc: ast.DocumentNode, names: _Names) -> dict[str, Graph]:
    for d in doc.definitions:
        if isinstance(d, ast.EnumTypeDefinitionNode) and d.name.value == names.graph_enum:
            out: dict[str, Graph] = {}
            for v in d.values or ():
                apps = [a for a in v.directives or () if a.name.value == names.graph]
                element = f"{names.graph_enum}.{v.name.value}"
                if len(apps) != 1:
                    raise SupergraphError(f"expected exactly one @{names.graph}", element, *_loc(v))
                args = _args(apps[0])
                gname = _str(args, "name", element)
                url = _str(args, "url", element)
                if gname is None:
                    raise SupergraphError("@join__graph without name", element, *_loc(v))
                out[v.name.value] = Graph(v.name.value, gname, url or "")
            return out
    raise SupergraphError(f"missing enum {names.graph_enum}")


def _type_text(node: ast.TypeNode) -> str:
    """``print_ast`` of a type reference, without the generic visitor."""
    if isinstance(node, ast.NonNullTypeNode):
        return _type_text(node.type) + "!"
    if isinstance(node, ast.ListTypeNode):
        return "[" + _type_text(node.type) + "]"
    assert isinstance(node, ast.NamedTypeNode)
    return node.name.value


class _Reader:
    def __init__(self, names: _Names, graphs: dict[str, Graph]) -> None:
        self.n = names
        self.graphs = graphs
        # Field sets repeat (most keys are "id"): each distinct text is parsed once and its
        # FieldSet shared, which also lets the checks memoised per selection hit more often.
        self._field_sets: dict[str, FieldSet] = {}

    def graph_arg(self, args: dict[str, ast.ValueNode], element: str, node: ast.Node) -> str:
        v = args.get("graph")
        if not isinstance(v, ast.EnumValueNode):
            raise SupergraphError("missing or invalid graph argument", element, *_loc(node))
        g = self.graphs.get(v.value)
        if g is None:
            raise SupergraphError(f"unknown graph {v.value}", element, *_loc(v))
        return g.name

    def field_set(self, args: dict[str, ast.ValueNode], name: str, element: str) -> FieldSet | None:
        text = _str(args, name, element)
        if text is None:
            return None
        known = self._field_sets.get(text)
        if known is None:
            known = parse_field_set(text, element)
            self._field_sets[text] = known
        return known

    def join_types(self, d: ast.TypeDefinitionNode) -> tuple[tuple[JoinType, ...], str | None]:
        out: list[JoinType] = []
        owner: str | None = None
        el = d.name.value
        for app in d.directives or ():
            if app.name.value == self.n.type:
                args = _args(app)
                out.append(
                    JoinType(
                        graph=self.graph_arg(args, el, app),
                        key=self.field_set(args, "key", el),
                        resolvable=_bool(args, "resolvable", el, True),
                        is_interface_object=_bool(args, "isInterfaceObject", el, False),
                        extension=_bool(args, "extension", el, False),
                    )
                )
            elif app.name.value == self.n.owner:
                owner = self.graph_arg(_args(app), el, app)
        return tuple(out), owner

    def fields(
        self,
        d: ast.ObjectTypeDefinitionNode | ast.InterfaceTypeDefinitionNode,
        type_graphs: tuple[str, ...],
        owner: str | None,
    ) -> dict[str, FieldInfo]:
        out: dict[str, FieldInfo] = {}
        for f in d.fields or ():
            el = f"{d.name.value}.{f.name.value}"
            joins: list[JoinField] = []
            for app in f.directives or ():
                if app.name.value != self.n.field:
                    continue
                args = _args(app)
                graph = self.graph_arg(args, el, app) if "graph" in args else None
                joins.append(
                    JoinField(
                        graph=graph,
                        requires=self.field_set(args, "requires", el),
                        provides=self.field_set(args, "provides", el),
                        type=_str(args, "type", el),
                        external=_bool(args, "external", el, False),
                        override=_str(args, "override", el),
                        override_label=_str(args, "overrideLabel", el),
                        used_overridden=_bool(args, "usedOverridden", el, False),
                        context_arguments=_context_arguments(args, el),
                    )
                )
            implicit = not joins
            if implicit:
                # Fed1 supergraphs (join v0.1/v0.2): an owned entity's unannotated fields
                # belong to the owner only.
                graphs = (owner,) if owner else type_graphs
                joins = [JoinField(graph=g) for g in graphs]
            out[f.name.value] = FieldInfo(f.name.value, _type_text(f.type), tuple(joins), implicit)
        return out

    def pairs(
        self, d: ast.TypeDefinitionNode, directive: str, arg: str
    ) -> tuple[tuple[str, str], ...]:
        out: list[tuple[str, str]] = []
        for app in d.directives or ():
            if app.name.value == directive:
                args = _args(app)
                value = _str(args, arg, d.name.value)
                if value is None:
                    raise SupergraphError(f"@{directive} without {arg}", d.name.value, *_loc(app))
                out.append((self.graph_arg(args, d.name.value, app), value))
        return tuple(out)

    def type_info(self, d: ast.TypeDefinitionNode) -> TypeInfo:
        join_types, owner = self.join_types(d)
        graphs = tuple(dict.fromkeys(j.graph for j in join_types))
        name = d.name.value
        if isinstance(d, ast.ObjectTypeDefinitionNode | ast.InterfaceTypeDefinitionNode):
            kind: TypeKind = (
                "object" if isinstance(d, ast.ObjectTypeDefinitionNode) else "interface"
            )
            return TypeInfo(
                name,
                kind,
                join_types,
                MappingProxyType(self.fields(d, graphs, owner)),
                implements=self.pairs(d, self.n.implements, "interface"),
                owner=owner,
            )
        if isinstance(d, ast.UnionTypeDefinitionNode):
            return TypeInfo(
                name,
                "union",
                join_types,
                MappingProxyType({}),
                union_members=self.pairs(d, self.n.union_member, "member"),
            )
        if isinstance(d, ast.EnumTypeDefinitionNode):
            values: dict[str, tuple[str, ...]] = {}
            for v in d.values or ():
                gs = tuple(
                    self.graph_arg(_args(a), f"{name}.{v.name.value}", a)
                    for a in v.directives or ()
                    if a.name.value == self.n.enum_value
                )
                values[v.name.value] = gs or graphs
            return TypeInfo(
                name, "enum", join_types, MappingProxyType({}), enum_values=MappingProxyType(values)
            )
        kind = "input" if isinstance(d, ast.InputObjectTypeDefinitionNode) else "scalar"
        return TypeInfo(name, kind, join_types, MappingProxyType({}))


def read_supergraph(sdl: str, *, trusted: bool = False) -> Supergraph:
    """Read a supergraph SDL into the typed model.

    Args:
        sdl: the supergraph.
        trusted: the SDL was just emitted by our composer: skip source locations and SDL
            validation (both cost more than the rest of reading a large supergraph).

    Raises:
        SupergraphError: the SDL does not parse, is not a supergraph, uses an unsupported join
            version, or has malformed join directives.
    """
    try:
        doc = parse_sdl(sdl, no_location=trusted)
    except GraphQLError as exc:
        line, col = (exc.locations[0].line, exc.locations[0].column) if exc.locations else (0, 0)
        raise SupergraphError(f"supergraph does not parse: {exc.message}", "", line, col) from None
    version, names = _join_link(doc)
    graphs = _graphs(doc, names)
    reader = _Reader(names, graphs)
    types: dict[str, TypeInfo] = {}
    for d in doc.definitions:
        if isinstance(d, ast.TypeDefinitionNode):
            types[d.name.value] = reader.type_info(d)
    try:
        schema = build_ast_schema(doc, assume_valid_sdl=trusted)
    except (GraphQLError, TypeError) as exc:
        raise SupergraphError(f"supergraph is not a valid schema: {exc}") from None
    for t in types.values():
        for g, iface in t.implements:
            if iface not in types:
                raise SupergraphError(f"implements unknown interface {iface} in {g}", t.name)
        for g, member in t.union_members:
            if member not in types:
                raise SupergraphError(f"unknown union member {member} in {g}", t.name)
    return Supergraph(
        join_version=version,
        graphs=tuple(graphs.values()),
        types=MappingProxyType(types),
        query_type=schema.query_type.name if schema.query_type else None,
        mutation_type=schema.mutation_type.name if schema.mutation_type else None,
        subscription_type=schema.subscription_type.name if schema.subscription_type else None,
        schema=schema,
        sdl=sdl,
    )
