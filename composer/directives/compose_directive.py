"""@composeDirective: custom directives of linked (non-federation) specs exported to the
supergraph: consistency checks (DIRECTIVE_COMPOSITION_ERROR), definition, link and applications."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from graphql.language import ast

from composer.directives.carry import append, collect, merge_printed, printed, target, to_sarg
from composer.errors import CompositionError, ErrorCode, Hint, HintCode
from composer.merge.model import SDirectiveDef, Supergraph
from composer.subgraph.model import Applied, DirectiveDef, LinkedSpec, Subgraph

_SPECS = "https://specs.apollo.dev/"
DISALLOWED = {
    _SPECS + n
    for n in (
        "core",
        "join",
        "link",
        "tag",
        "inaccessible",
        "federation",
        "authenticated",
        "requiresScopes",
        "source",
        "context",
        "cost",
    )
}
_BY_DEFAULT = ("tag", "inaccessible", "authenticated", "requiresScopes", "policy", "context")
_BUILTINS = {"deprecated", "skip", "include", "specifiedBy", "oneOf"}
_LINK = LinkedSpec(_SPECS + "link/v1.0", _SPECS + "link", "link", (1, 0), "link", {})


@dataclass(slots=True)
class _Item:
    sg: Subgraph
    link: LinkedSpec
    orig: str  # name in the spec
    local: str  # name in the subgraph (and in the supergraph)


@dataclass(slots=True)
class Composed:
    """The outcome: which directives each subgraph exports, and their spec links."""

    by_subgraph: dict[str, set[str]] = field(default_factory=dict)
    identity_of: dict[str, tuple[str, str]] = field(default_factory=dict)  # local -> (id, orig)
    latest: dict[str, tuple[LinkedSpec, list[Subgraph]]] = field(default_factory=dict)

    def composes(self, sg: Subgraph, name: str) -> bool:
        return name in self.by_subgraph.get(sg.name, set())


def fed_local_name(sg: Subgraph, canonical: str) -> str:
    """The name a federation directive has in this subgraph (imported name preferred)."""
    names = [local for local, c in sg.fed_names.items() if c == canonical]
    plain = [n for n in names if "__" not in n]
    return (plain or names or [f"federation__{canonical}"])[0]


def _source(sg: Subgraph, name: str) -> tuple[LinkedSpec, str | None] | None:
    """The spec a directive comes from and its name there (None: imported under another name)."""
    links = list(sg.links)
    if not any(lk.identity == _LINK.identity for lk in links):
        links.append(_LINK)
    for lk in links:
        if name in lk.imports:
            return lk, lk.imports[name]
    if "__" in name:
        alias, in_spec = name.split("__", 1)
        for lk in links:
            if lk.prefix == alias:
                return lk, None if in_spec in lk.imports.values() else in_spec
    for lk in links:
        if lk.prefix == name:
            return lk, None if lk.name in lk.imports.values() else lk.name
    return None


def _exists(sg: Subgraph, name: str) -> bool:
    return name in sg.directive_defs or name in sg.fed_names or name in _BUILTINS or name == "link"


class _Checker:
    def __init__(self, subgraphs: Sequence[Subgraph]) -> None:
        self.subgraphs = list(subgraphs)
        self.errors: list[CompositionError] = []
        self.hints: list[Hint] = []

    def err(self, msg: str, sg: Subgraph | None = None) -> None:
        self.errors.append(
            CompositionError(ErrorCode.DIRECTIVE_COMPOSITION_ERROR, msg, sg.name if sg else None)
        )

    def items(self) -> list[_Item]:
        tags = [fed_local_name(s, "tag") for s in self.subgraphs]
        inaccessibles = [fed_local_name(s, "inaccessible") for s in self.subgraphs]
        out: list[_Item] = []
        for sg in self.subgraphs:
            if sg.is_fed1:
                continue
            for app in sg.schema_directives:
                if app.name != "composeDirective":
                    continue
                raw = app.args.get("name")
                arg = raw.value if isinstance(raw, ast.StringValueNode) else None
                if not arg:
                    self.err(
                        f'Argument to @composeDirective in subgraph "{sg.name}" cannot be NULL or '
                        "an empty String"
                    )
                    continue
                if not arg.startswith("@"):
                    self.err(
                        f'Argument to @composeDirective "{arg}" in subgraph "{sg.name}" must have '
                        'a leading "@"'
                    )
                    continue
                item = self._item(sg, arg[1:], tags, inaccessibles)
                if item is not None:
                    out.append(item)
        return out

    def _item(
        self, sg: Subgraph, name: str, tags: list[str], inaccessibles: list[str]
    ) -> _Item | None:
        where = f'Directive "@{name}" in subgraph "{sg.name}" cannot be composed because it'
        if not _exists(sg, name):
            self.err(
                "Could not find matching directive definition for argument to @composeDirective "
                f'"@{name}" in subgraph "{sg.name}".'
            )
            return None
        src = _source(sg, name)
        if src is None:
            self.err(f"{where} is not a member of a core feature")
            return None
        link, orig = src
        if orig is None:
            self.err(f"{where} is imported to a different name")
        elif link.identity in DISALLOWED:
            canonical = sg.fed_names.get(name)
            if link.identity == _SPECS + "federation" and canonical in _BY_DEFAULT:
                self.hints.append(
                    Hint(
                        HintCode.DIRECTIVE_COMPOSITION_INFO,
                        f'Directive "@{name}" should not be explicitly manually composed since it '
                        "is a federation directive composed by default",
                        sg.name,
                    )
                )
            else:
                self.err(
                    f'Composing federation directive "@{name}" in subgraph "{sg.name}" is not '
                    "supported"
                )
        elif name in tags or name in inaccessibles:
            which = "tag" if name in tags else "inaccessible"
            names = tags if which == "tag" else inaccessibles
            conflicts = ",".join(
                s.name for s, n in zip(self.subgraphs, names, strict=True) if n == name
            )
            self.err(
                f'{where} conflicts with automatically composed federation directive "@{which}". '
                f"Conflict exists in subgraph(s): ({conflicts})"
            )
        else:
            return _Item(sg, link, orig, name)
        return None

    def latest(
        self, identity: str, composing: set[str]
    ) -> tuple[LinkedSpec, list[Subgraph]] | None:
        pairs = [
            (lk, sg.name in composing, sg)
            for sg in self.subgraphs
            for lk in sg.links
            if lk.identity == identity
        ]
        best: tuple[LinkedSpec, bool, Subgraph] | None = None
        hinted = False
        for pair in pairs:
            if best is None:
                best = pair
                continue
            if best[0].version[0] != pair[0].version[0]:
                if best[1] and pair[1]:
                    self.err(
                        f'Core feature "{identity}" requested to be merged has major version '
                        "mismatch across subgraphs"
                    )
                    return None
                if not hinted:
                    self.hints.append(
                        Hint(
                            HintCode.DIRECTIVE_COMPOSITION_INFO,
                            f'Non-composed core feature "{identity}" has major version mismatch '
                            "across subgraphs",
                        )
                    )
                    hinted = True
                best = best if best[1] else pair
            elif best[1] != pair[1]:
                best = best if best[1] else pair
            elif pair[0].version[1] >= best[0].version[1]:
                best = pair
        if best is None or not best[1]:
            return None
        same = [sg for lk, _, sg in pairs if lk.version == best[0].version]
        return best[0], list(reversed(same))

    def run(self) -> Composed:
        items = self.items()
        out = Composed()
        wont_features: set[str] = set()
        wont_names: set[str] = set()
        identities = sorted({lk.identity for sg in self.subgraphs for lk in sg.links})
        for identity in identities:
            composing = {i.sg.name for i in items if i.link.identity == identity}
            latest = self.latest(identity, composing)
            if latest is None:
                wont_features.add(identity)
            else:
                out.latest[identity] = latest
        by_name: dict[str, list[_Item]] = {}
        by_orig: dict[str, list[_Item]] = {}
        for i in items:
            by_name.setdefault(i.local, []).append(i)
            by_orig.setdefault(i.orig, []).append(i)
        for name, group in by_name.items():
            if len({i.orig for i in group}) > 1:
                wont_names.add(name)
                self.err(
                    f'Composed directive "@{name}" does not refer to the same directive in every subgraph'
                )
            if len({i.link.identity for i in group}) > 1:
                wont_names.add(name)
                self.err(
                    f'Composed directive "@{name}" is not linked by the same core feature in every subgraph'
                )
        for group in by_orig.values():
            if len({i.local for i in group}) > 1:
                wont_names.update(i.local for i in group)
                named = " and ".join(f'"@{i.local}" in subgraph "{i.sg.name}"' for i in group)
                self.err(
                    f"Composed directive is not named consistently in all subgraphs but {named}"
                )
        for i in items:
            if i.link.identity not in wont_features and i.local not in wont_names:
                out.by_subgraph.setdefault(i.sg.name, set()).add(i.local)
            out.identity_of[i.local] = (i.link.identity, i.orig)
        return out


def check_composed(
    subgraphs: Sequence[Subgraph],
) -> tuple[Composed, list[CompositionError], list[Hint]]:
    """Validate every @composeDirective and decide what each subgraph exports."""
    c = _Checker(subgraphs)
    composed = c.run()
    return composed, c.errors, c.hints


def _definition(composed: Composed, name: str) -> tuple[DirectiveDef | None, str]:
    identity, orig = composed.identity_of[name]
    link, subgraphs = composed.latest[identity]
    for sg in subgraphs:
        for lk in sg.links:
            if lk.identity == identity:
                d = sg.directive_defs.get(lk.local_name(orig))
                if d is not None:
                    return d, ""
    names = ", ".join(f'"{s.name}"' for s in subgraphs)
    plural = "subgraphs" if len(subgraphs) != 1 else "subgraph"
    verb = "do" if len(subgraphs) != 1 else "does"
    return None, (
        f'Core feature "{identity}/v{link.version[0]}.{link.version[1]}" in {plural} {names} '
        f'{verb} not have a directive definition for "@{name}"'
    )


def _namespace_conflicts(
    composed: Composed, identity: str, link: LinkedSpec
) -> list[CompositionError]:
    """An import renamed into the namespace of a spec the supergraph links is ambiguous."""
    errors: list[CompositionError] = []
    for local, (ident, orig) in sorted(composed.identity_of.items()):
        prefix = local.split("__", 1)[0] if "__" in local else None
        if ident != identity or prefix is None or prefix == link.name:
            continue
        if prefix in _SUPERGRAPH_SPECS:
            errors.append(
                CompositionError(
                    ErrorCode.INVALID_LINK_DIRECTIVE_USAGE,
                    f'Cannot import "@{orig}" as "@{local}" from feature "{identity}" since it can '
                    f'be confused with a namespaced name from another linked feature "{_SPECS}{prefix}". '
                    'Please rename the import or feature to avoid conflicts via "as".',
                )
            )
    return errors


# DIVERGENCE: Apollo checks aliases against every spec it links in the supergraph; the join and
# link namespaces are the ones always linked, so only those are checked here.
_SUPERGRAPH_SPECS = {"join", "link"}


def _selector(composed: Composed, name: str) -> Callable[[Subgraph, Applied], bool]:
    return lambda sg, a: a.name == name and composed.composes(sg, name)


def carry_composed(
    sup: Supergraph, subgraphs: Sequence[Subgraph], composed: Composed
) -> list[CompositionError]:
    """Definitions, links and applications of the exported directives."""
    errors: list[CompositionError] = []
    exported = sorted({n for names in composed.by_subgraph.values() for n in names})
    for name in exported:
        if composed.identity_of[name][0] not in composed.latest:
            continue
        d, msg = _definition(composed, name)
        if d is None:
            errors.append(CompositionError(ErrorCode.DIRECTIVE_COMPOSITION_ERROR, msg))
            continue
        sup.directive_defs[name] = SDirectiveDef(
            name,
            {a.name: to_sarg(a) for a in d.args.values()},
            list(d.locations),
            d.repeatable,
            d.description,
        )
        apps = collect(subgraphs, _selector(composed, name))
        for key, found in apps.items():
            dest = target(sup, key)
            if dest is not None:
                append(dest, merge_printed([printed(a) for _, a in found], d.repeatable))
    for identity, (link, _) in sorted(composed.latest.items()):
        if identity in DISALLOWED:
            continue
        errors += _namespace_conflicts(composed, identity, link)
        imports = []
        for local, (ident, orig) in composed.identity_of.items():
            if ident == identity:
                imports.append(
                    f'"@{local}"' if local == orig else f'{{name: "@{orig}", as: "@{local}"}}'
                )
        url = f"{identity}/v{link.version[0]}.{link.version[1]}"
        sup.features[identity] = f'"{url}", import: [{", ".join(imports)}]'
    return errors
