"""The subgraph model: one subgraph's types with federation directives resolved to their
canonical names, built from the parsed SDL and consumed by validation and merging."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from graphql.language import ast


class Kind(StrEnum):
    OBJECT = "ObjectType"
    INTERFACE = "InterfaceType"
    UNION = "UnionType"
    ENUM = "EnumType"
    INPUT = "InputObjectType"
    SCALAR = "ScalarType"


@dataclass(slots=True)
class Applied:
    """A directive application: canonical name (federation directives) or local name."""

    name: str
    args: dict[str, ast.ValueNode]
    node: ast.DirectiveNode

    def arg_str(self, name: str) -> str | None:
        v = self.args.get(name)
        return v.value if isinstance(v, ast.StringValueNode) else None

    def arg_bool(self, name: str, default: bool) -> bool:
        v = self.args.get(name)
        return v.value if isinstance(v, ast.BooleanValueNode) else default


@dataclass(slots=True)
class InputValue:
    """An argument or input field."""

    name: str
    type: str
    default: ast.ValueNode | None
    description: str | None
    directives: list[Applied]
    node: ast.InputValueDefinitionNode

    def has(self, name: str) -> bool:
        return any(d.name == name for d in self.directives)


@dataclass(slots=True)
class Field:
    name: str
    type: str
    args: dict[str, InputValue]
    description: str | None
    directives: list[Applied]
    node: ast.FieldDefinitionNode
    # Federation facts, filled by the build stage.
    external: bool = False
    shareable: bool = False
    requires: str | None = None
    provides: str | None = None
    override_from: str | None = None
    override_label: str | None = None
    from_extension: bool = False
    fake_external: bool = False  # @external key field of a type extension: really resolvable

    def has(self, name: str) -> bool:
        return any(d.name == name for d in self.directives)

    def get(self, name: str) -> list[Applied]:
        return [d for d in self.directives if d.name == name]


@dataclass(slots=True)
class Key:
    fields: str
    resolvable: bool
    node: ast.DirectiveNode | None
    of_extension: bool = False


@dataclass(slots=True)
class EnumValue:
    name: str
    description: str | None
    directives: list[Applied]
    node: ast.EnumValueDefinitionNode

    def has(self, name: str) -> bool:
        return any(d.name == name for d in self.directives)


@dataclass(slots=True)
class TypeDef:
    kind: Kind
    name: str
    description: str | None = None
    fields: dict[str, Field] = field(default_factory=dict)
    input_fields: dict[str, InputValue] = field(default_factory=dict)
    interfaces: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    values: dict[str, EnumValue] = field(default_factory=dict)
    directives: list[Applied] = field(default_factory=list)
    keys: list[Key] = field(default_factory=list)
    nodes: list[ast.TypeDefinitionNode | ast.TypeExtensionNode] = field(default_factory=list)
    has_definition: bool = False  # some non-extension definition seen
    has_extension: bool = False
    extends: bool = False  # @extends applied (fed1)
    shareable: bool = False
    interface_object: bool = False

    def has(self, name: str) -> bool:
        return any(d.name == name for d in self.directives)

    def get(self, name: str) -> list[Applied]:
        return [d for d in self.directives if d.name == name]

    @property
    def is_entity(self) -> bool:
        return bool(self.keys)

    @property
    def is_extension_only(self) -> bool:
        return (self.has_extension or self.extends) and not (
            self.has_definition and not self.extends
        )


@dataclass(slots=True)
class DirectiveDef:
    name: str
    args: dict[str, InputValue]
    locations: list[str]
    repeatable: bool
    description: str | None
    node: ast.DirectiveDefinitionNode


@dataclass(slots=True)
class LinkedSpec:
    """A spec linked with @link: its identity, version, local prefix and imports."""

    url: str
    identity: str  # e.g. https://specs.apollo.dev/federation
    name: str  # spec name, e.g. "federation"
    version: tuple[int, int]
    prefix: str  # local namespace (the `as:` or the spec name)
    imports: dict[str, str]  # local name -> original name (both without '@' for directives)
    node: ast.DirectiveNode | None = None
    # (name in spec, name in schema) as written, with '@' for directives, in import order
    import_pairs: tuple[tuple[str, str], ...] = ()

    def local_name(self, original: str, is_directive: bool = True) -> str:
        for local, orig in self.imports.items():
            if orig == original:
                return local
        if is_directive and original == self.name:
            return self.prefix
        return f"{self.prefix}__{original}"


@dataclass(slots=True)
class Subgraph:
    name: str
    url: str
    origin: str
    fed_version: tuple[int, int] | None  # None: Federation 1
    types: dict[str, TypeDef]
    directive_defs: dict[str, DirectiveDef]
    links: list[LinkedSpec]
    roots: dict[str, str]  # operation ("query", ...) -> type name in this subgraph
    schema_directives: list[Applied]
    # local directive name -> canonical federation name
    fed_names: dict[str, str]
    document: ast.DocumentNode
    # local type names standing for federation types (FieldSet, Scope, ...)
    fed_types_local: frozenset[str] = frozenset()

    @property
    def is_fed1(self) -> bool:
        return self.fed_version is None

    def root_of(self, type_name: str) -> str | None:
        for op, name in self.roots.items():
            if name == type_name:
                return op
        return None
