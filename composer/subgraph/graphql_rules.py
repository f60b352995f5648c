"""GraphQL validation of a subgraph (the spec's SDL rules plus schema validation), with the
federation definitions the subgraph may use added first. Problems are INVALID_GRAPHQL."""

from __future__ import annotations

from graphql import GraphQLError, build_ast_schema, parse, validate_schema
from graphql.language import ast
from graphql.validation.validate import validate_sdl

from composer.errors import CompositionError, ErrorCode, Location
from composer.subgraph.fed_defs import federation_sdl
from composer.subgraph.link import LinkResult
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
    extra = parse(federation_sdl(links, defined), no_location=True)
    full = ast.DocumentNode(definitions=tuple(defs) + tuple(extra.definitions))
    errors = [_convert(name, origin, e) for e in validate_sdl(full)]
    if errors:
        return errors
    try:
        schema = build_ast_schema(full, assume_valid_sdl=True)
    except (GraphQLError, TypeError) as exc:
        return [CompositionError(ErrorCode.INVALID_GRAPHQL, str(exc), name)]
    return [
        _convert(name, origin, e)
        for e in validate_schema(schema)
        if not e.message.startswith(_IGNORED)
    ]


def _convert(name: str, origin: str, e: GraphQLError) -> CompositionError:
    locs = tuple(Location(origin, loc.line, loc.column) for loc in e.locations or ())
    return CompositionError(ErrorCode.INVALID_GRAPHQL, e.message, name, locs)
