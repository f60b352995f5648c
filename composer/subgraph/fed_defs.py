"""Definitions of the federation directives and types, as a subgraph sees them under its
local names (imports, renames, namespace)."""

from __future__ import annotations

from composer.subgraph.link import FEDERATION_DIRECTIVES, LinkResult

# Canonical definitions; ``$FieldSet`` etc. are replaced by the subgraph's local type names.
_DEFS: dict[str, str] = {
    "key": "directive @{} (fields: $FieldSet!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE",
    "requires": "directive @{} (fields: $FieldSet!) on FIELD_DEFINITION",
    "provides": "directive @{} (fields: $FieldSet!) on FIELD_DEFINITION",
    "external": "directive @{} (reason: String) on OBJECT | FIELD_DEFINITION",
    "shareable": "directive @{} repeatable on OBJECT | FIELD_DEFINITION",
    "tag": (
        "directive @{} (name: String!) repeatable on FIELD_DEFINITION | OBJECT | INTERFACE | UNION"
        " | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION"
        " | SCHEMA"
    ),
    "extends": "directive @{} on OBJECT | INTERFACE",
    "override": "directive @{} (from: String!, label: String) on FIELD_DEFINITION",
    "inaccessible": (
        "directive @{} on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ARGUMENT_DEFINITION"
        " | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION"
    ),
    "composeDirective": "directive @{} (name: String) repeatable on SCHEMA",
    "interfaceObject": "directive @{} on OBJECT",
    "authenticated": "directive @{} on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM",
    "requiresScopes": (
        "directive @{} (scopes: [[$Scope!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM"
    ),
    "policy": (
        "directive @{} (policies: [[$Policy!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE"
        " | SCALAR | ENUM"
    ),
    "context": "directive @{} (name: String!) repeatable on INTERFACE | OBJECT | UNION",
    "fromContext": "directive @{} (field: $ContextFieldValue) on ARGUMENT_DEFINITION",
    "cost": (
        "directive @{} (weight: Int!) on ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION"
        " | INPUT_FIELD_DEFINITION | OBJECT | SCALAR"
    ),
    "listSize": (
        "directive @{} (assumedSize: Int, slicingArguments: [String!], sizedFields: [String!],"
        " requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION"
    ),
}

LINK_DEFS = (
    "directive @link(url: String, as: String, for: link__Purpose, import: [link__Import])"
    " repeatable on SCHEMA\n"
    "scalar link__Import\n"
    "enum link__Purpose { SECURITY EXECUTION }\n"
)


def federation_sdl(links: LinkResult, defined: set[str]) -> str:
    """SDL declaring every federation element the subgraph may use and does not define."""
    type_local = {canon: local for local, canon in links.fed_types.items()}
    lines: list[str] = []
    for canon in ("FieldSet", "Scope", "Policy", "ContextFieldValue"):
        local = type_local.get(canon)
        if local is None:
            continue
        for name in {local} | (
            {"_FieldSet"} if canon == "FieldSet" and links.federation is None else set()
        ):
            if name not in defined:
                lines.append(f"scalar {name}")
                defined.add(name)
    for t in ("_Any",):
        if t not in defined:
            lines.append(f"scalar {t}")
    for local, canon in links.fed_names.items():
        if ("@" + local) in defined or canon not in _DEFS:
            continue
        version = links.federation.version if links.federation is not None else None
        lines.append(directive_definition(canon, local, type_local, version))
    if "@link" not in defined and (links.federation is not None or links.links):
        lines.append(LINK_DEFS)
    lines += _connect_definitions(links, defined)
    return "\n".join(lines)


CONNECT_IDENTITY = "https://specs.apollo.dev/connect"
# Connectors' directives (connect spec v0.1-v0.3). Their input types are declared as custom
# scalars: composition checks no more than argument names and presence (the connectors'
# own validation is not part of composition).
_CONNECT_DEFS = {
    "connect": (
        "(source: String, id: String, http: {ConnectHTTP}, batch: {ConnectBatch}, "
        "errors: {ConnectorErrors}, selection: {JSONSelection}!, entity: Boolean = false, "
        "isSuccess: {JSONSelection}) repeatable on FIELD_DEFINITION | OBJECT"
    ),
    "source": (
        "(name: String!, http: {SourceHTTP}!, errors: {ConnectorErrors}, "
        "isSuccess: {JSONSelection}) repeatable on SCHEMA"
    ),
}
_CONNECT_TYPES = ("ConnectHTTP", "ConnectBatch", "ConnectorErrors", "JSONSelection", "SourceHTTP")


def _connect_definitions(links: LinkResult, defined: set[str]) -> list[str]:
    lk = next((lk for lk in links.links if lk.identity == CONNECT_IDENTITY), None)
    if lk is None:
        return []
    types = {t: lk.local_name(t, is_directive=False) for t in _CONNECT_TYPES}
    out = [f"scalar {local}" for local in types.values() if local not in defined]
    for name, text in _CONNECT_DEFS.items():
        local = lk.local_name(name)
        if "@" + local not in defined:
            out.append(f"directive @{local}" + text.format(**types))
    return out


def directive_definition(
    canon: str, local: str, type_local: dict[str, str], version: tuple[int, int] | None = None
) -> str:
    """The definition of federation directive ``canon`` under its local name, with the
    federation types under their local names (``type_local``: canonical -> local), as in
    federation ``version`` when given (``@override``'s ``label`` came with 2.7)."""
    text = _DEFS[canon].replace("@{} (", "@" + local + "(").replace("@{}", "@" + local)
    if canon == "override" and version is not None and version < (2, 7):
        text = text.replace(", label: String", "")
    for canon_t in ("FieldSet", "Scope", "Policy", "ContextFieldValue"):
        text = text.replace("$" + canon_t, type_local.get(canon_t, "String"))
    return text


def is_federation_directive(canon: str) -> bool:
    return canon in _DEFS


__all__ = [
    "FEDERATION_DIRECTIVES",
    "LINK_DEFS",
    "directive_definition",
    "federation_sdl",
    "is_federation_directive",
]
