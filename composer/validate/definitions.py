"""A subgraph may define federation directives and types itself, but compatibly with the
federation spec: same arguments (types may be loosened where the spec uses a custom scalar),
same defaults, a subset of the locations (``DIRECTIVE_DEFINITION_INVALID``), federation types
of the right kind (``TYPE_DEFINITION_INVALID``), and declaring the federation types they name
(``INVALID_GRAPHQL``)."""

from __future__ import annotations

from graphql import parse, print_ast
from graphql.language import ast

from composer.errors import CompositionError, ErrorCode, Location
from composer.subgraph.fed_defs import directive_definition, is_federation_directive
from composer.subgraph.link import LinkResult

_BUILTIN_SCALARS = frozenset({"String", "Int", "Float", "Boolean", "ID"})
# Federation 1 subgraphs also get these definitions (Apollo expands them up to federation 2.4).
_FED1_EXPANDED = ("shareable", "override", "composeDirective", "interfaceObject")
_KIND_NAMES = {
    "scalar_type_definition": "ScalarType",
    "object_type_definition": "ObjectType",
    "interface_type_definition": "InterfaceType",
    "union_type_definition": "UnionType",
    "enum_type_definition": "EnumType",
    "input_object_type_definition": "InputObjectType",
}


def _type_local(links: LinkResult) -> dict[str, str]:
    out: dict[str, str] = {}
    for local, canon in links.fed_types.items():
        if canon not in out or "__" in out[canon]:
            out[canon] = local
    if links.federation is None:
        out["FieldSet"] = "_FieldSet"
    return out


def _compatible(expected: ast.TypeNode, actual: ast.TypeNode, custom: set[str]) -> bool:
    if isinstance(expected, ast.NamedTypeNode) and expected.name.value not in _BUILTIN_SCALARS:
        # A custom scalar of the spec may be redefined as any type but another custom scalar.
        if isinstance(actual, ast.NamedTypeNode) and actual.name.value in custom:
            # The namespaced spec type may be defined under its plain spec name.
            return actual.name.value in (expected.name.value, expected.name.value.split("__")[-1])
        return True
    if type(expected) is not type(actual):
        return False
    if isinstance(expected, ast.NamedTypeNode):
        assert isinstance(actual, ast.NamedTypeNode)
        return expected.name.value == actual.name.value
    assert isinstance(expected, ast.ListTypeNode | ast.NonNullTypeNode)
    assert isinstance(actual, ast.ListTypeNode | ast.NonNullTypeNode)
    return _compatible(expected.type, actual.type, custom)


def _printed(v: ast.ValueNode | None) -> str:
    return "null" if v is None else print_ast(v)


def _fed1_lenient(canon: str, d: ast.DirectiveDefinitionNode) -> bool:
    """Federation 1 schemas often defined @key/@requires/@provides loosely: such definitions
    are replaced by the spec's."""
    if canon not in ("key", "requires", "provides"):
        return False
    args = d.arguments or ()
    if not args:
        return True
    return len(args) == 1 and print_ast(args[0].type) in ("String", "_FieldSet", "FieldSet")


def replaced_definitions(doc: ast.DocumentNode, links: LinkResult) -> set[str]:
    """Directive names whose (loose Federation 1) definition gives way to the spec's."""
    if links.federation is not None:
        return set()
    return {
        d.name.value
        for d in doc.definitions
        if isinstance(d, ast.DirectiveDefinitionNode)
        and _fed1_lenient(links.fed_names.get(d.name.value, ""), d)
    }


def _undeclared_spec_type(doc: ast.DocumentNode, links: LinkResult) -> ast.NamedTypeNode | None:
    """The first federation type a directive definition of the subgraph names without the
    subgraph declaring it: Apollo builds the subgraph's own definitions before adding the
    spec's types, so it is unknown there (``directive @key(fields: _FieldSet!)`` alone)."""
    declared = {
        d.name.value
        for d in doc.definitions
        if isinstance(d, ast.TypeDefinitionNode | ast.TypeExtensionNode)
    }
    for d in doc.definitions:
        if not isinstance(d, ast.DirectiveDefinitionNode):
            continue
        for arg in d.arguments or ():
            ref = arg.type
            while not isinstance(ref, ast.NamedTypeNode):
                ref = ref.type  # type: ignore[attr-defined]
            if ref.name.value in links.fed_types and ref.name.value not in declared:
                return ref
    return None


