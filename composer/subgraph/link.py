"""Link stage: read a subgraph's ``@link`` applications and decide which local names stand for
which federation directives (imports, ``as:`` renames, ``federation__`` namespace)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphql.language import ast

from composer.errors import CompositionError, ErrorCode
from composer.subgraph.model import LinkedSpec

FEDERATION_IDENTITY = "https://specs.apollo.dev/federation"
LINK_IDENTITY = "https://specs.apollo.dev/link"
MAX_FEDERATION_MINOR = 14

# Directive name -> federation minor version that introduced it.
FEDERATION_DIRECTIVES: dict[str, int] = {
    "key": 0,
    "requires": 0,
    "provides": 0,
    "external": 0,
    "shareable": 0,
    "tag": 0,
    "extends": 0,
    "override": 0,
    "inaccessible": 0,
    "composeDirective": 1,
    "interfaceObject": 3,
    "authenticated": 5,
    "requiresScopes": 5,
    "policy": 6,
    "context": 8,
    "fromContext": 8,
    "cost": 9,
    "listSize": 9,
}
FEDERATION_TYPES: dict[str, int] = {
    "FieldSet": 0,
    "Scope": 5,
    "Policy": 6,
    "ContextFieldValue": 8,
}
# Fed1 subgraphs know these by their bare names.
FED1_DIRECTIVES = ("key", "requires", "provides", "external", "extends", "tag", "inaccessible")

_URL_RE = re.compile(r"^(?P<origin>[A-Za-z][\w+.-]*://[^/?#]*)(?P<path>[^?#]*)")
_VERSION_RE = re.compile(r"^v(\d+)\.(\d+)$")


@dataclass(frozen=True, slots=True)
class LinkResult:
    federation: LinkedSpec | None
    links: list[LinkedSpec]
    fed_names: dict[str, str]  # local directive name -> canonical federation directive
    fed_types: dict[str, str]  # local type name -> canonical federation type
    errors: list[CompositionError]


def _schema_links(doc: ast.DocumentNode) -> list[ast.DirectiveNode]:
    out: list[ast.DirectiveNode] = []
    for d in doc.definitions:
        if isinstance(d, ast.SchemaDefinitionNode | ast.SchemaExtensionNode):
            out.extend(app for app in d.directives or () if app.name.value == "link")
    return out


def parse_url(url: str) -> tuple[str, str, tuple[int, int]] | str:
    """(identity, name, version) of a spec URL, or an error message.

    As in Apollo, the name is the whole path segment before the version (``b.ar``, ``f-oo``);
    query and fragment are not part of the identity.
    """
    m = _URL_RE.match(url)
    path = m.group("path") if m else ""
    if not m or path in ("", "/"):
        return f"Missing path in feature url '{url}'"
    segments = path.split("/")
    version = segments.pop()
    if not version:
        return f"Missing version component in feature url '{url}'"
    v = _VERSION_RE.match(version)
    if not v:
        return f"Expected a version string (of the form v1.2), got {version}"
    if not segments[-1]:
        return f"Missing feature name component in feature url '{url}'"
    identity = m.group("origin") + "/".join(segments)
    return identity, segments[-1], (int(v.group(1)), int(v.group(2)))


def resolve_links(name: str, doc: ast.DocumentNode) -> LinkResult:
    """Resolve the ``@link`` applications of one subgraph.

    Returns the federation link (None for a Federation 1 subgraph), the other links and the
    local-name maps for federation directives and types.
    """
    errors: list[CompositionError] = []
    links: list[LinkedSpec] = []
    seen: set[str] = set()

    def err(code: ErrorCode, msg: str) -> None:
        errors.append(CompositionError(code, msg, name))

    for app in _schema_links(doc):
        args = {a.name.value: a.value for a in app.arguments or ()}
        url_node = args.get("url")
        if not isinstance(url_node, ast.StringValueNode):
            err(ErrorCode.INVALID_LINK_DIRECTIVE_USAGE, "@link requires a string url argument")
            continue
        parsed = parse_url(url_node.value)
        if isinstance(parsed, str):
            err(ErrorCode.INVALID_LINK_IDENTIFIER, parsed)
            continue
        identity, spec_name, version = parsed
        if identity in seen:
            err(
                ErrorCode.INVALID_LINK_DIRECTIVE_USAGE,
                f'Cannot link feature "{identity}" since it has already been linked in the schema.',
            )
            continue
        seen.add(identity)
        alias = args.get("as")
        prefix = alias.value if isinstance(alias, ast.StringValueNode) else spec_name
        imports: dict[str, str] = {}
        imp = args.get("import")
        for v in imp.values if isinstance(imp, ast.ListValueNode) else ():
            if isinstance(v, ast.StringValueNode):
                imports[v.value.lstrip("@")] = v.value.lstrip("@")
            elif isinstance(v, ast.ObjectValueNode):
                fields = {f.name.value: f.value for f in v.fields}
                n, a = fields.get("name"), fields.get("as")
                if not isinstance(n, ast.StringValueNode):
                    err(ErrorCode.INVALID_LINK_DIRECTIVE_USAGE, "import entry without a name")
                    continue
                if isinstance(a, ast.StringValueNode):
                    if n.value.startswith("@") != a.value.startswith("@"):
                        err(
                            ErrorCode.LINK_IMPORT_NAME_MISMATCH,
                            f'Invalid @link import renaming: "{n.value}" renamed as "{a.value}"',
                        )
                        continue
                    imports[a.value.lstrip("@")] = n.value.lstrip("@")
                else:
                    imports[n.value.lstrip("@")] = n.value.lstrip("@")
        links.append(LinkedSpec(url_node.value, identity, spec_name, version, prefix, imports, app))

    federation = next((lk for lk in links if lk.identity == FEDERATION_IDENTITY), None)
    for lk in links:
        if lk.identity == LINK_IDENTITY and lk.version != (1, 0):
            err(
                ErrorCode.UNKNOWN_LINK_VERSION,
                f"Schema uses unknown version v{lk.version[0]}.{lk.version[1]} of the link spec",
            )
    fed_names: dict[str, str] = {}
    fed_types: dict[str, str] = {}
    if federation is None:
        for d in FED1_DIRECTIVES:
            fed_names[d] = d
        fed_types["_FieldSet"] = "FieldSet"
        fed_types["FieldSet"] = "FieldSet"
        return LinkResult(None, links, fed_names, fed_types, errors)
    major, minor = federation.version
    if major != 2 or minor > MAX_FEDERATION_MINOR:
        err(
            ErrorCode.UNKNOWN_FEDERATION_LINK_VERSION,
            f"Invalid version v{major}.{minor} for the federation feature in @link directive on schema",
        )
        return LinkResult(federation, links, fed_names, fed_types, errors)
    for local, original in federation.imports.items():
        if original in FEDERATION_DIRECTIVES and FEDERATION_DIRECTIVES[original] <= minor:
            fed_names[local] = original
        elif original in FEDERATION_TYPES and FEDERATION_TYPES[original] <= minor:
            fed_types[local] = original
        else:
            err(
                ErrorCode.INVALID_LINK_DIRECTIVE_USAGE,
                f'Cannot import unknown element "@{original}".',
            )
    for d, since in FEDERATION_DIRECTIVES.items():
        if since <= minor:
            fed_names.setdefault(f"{federation.prefix}__{d}", d)
    for t, since in FEDERATION_TYPES.items():
        if since <= minor:
            fed_types.setdefault(f"{federation.prefix}__{t}", t)
    # Other specs linked directly that federation also exports must come from federation.
    for lk in links:
        if lk.identity in ("https://specs.apollo.dev/inaccessible", "https://specs.apollo.dev/tag"):
            err(
                ErrorCode.INVALID_LINK_DIRECTIVE_USAGE,
                f'Please import "@{lk.name}" from the feature "{FEDERATION_IDENTITY}" instead of '
                f'using "{lk.identity}" to avoid potential unexpected behavior in the future.',
            )
    _add_demand_control(links, fed_names)
    return LinkResult(federation, links, fed_names, fed_types, errors)


COST_IDENTITY = "https://specs.apollo.dev/cost"


def _add_demand_control(links: list[LinkedSpec], fed_names: dict[str, str]) -> None:
    """``@cost``/``@listSize`` linked from the demand-control spec itself (not through the
    federation spec) mean the same directives."""
    for lk in links:
        if lk.identity != COST_IDENTITY:
            continue
        fed_names.setdefault(lk.prefix, "cost")
        fed_names.setdefault(f"{lk.prefix}__listSize", "listSize")
        for local, original in lk.imports.items():
            if original in ("cost", "listSize"):
                fed_names[local] = original
