"""The merged supergraph model, annotated with the join information the router needs."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql.language import ast

from composer.subgraph.model import Kind


@dataclass(slots=True)
class JoinType:
    graph: str
    key: str | None = None
    extension: bool = False
    resolvable: bool = True
    is_interface_object: bool = False


@dataclass(slots=True)
class JoinField:
    graph: str | None
    requires: str | None = None
    provides: str | None = None
    type: str | None = None
    external: bool = False
    override: str | None = None
    override_label: str | None = None
    used_overridden: bool = False
    context_arguments: str | None = None  # printed list value


@dataclass(slots=True)
class SArg:
    name: str
    type: str
    default: ast.ValueNode | None
    description: str | None
    directives: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SField:
    name: str
    type: str
    description: str | None
    args: dict[str, SArg] = field(default_factory=dict)
    join: list[JoinField] = field(default_factory=list)
    directives: list[str] = field(default_factory=list)
    default: ast.ValueNode | None = None  # input fields only


@dataclass(slots=True)
class SEnumValue:
    name: str
    description: str | None
    graphs: list[str] = field(default_factory=list)
    directives: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SType:
    kind: Kind
    name: str
    description: str | None = None
    join_types: list[JoinType] = field(default_factory=list)
    fields: dict[str, SField] = field(default_factory=dict)
    interfaces: list[str] = field(default_factory=list)
    implements: list[tuple[str, str]] = field(default_factory=list)  # (graph, interface)
    members: list[str] = field(default_factory=list)
    union_members: list[tuple[str, str]] = field(default_factory=list)  # (graph, member)
    values: dict[str, SEnumValue] = field(default_factory=dict)
    directives: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SDirectiveDef:
    name: str
    args: dict[str, SArg]
    locations: list[str]
    repeatable: bool
    description: str | None = None


@dataclass(slots=True)
class Graph:
    """A subgraph as the supergraph names it: enum value, real name and routing URL."""

    enum: str
    name: str
    url: str


@dataclass(slots=True)
class Supergraph:
    graphs: list[Graph]
    types: dict[str, SType]
    roots: dict[str, str]
    directive_defs: dict[str, SDirectiveDef]
    features: dict[str, str]  # spec name -> url of the version linked (besides link/join)
    join_version: tuple[int, int]
    extra_definitions: list[tuple[str, str]] = field(default_factory=list)  # (name, printed def)
    schema_directives: list[str] = field(default_factory=list)  # printed, after the links