def definition_errors(
    name: str, origin: str, doc: ast.DocumentNode, links: LinkResult
) -> list[CompositionError]:
    unknown = _undeclared_spec_type(doc, links)
    if unknown is not None:
        tok = unknown.loc.start_token if unknown.loc is not None else None
        locs = (Location(origin, tok.line, tok.column),) if tok is not None else ()
        message = f"Unknown type {unknown.name.value}"
        return [CompositionError(ErrorCode.INVALID_GRAPHQL, message, name, locs)]
    type_local = _type_local(links)
    custom = {
        d.name.value for d in doc.definitions if isinstance(d, ast.ScalarTypeDefinitionNode)
    } | set(type_local.values())
    out: list[CompositionError] = []

    def err(code: ErrorCode, msg: str, node: ast.Node) -> None:
        tok = node.loc.start_token if node.loc is not None else None
        locs = (Location(origin, tok.line, tok.column),) if tok is not None else ()
        out.append(CompositionError(code, msg, name, locs))

    skip = replaced_definitions(doc, links)
    for d in doc.definitions:
        if isinstance(d, ast.DirectiveDefinitionNode):
            canon = links.fed_names.get(d.name.value)
            if canon is None and links.federation is None and d.name.value in _FED1_EXPANDED:
                canon = d.name.value
            if canon is None or not is_federation_directive(canon) or d.name.value in skip:
                continue
            version = links.federation.version if links.federation is not None else None
            spec_text = directive_definition(canon, d.name.value, type_local, version)
            spec = parse(spec_text).definitions[0]
            assert isinstance(spec, ast.DirectiveDefinitionNode)
            for problem in _directive_problems(spec, d, custom):
                err(
                    ErrorCode.DIRECTIVE_DEFINITION_INVALID,
                    f'Invalid definition for directive "@{d.name.value}": {problem}',
                    d,
                )
        elif isinstance(d, ast.TypeDefinitionNode) and (
            d.name.value in links.fed_types or d.name.value in type_local.values()
        ):
            kind = _KIND_NAMES.get(d.kind, d.kind)
            if kind != "ScalarType":
                err(
                    ErrorCode.TYPE_DEFINITION_INVALID,
                    f"Invalid definition for type {d.name.value}: {d.name.value} should be a "
                    f"ScalarType but is defined as a {kind}",
                    d,
                )
    return out


def _directive_problems(
    spec: ast.DirectiveDefinitionNode, d: ast.DirectiveDefinitionNode, custom: set[str]
) -> list[str]:
    out: list[str] = []
    have = {a.name.value: a for a in d.arguments or ()}
    for exp in spec.arguments or ():
        got = have.get(exp.name.value)
        if got is None:
            if isinstance(exp.type, ast.NonNullTypeNode) and exp.default_value is None:
                out.append(f'missing required argument "{exp.name.value}"')
            continue
        got_type = got.type
        if isinstance(got_type, ast.NonNullTypeNode) and not isinstance(
            exp.type, ast.NonNullTypeNode
        ):
            # redefining an optional argument as mandatory is fine
            got_type = got_type.type
        if not _compatible(exp.type, got_type, custom):
            out.append(
                f'argument "{exp.name.value}" should have type "{print_ast(exp.type)}" but found '
                f'type "{print_ast(got.type)}"'
            )
        elif (
            exp.default_value is not None
            and not isinstance(got.type, ast.NonNullTypeNode)
            and _printed(exp.default_value) != _printed(got.default_value)
        ):
            out.append(
                f'argument "{exp.name.value}" should have default value '
                f"{_printed(exp.default_value)} but found default value "
                f"{_printed(got.default_value)}"
            )
    expected_args = {a.name.value for a in spec.arguments or ()}
    out += [f'unknown/unsupported argument "{n}"' for n in have if n not in expected_args]
    allowed = [loc.value for loc in spec.locations]
    found = [loc.value for loc in d.locations]
    if not set(found) <= set(allowed):
        out.append(
            f'"@{d.name.value}" should have locations {", ".join(allowed)}, but found '
            f"(non-subset) {', '.join(found)}"
        )
    return out
