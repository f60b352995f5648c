"""GraphQL validation of a subgraph (the spec's SDL rules plus schema validation), with the
federation definitions the subgraph may use added first. Problems are INVALID_GRAPHQL."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from graphql import (
    GraphQLError,
    build_ast_schema,
    is_required_argument,
    specified_directives,
    validate_schema,
)
from graphql.language import ast
from graphql.validation.validate import validate_sdl

from composer.errors import CompositionError, ErrorCode, Location
from composer.subgraph.fed_defs import federation_sdl
from composer.subgraph.link import LinkResult
from composer.supergraph.sdl_parser import parse_sdl
from composer.validate.definitions import definition_errors, replaced_definitions

_EXT_TO_DEF: dict[type, type] = {
    ast.ObjectTypeExtensionNode: ast.ObjectTypeDefinitionNode,
    ast.InterfaceTypeExtensionNode: ast.InterfaceTypeDefinitionNode,
    ast.UnionTypeExtensionNode: ast.UnionTypeDefinitionNode,
    ast.EnumTypeExtensionNode: ast.EnumTypeDefinitionNode,
    ast.InputObjectTypeExtensionNode: ast.InputObjectTypeDefinitionNode,
    ast.ScalarTypeExtensionNode: ast.ScalarTypeDefinitionNode,
}

# Schema-level complaints that do not apply to subgraphs.
_IGNORED = ("Query root type must be provided",)
# Apollo accepts an input object default that leaves out a required field (graphql-js checks
# only the types of the values given); graphql-core reports it.
_MISSING_REQUIRED_IN_DEFAULT = re.compile(
    r"has invalid default value\b[^:]*: Expected value of type '[^']*' to include required field "
)


def _ignored(e: GraphQLError) -> bool:
    return (
        e.message.startswith(_IGNORED) or _MISSING_REQUIRED_IN_DEFAULT.search(e.message) is not None
    )


def _definitions_for_validation(doc: ast.DocumentNode) -> list[ast.DefinitionNode]:
    """In a subgraph, ``extend type T`` without a base definition is a definition of T."""
    defined = {d.name.value for d in doc.definitions if isinstance(d, ast.TypeDefinitionNode)}
    out: list[ast.DefinitionNode] = []
    for d in doc.definitions:
        if isinstance(d, ast.TypeExtensionNode) and d.name.value not in defined:
            kw = {k: getattr(d, k, None) for k in d.keys if k != "loc"}
            kw["loc"] = d.loc
            out.append(_EXT_TO_DEF[type(d)](**kw))
            defined.add(d.name.value)
        elif isinstance(d, ast.SchemaExtensionNode) and not d.operation_types:
            continue
        else:
            out.append(d)
    return out


def graphql_errors(
    name: str, origin: str, doc: ast.DocumentNode, links: LinkResult
) -> list[CompositionError]:
    """INVALID_GRAPHQL errors for one subgraph document (after the checks of federation
    definitions the subgraph redefines, whose errors come alone)."""
    definition_problems = definition_errors(name, origin, doc, links)
    if definition_problems:
        return definition_problems
    replaced = replaced_definitions(doc, links)
    defs = [
        d
        for d in _definitions_for_validation(doc)
        if not (isinstance(d, ast.DirectiveDefinitionNode) and d.name.value in replaced)
    ]
    defined: set[str] = set()
    for d in defs:
        if isinstance(d, ast.DirectiveDefinitionNode):
            defined.add("@" + d.name.value)
        elif isinstance(d, ast.TypeDefinitionNode):
            defined.add(d.name.value)
    extra = _federation_definitions(federation_sdl(links, defined))
    full = ast.DocumentNode(definitions=tuple(defs) + extra)
    # graphql-core's SDL rules (a generic visitor over every node) run only when the quick
    # check cannot vouch for the document, so the errors are always graphql-core's own.
    if not surely_valid_sdl(full):
        errors = [_convert(name, origin, e) for e in validate_sdl(full)]
        if errors:
            return errors
    schema_doc = ast.DocumentNode(definitions=tuple(defs) + _unsure_definitions(extra, defined))
    try:
        schema = build_ast_schema(schema_doc, assume_valid_sdl=True)
    except (GraphQLError, TypeError) as exc:
        return [CompositionError(ErrorCode.INVALID_GRAPHQL, str(exc), name)]
    return [_convert(name, origin, e) for e in validate_schema(schema) if not _ignored(e)]


@lru_cache(maxsize=256)
def _federation_definitions(sdl: str) -> tuple[ast.DefinitionNode, ...]:
    """The federation definitions a subgraph gets, parsed once per distinct text (they depend
    only on the subgraph's imports; the nodes are immutable)."""
    return parse_sdl(sdl, no_location=True).definitions


def _unsure_definitions(
    extra: tuple[ast.DefinitionNode, ...], defined: set[str]
) -> tuple[ast.DefinitionNode, ...]:
    """The federation definitions schema validation must still see.

    Building a schema spends most of its time on directive definitions, and ours are valid by
    construction unless the subgraph interferes: a local name starting with ``__`` (renamed on
    import), or an argument type the subgraph defines itself (``type FieldSet``, say). Only such
    directive definitions are kept, with every type definition; the others cannot produce a
    schema error, so leaving them out changes no result.
    """
    safe_types = {d.name.value for d in extra if isinstance(d, ast.TypeDefinitionNode)}
    safe_types |= _STANDARD_SCALARS - defined
    out: list[ast.DefinitionNode] = []
    for d in extra:
        if isinstance(d, ast.DirectiveDefinitionNode) and not d.name.value.startswith("__"):
            refs = [_named_type(a.type) for a in d.arguments or ()]
            if all(r in safe_types for r in refs):
                continue
        out.append(d)
    return tuple(out)


def _named_type(node: ast.TypeNode) -> str:
    while not isinstance(node, ast.NamedTypeNode):
        node = node.type  # type: ignore[attr-defined]
    return node.name.value


def _convert(name: str, origin: str, e: GraphQLError) -> CompositionError:
    locs = tuple(Location(origin, loc.line, loc.column) for loc in e.locations or ())
    return CompositionError(ErrorCode.INVALID_GRAPHQL, e.message, name, locs)


# -- the quick check ---------------------------------------------------------------------------
#
# graphql-core's SDL rules (``specified_sdl_rules``) walk every node of the document with a
# generic visitor; on a large subgraph that costs more than parsing it. ``surely_valid_sdl``
# answers "would those rules report nothing?" in one direct pass. It is conservative: it says
# yes only when it is sure, and anything it does not model (introspection type names, directive
# extensions, executable definitions) makes it say no, so graphql-core runs and reports.


@dataclass(frozen=True, slots=True)
class _DirectiveInfo:
    locations: frozenset[str]
    args: frozenset[str]
    required: frozenset[str]
    repeatable: bool


_SPECIFIED = {
    d.name: _DirectiveInfo(
        frozenset(loc.name for loc in d.locations),
        frozenset(d.args),
        frozenset(n for n, a in d.args.items() if is_required_argument(a)),
        d.is_repeatable,
    )
    for d in specified_directives
}
_STANDARD_SCALARS = frozenset({"String", "Int", "Float", "Boolean", "ID"})
_LOCATION = {
    ast.SchemaDefinitionNode: "SCHEMA",
    ast.SchemaExtensionNode: "SCHEMA",
    ast.ScalarTypeDefinitionNode: "SCALAR",
    ast.ScalarTypeExtensionNode: "SCALAR",
    ast.ObjectTypeDefinitionNode: "OBJECT",
    ast.ObjectTypeExtensionNode: "OBJECT",
    ast.InterfaceTypeDefinitionNode: "INTERFACE",
    ast.InterfaceTypeExtensionNode: "INTERFACE",
    ast.UnionTypeDefinitionNode: "UNION",
    ast.UnionTypeExtensionNode: "UNION",
    ast.EnumTypeDefinitionNode: "ENUM",
    ast.EnumTypeExtensionNode: "ENUM",
    ast.InputObjectTypeDefinitionNode: "INPUT_OBJECT",
    ast.InputObjectTypeExtensionNode: "INPUT_OBJECT",
    ast.DirectiveDefinitionNode: "DIRECTIVE_DEFINITION",
}


class _Doubt(Exception):
    """Some SDL rule might report an error."""


def _directive_info(d: ast.DirectiveDefinitionNode) -> _DirectiveInfo:
    names = [a.name.value for a in d.arguments or ()]
    if len(set(names)) != len(names):
        raise _Doubt
    required = frozenset(
        a.name.value
        for a in d.arguments or ()
        if isinstance(a.type, ast.NonNullTypeNode) and a.default_value is None
    )
    return _DirectiveInfo(
        frozenset(n.value for n in d.locations), frozenset(names), required, d.repeatable
    )


class _QuickCheck:
    def __init__(self, doc: ast.DocumentNode) -> None:
        self.directives = dict(_SPECIFIED)
        self.types: dict[str, ast.TypeDefinitionNode] = {}
        defined_directives: set[str] = set()
        schemas = 0
        for d in doc.definitions:
            if isinstance(d, ast.DirectiveDefinitionNode):
                if d.name.value in defined_directives:
                    raise _Doubt
                defined_directives.add(d.name.value)
                self.directives[d.name.value] = _directive_info(d)
            elif isinstance(d, ast.TypeDefinitionNode):
                if d.name.value in self.types:
                    raise _Doubt
                self.types[d.name.value] = d
            elif isinstance(d, ast.SchemaDefinitionNode):
                schemas += 1
            elif not isinstance(d, ast.TypeExtensionNode | ast.SchemaExtensionNode):
                raise _Doubt
        if schemas > 1:
            raise _Doubt
        self.known_types = self.types.keys() | _STANDARD_SCALARS
        # Scopes shared by a definition and its extensions: directives applied (the schema under
        # "", directive definitions under "@name") and member names.
        self.operations: set[str] = set()
        self.applied: dict[str, set[str]] = {}
        self.members: dict[str, set[str]] = {}

    def run(self, doc: ast.DocumentNode) -> None:
        for d in doc.definitions:
            location = _LOCATION[type(d)]
            if isinstance(d, ast.SchemaDefinitionNode | ast.SchemaExtensionNode):
                self.apply(d.directives, location, self.applied.setdefault("", set()))
                for op in d.operation_types or ():
                    self.unique(self.operations, op.operation.value)
                    self.type_ref(op.type)
                continue
            name = d.name.value  # type: ignore[attr-defined]
            if isinstance(d, ast.DirectiveDefinitionNode):
                self.apply(d.directives, location, self.applied.setdefault("@" + name, set()))
                self.input_values(d.arguments, "ARGUMENT_DEFINITION", set())
                continue
            if isinstance(d, ast.TypeExtensionNode):
                base = self.types.get(name)
                if base is None or _LOCATION[type(base)] != location:
                    raise _Doubt
            self.apply(
                d.directives,  # type: ignore[attr-defined]
                location,
                self.applied.setdefault(name, set()),
            )
            members = self.members.setdefault(name, set())
            for ref in getattr(d, "interfaces", None) or ():
                self.type_ref(ref)
            for ref in getattr(d, "types", None) or ():
                self.type_ref(ref)
            if isinstance(d, ast.EnumTypeDefinitionNode | ast.EnumTypeExtensionNode):
                for v in d.values or ():
                    self.unique(members, v.name.value)
                    self.apply(v.directives, "ENUM_VALUE", set())
            elif location == "INPUT_OBJECT":
                self.input_values(d.fields, "INPUT_FIELD_DEFINITION", members)  # type: ignore[attr-defined]
            elif location in ("OBJECT", "INTERFACE"):
                for f in d.fields or ():  # type: ignore[attr-defined]
                    self.unique(members, f.name.value)
                    self.type_ref(f.type)
                    self.apply(f.directives, "FIELD_DEFINITION", set())
                    self.input_values(f.arguments, "ARGUMENT_DEFINITION", set())

    @staticmethod
    def unique(seen: set[str], name: str) -> None:
        if name in seen:
            raise _Doubt
        seen.add(name)

    def type_ref(self, node: ast.TypeNode) -> None:
        while not isinstance(node, ast.NamedTypeNode):
            node = node.type  # type: ignore[attr-defined]
        if node.name.value not in self.known_types:
            raise _Doubt

    def input_values(
        self, values: Iterable[ast.InputValueDefinitionNode] | None, location: str, seen: set[str]
    ) -> None:
        for v in values or ():
            self.unique(seen, v.name.value)
            self.type_ref(v.type)
            if v.default_value is not None:
                self.value(v.default_value)
            self.apply(v.directives, location, set())

    def value(self, node: ast.ValueNode) -> None:
        if isinstance(node, ast.ListValueNode):
            for item in node.values:
                self.value(item)
        elif isinstance(node, ast.ObjectValueNode):
            names: set[str] = set()
            for f in node.fields:
                self.unique(names, f.name.value)
                self.value(f.value)

    def apply(
        self, directives: Iterable[ast.DirectiveNode] | None, location: str, seen: set[str]
    ) -> None:
        for app in directives or ():
            info = self.directives.get(app.name.value)
            if info is None or location not in info.locations:
                raise _Doubt
            if not info.repeatable:
                self.unique(seen, app.name.value)
            given: set[str] = set()
            for arg in app.arguments or ():
                self.unique(given, arg.name.value)
                if arg.name.value not in info.args:
                    raise _Doubt
                self.value(arg.value)
            if not info.required <= given:
                raise _Doubt


def surely_valid_sdl(doc: ast.DocumentNode) -> bool:
    """True only when graphql-core's SDL validation rules would report no error on ``doc``."""
    try:
        _QuickCheck(doc).run(doc)
    except (_Doubt, KeyError, AttributeError):
        return False
    return True
