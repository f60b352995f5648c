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
        shown = url + "/" if m and not path else url  # as a URL prints it
        return f"Missing path in feature url '{shown}'"
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
        alias = args.get("as")
        prefix = alias.value if isinstance(alias, ast.StringValueNode) else spec_name
        pairs: list[tuple[str, str]] = []
        imp = args.get("import")
        for v in imp.values if isinstance(imp, ast.ListValueNode) else ():
            if isinstance(v, ast.StringValueNode):
                pairs.append((v.value, v.value))
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
                    pairs.append((n.value, a.value))
                else:
                    pairs.append((n.value, n.value))
        imports = {local.lstrip("@"): spec.lstrip("@") for spec, local in pairs}
        links.append(
            LinkedSpec(
                url_node.value, identity, spec_name, version, prefix, imports, app, tuple(pairs)
            )
        )
    if not errors:
        conflict = link_conflict(links)
        if conflict is not None:
            err(ErrorCode.INVALID_LINK_DIRECTIVE_USAGE, conflict)
            return LinkResult(None, links, {}, {}, errors)

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
        if any(lk.identity == LINK_IDENTITY for lk in links):
            _add_direct_specs(links, fed_names)
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
    _add_direct_specs(links, fed_names)
    return LinkResult(federation, links, fed_names, fed_types, errors)


COST_IDENTITY = "https://specs.apollo.dev/cost"
# Specs whose directives federation also exports, linked directly: spec -> its directives
# (the first one is the spec's default directive, named by the link's alias).
_DIRECT_SPECS: dict[str, tuple[str, ...]] = {
    COST_IDENTITY: ("cost", "listSize"),
    "https://specs.apollo.dev/tag": ("tag",),
    "https://specs.apollo.dev/inaccessible": ("inaccessible",),
}


def _add_direct_specs(links: list[LinkedSpec], fed_names: dict[str, str]) -> None:
    """``@cost``/``@listSize``, ``@tag`` and ``@inaccessible`` linked from their own specs
    (not through the federation spec) mean the same directives."""
    for lk in links:
        directives = _DIRECT_SPECS.get(lk.identity, ())
        for i, d in enumerate(directives):
            fed_names.setdefault(lk.prefix if i == 0 else f"{lk.prefix}__{d}", d)
        for local, original in lk.imports.items():
            if original in directives:
                fed_names[local] = original


_ALIAS_RE = re.compile(r"^[_A-Za-z][_0-9A-Za-z.-]*$")
_TAG_SPECS = {
    "https://specs.apollo.dev/tag": "tag",
    "https://specs.apollo.dev/inaccessible": "inaccessible",
}
# The federation link Apollo's upgrade gives a Federation 1 subgraph (v2.4's directives).
_FED1_UPGRADE = LinkedSpec(
    FEDERATION_IDENTITY + "/v2.4",
    FEDERATION_IDENTITY,
    "federation",
    (2, 4),
    "federation",
    {},
    import_pairs=tuple((f"@{d}", f"@{d}") for d, v in FEDERATION_DIRECTIVES.items() if v <= 4),
)


def link_conflict(links: list[LinkedSpec]) -> str | None:
    """The first problem with the names the links give their specs, or None.

    Apollo adds the linked specs in order (the link spec first; for a Federation 1 subgraph
    that links the link spec, the federation link its upgrade adds last) and stops at the first
    alias or import that could be confused with another spec's names.
    """
    ordered = [lk for lk in links if lk.identity == LINK_IDENTITY]
    ordered += [lk for lk in links if lk.identity != LINK_IDENTITY]
    if ordered and all(lk.identity != FEDERATION_IDENTITY for lk in links):
        if not any(lk.identity == LINK_IDENTITY for lk in links):
            return None  # Federation 1 without the link spec: the links are not read
        ordered.append(_FED1_UPGRADE)
    seen = _SeenNames()
    for lk in ordered:
        problem = seen.add(lk)
        if problem is not None:
            return problem
    return None


def _tag_conflict(a: str, b: str) -> str | None:
    """Apollo's message when the conflict is the tag/inaccessible spec against federation."""
    ids = {a, b}
    if FEDERATION_IDENTITY not in ids:
        return None
    for identity, directive in _TAG_SPECS.items():
        if identity in ids:
            return (
                f'Please import "@{directive}" from the feature "{FEDERATION_IDENTITY}" instead '
                f'of using "{identity}" to avoid potential unexpected behavior in the future.'
            )
    return None


class _SeenNames:
    """The aliases and imported names of the specs added so far (Apollo's CoreFeatures)."""

    def __init__(self) -> None:
        self.by_alias: dict[str, str] = {}  # alias -> identity
        self.by_import: dict[str, tuple[str, str]] = {}  # name in schema -> (identity, in spec)
        self.pending: dict[str, str] = {}  # alias not linked yet -> a "alias__x" import

    def add(self, lk: LinkedSpec) -> str | None:
        identity, alias = lk.identity, lk.prefix
        if identity in {i for i in self.by_alias.values()}:
            return (
                f'Cannot link feature "{identity}" since it has already been linked in the schema.'
            )
        problem = self._alias_problem(identity, alias, lk)
        if problem is not None:
            return problem
        mapped: dict[str, str] = {}
        for in_spec, in_schema in lk.import_pairs:
            problem = self._import_problem(lk, in_spec, in_schema, mapped)
            if problem is not None:
                return problem
        self.by_alias[alias] = identity
        return None

    def _confused(self, other: str, identity: str, message: str) -> str:
        return _tag_conflict(other, identity) or message

    def _alias_problem(self, identity: str, alias: str, lk: LinkedSpec) -> str | None:
        legacy = alias == f"federation__{_TAG_SPECS.get(identity)}" and not lk.import_pairs
        if not legacy:
            why = (
                'contains "__"'
                if "__" in alias
                else 'ends in "_"'
                if alias.endswith("_")
                else "is not a valid GraphQL name"
                if not _ALIAS_RE.match(alias)
                else None
            )
            if why is not None:
                return (
                    f'Cannot link feature "{identity}" as "{alias}" since it {why}. Please '
                    'rename to a compliant name via "as".'
                )
        for in_schema in (self.pending.get(alias), "@" + alias):
            entry = self.by_import.get(in_schema) if in_schema is not None else None
            if entry is not None and in_schema is not None:
                other, in_spec = entry
                return self._confused(
                    other,
                    identity,
                    f'Cannot import {_shown(in_spec, in_schema)} from feature "{other}" since '
                    "it can be confused with a namespaced name from another linked feature "
                    f'"{identity}". Please rename the import or feature to avoid conflicts via '
                    '"as".',
                )
        if alias in self.by_alias:
            other = self.by_alias[alias]
            return self._confused(
                other,
                identity,
                f'Cannot link feature {identity} as "{alias}" since another feature "{other}" '
                'already uses that alias. Please rename the feature to avoid conflicts via "as".',
            )
        return None

    def _import_problem(
        self, lk: LinkedSpec, in_spec: str, in_schema: str, mapped: dict[str, str]
    ) -> str | None:
        identity, alias = lk.identity, lk.prefix
        shown = _shown(in_spec, in_schema)
        name_in_spec, name_in_schema = in_spec.lstrip("@"), in_schema.lstrip("@")
        confusable = (
            f'Cannot import {shown} from feature "{identity}" since it can be confused with '
        )
        other_feature = (
            'a namespaced name from another linked feature "{}". Please rename the import or '
            'feature to avoid conflicts via "as".'
        )
        split_alias, sep, split_name = name_in_schema.partition("__")
        if sep:
            if split_alias == alias:
                if split_name != name_in_spec:
                    at = "@" if in_spec.startswith("@") else ""
                    return (
                        f'{confusable}the namespaced name for "{at}{split_name}". Please rename '
                        'the import to avoid conflicts via "as".'
                    )
            elif split_alias in self.by_alias:
                other = self.by_alias[split_alias]
                return self._confused(other, identity, confusable + other_feature.format(other))
            else:
                self.pending.setdefault(split_alias, in_schema)
        if in_spec.startswith("@"):
            if name_in_schema == alias:
                if name_in_spec != lk.name:
                    return (
                        f'{confusable}the namespaced name for "@{lk.name}". Please rename the '
                        'import to avoid conflicts via "as".'
                    )
            elif name_in_schema in self.by_alias:
                other = self.by_alias[name_in_schema]
                return self._confused(other, identity, confusable + other_feature.format(other))
        previous = mapped.setdefault(in_spec, in_schema)
        if previous != in_schema:
            return (
                f'Cannot import {shown} from feature "{identity}" since it was previously '
                f'imported as "{previous}". Please remove one of these imports.'
            )
        other, other_spec = self.by_import.setdefault(in_schema, (identity, in_spec))
        if other != identity:
            return self._confused(
                other,
                identity,
                f'Cannot import {shown} from feature "{identity}" since it was previously '
                f'imported from feature "{other}". Please rename the import to avoid conflicts '
                'via "as".',
            )
        if other_spec != in_spec:
            return (
                f'Cannot import {shown} from feature "{identity}" since it was previously '
                f'imported for "{other_spec}". Please rename the import to avoid conflicts via '
                '"as".'
            )
        return None


def _shown(in_spec: str, in_schema: str) -> str:
    return f'"{in_spec}" as "{in_schema}"' if in_spec != in_schema else f'"{in_spec}"'
