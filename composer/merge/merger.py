"""Merging subgraph types into the supergraph model: orchestration and composite types."""

from __future__ import annotations

import re
from collections.abc import Sequence

from graphql import print_ast
from graphql.language import ast

from composer.errors import CompositionError, ErrorCode, Hint
from composer.merge.fields import (
    ArgSource,
    Problems,
    contextual_arguments,
    merge_arguments,
    merge_output_type,
    subgraphs_text,
)
from composer.merge.model import Graph, JoinField, JoinType, SField, SType, Supergraph
from composer.merge.sharing import (
    check_field_sharing,
    check_runtime_types,
    provided_fields,
)
from composer.merge.typeref import named
from composer.merge.values import merge_enum, merge_input, merge_scalar, merge_union
from composer.subgraph.model import Applied, Field, Kind, Subgraph, TypeDef
from composer.subgraph.usage import key_field_names, used_field_names

BUILTIN_SCALARS = frozenset({"String", "Int", "Float", "Boolean", "ID"})
ROOT_NAMES = {"query": "Query", "mutation": "Mutation", "subscription": "Subscription"}

# Applied directives carried into the supergraph (canonical name -> printed name).
KEPT_DIRECTIVES = {"deprecated", "specifiedBy", "oneOf", "tag", "inaccessible"}


def graph_enum_names(names: Sequence[str]) -> dict[str, str]:
    """Subgraph name -> join__Graph enum value, as Apollo names them: non-word characters to
    '_', '_' before a leading digit and after a trailing '_<digits>', upper-cased; names that
    collide all get '_1', '_2', ... in subgraph order."""
    by_value: dict[str, list[str]] = {}
    for n in names:
        value = re.sub(r"\W", "_", n, flags=re.ASCII)
        if value[:1].isdigit():
            value = "_" + value
        if re.search(r"_\d+$", value):
            value += "_"
        by_value.setdefault(value.upper(), []).append(n)
    out: dict[str, str] = {}
    for value, same in by_value.items():
        for i, n in enumerate(same):
            out[n] = value if len(same) == 1 else f"{value}_{i + 1}"
    return out


def applied_text(a: Applied, name: str | None = None) -> str:
    text = print_ast(a.node)
    local = a.node.name.value
    return "@" + (name or a.name) + text[1 + len(local) :]


NON_REPEATABLE_KEPT = {"deprecated", "specifiedBy", "oneOf", "inaccessible"}


def merge_kept(sources: Sequence[Sequence[Applied]]) -> list[str]:
    """The kept directive applications of one element across its definitions: repeatable
    ones (``@tag``) are unioned; of a non-repeatable one the most used application wins."""
    out: list[str] = []
    counts: dict[str, dict[str, int]] = {}
    for directives in sources:
        for a in directives:
            if a.name not in KEPT_DIRECTIVES:
                continue
            text = applied_text(a)
            if a.name in NON_REPEATABLE_KEPT:
                by_text = counts.setdefault(a.name, {})
                by_text[text] = by_text.get(text, 0) + 1
            elif text not in out:
                out.append(text)
    for by_text in counts.values():
        best = max(by_text.values())
        out.append(next(t for t, n in by_text.items() if n == best))
    return out


def kept(directives: Sequence[Applied]) -> list[str]:
    out: list[str] = []
    for a in directives:
        if a.name in KEPT_DIRECTIVES:
            t = applied_text(a)
            if t not in out:
                out.append(t)
    return out


class Merger:
    def __init__(self, subgraphs: Sequence[Subgraph]) -> None:
        self.subgraphs = list(subgraphs)
        self.p = Problems([], [])
        self.enum_of = graph_enum_names([s.name for s in self.subgraphs])
        self.types: dict[str, SType] = {}
        # Per subgraph: local root type name -> canonical root name.
        self.root_rename: dict[str, dict[str, str]] = {
            s.name: {local: ROOT_NAMES[op] for op, local in s.roots.items()} for s in subgraphs
        }
        self._subtypes: dict[str, set[str]] = {}
        self._provided = provided_fields(self.subgraphs)
        self._used = {s.name: used_field_names(s) for s in self.subgraphs}
        self._key_fields = {s.name: key_field_names(s) for s in self.subgraphs}

    # -- naming -------------------------------------------------------------
    def canon(self, sg: Subgraph, name: str) -> str:
        return self.root_rename[sg.name].get(name, name)

    def canon_ref(self, sg: Subgraph, t: str) -> str:
        n = named(t)
        c = self.canon(sg, n)
        return t if c == n else t.replace(n, c)

    def graph(self, sg: Subgraph) -> str:
        return self.enum_of[sg.name]

    def implements(self, sub: str, sup: str) -> bool:
        return sub in self._subtypes.get(sup, set())

    # -- entry ----------------------------------------------------------------
    def merge(self) -> tuple[Supergraph, list[CompositionError], list[Hint]]:
        """The merged model (partial when there are errors), errors and hints."""
        by_name: dict[str, list[tuple[Subgraph, TypeDef]]] = {}
        for sg in self.subgraphs:
            for name, td in sg.types.items():
                if name in BUILTIN_SCALARS or name.startswith("__") or _is_machinery(sg, name):
                    continue
                by_name.setdefault(self.canon(sg, name), []).append((sg, td))
        self._collect_subtypes(by_name)
        for name in sorted(by_name):
            sources = by_name[name]
            kind = self._kind(name, sources)
            if kind is None:
                continue
            if kind in (Kind.OBJECT, Kind.INTERFACE):
                self.types[name] = self._merge_composite(name, kind, sources)
            elif kind == Kind.UNION:
                self.types[name] = merge_union(self, name, sources)
            elif kind == Kind.ENUM:
                self.types[name] = merge_enum(self, name, sources)
            elif kind == Kind.INPUT:
                t = merge_input(self, name, sources)
                if t is not None:
                    self.types[name] = t
            else:
                self.types[name] = merge_scalar(self, name, sources)
        self._add_interface_object_fields()
        self._every_subgraph_has_query()
        roots = {op: ROOT_NAMES[op] for op in ROOT_NAMES if ROOT_NAMES[op] in self.types}
        graphs = [Graph(self.graph(s), s.name, s.url) for s in self.subgraphs]
        sup = Supergraph(graphs, self.types, roots, {}, {}, (0, 5))
        return sup, self.p.errors, self.p.hints

    def _collect_subtypes(self, by_name: dict[str, list[tuple[Subgraph, TypeDef]]]) -> None:
        for name, sources in by_name.items():
            for sg, td in sources:
                for i in td.interfaces:
                    self._subtypes.setdefault(self.canon(sg, i), set()).add(name)
                for m in td.members:
                    self._subtypes.setdefault(name, set()).add(self.canon(sg, m))

    def _kind(self, name: str, sources: list[tuple[Subgraph, TypeDef]]) -> Kind | None:
        kinds = {td.kind for _, td in sources}
        if len(kinds) == 1:
            return next(iter(kinds))
        if kinds == {Kind.OBJECT, Kind.INTERFACE} and all(
            td.interface_object for _, td in sources if td.kind == Kind.OBJECT
        ):
            return Kind.INTERFACE
        by_kind: dict[Kind, list[str]] = {}
        for sg, td in sources:
            by_kind.setdefault(td.kind, []).append(sg.name)
        groups = [
            f"{_KIND_WORD[k]} Type in {subgraphs_text(names)}" for k, names in by_kind.items()
        ]
        desc = groups[0] + " but " + " and ".join(groups[1:])
        self.p.error(
            ErrorCode.TYPE_KIND_MISMATCH,
            f'Type "{name}" has mismatched kind: it is defined as {desc}',
        )
        return None

    # -- objects and interfaces ---------------------------------------------
    def join_types(self, sources: list[tuple[Subgraph, TypeDef]]) -> list[JoinType]:
        out: list[JoinType] = []
        for sg, td in sources:
            io = td.interface_object
            if not td.keys:
                out.append(JoinType(self.graph(sg), is_interface_object=io))
            for k in td.keys:
                out.append(
                    JoinType(
                        self.graph(sg),
                        key=k.fields,
                        extension=k.of_extension or td.extends,
                        resolvable=k.resolvable,
                        is_interface_object=io,
                    )
                )
        return out

    def _merge_composite(
        self, name: str, kind: Kind, sources: list[tuple[Subgraph, TypeDef]]
    ) -> SType:
        st = SType(kind, name, description=_first_desc(td for _, td in sources))
        st.join_types = self.join_types(sources)
        for sg, td in sources:
            for i in td.interfaces:
                ci = self.canon(sg, i)
                if ci not in st.interfaces:
                    st.interfaces.append(ci)
                st.implements.append((self.graph(sg), ci))
        st.directives = merge_kept([td.directives for _, td in sources])
        field_names: list[str] = []
        for _, td in sources:
            for f in td.fields:
                if f not in field_names and not (
                    name == "Query" and f in ("_entities", "_service")
                ):
                    field_names.append(f)
        for fname in field_names:
            fsources = [(sg, td, td.fields[fname]) for sg, td in sources if fname in td.fields]
            sf = self._merge_field(name, fname, sources, fsources)
            if kind == Kind.OBJECT:
                check_field_sharing(
                    name,
                    fsources,
                    self._provided,
                    self._key_fields,
                    self.p,
                    self._interface_object_resolvers(st, fname),
                    graphs=frozenset(s.name for s in self.subgraphs),
                )
                check_runtime_types(name, fsources, self.p)
            if sf is not None:
                st.fields[fname] = sf
        return st

    def _interface_object_resolvers(self, st: SType, fname: str) -> list[tuple[str, str, bool]]:
        out: list[tuple[str, str, bool]] = []
        for sg in self.subgraphs:
            for iface in st.interfaces:
                io = sg.types.get(iface)
                # An @interfaceObject without a key is itself the error (reported elsewhere).
                if io is not None and io.interface_object and io.keys and fname in io.fields:
                    f = io.fields[fname]
                    if f.external and fname not in self._provided[sg.name].get(iface, set()):
                        continue
                    key = fname in self._key_fields[sg.name].get(iface, set())
                    out.append((sg.name, iface, f.shareable or key))
        return out

    def _merge_field(
        self,
        tname: str,
        fname: str,
        tsources: list[tuple[Subgraph, TypeDef]],
        fsources: list[tuple[Subgraph, TypeDef, Field]],
    ) -> SField | None:
        coord = f"{tname}.{fname}"
        resolving = [s for s in fsources if not s[2].external] or fsources
        types = [(sg.name, self.canon_ref(sg, f.type)) for sg, _, f in resolving]
        t = merge_output_type(coord, types, self.implements, self.p)
        if t is None:
            return None
        contextual = contextual_arguments(coord, [(sg.name, f) for sg, _, f in resolving], self.p)
        args = merge_arguments(
            coord,
            [
                ArgSource(
                    sg.name,
                    {
                        a.name: (
                            self.canon_ref(sg, a.type),
                            a.default,
                            a.description,
                            kept(a.directives),
                        )
                        for a in f.args.values()
                        if a.name not in contextual
                    },
                )
                for sg, _, f in resolving
            ],
            self.p,
        )
        sf = SField(fname, t, _first_desc(f for _, _, f in fsources), args)
        sf.directives = merge_kept([f.directives for _, _, f in fsources])
        all_types = {self.canon_ref(sg, f.type) for sg, _, f in fsources}
        sf.join = self._join_fields(tname, fname, tsources, fsources, len(all_types) == 1, t)
        return sf

    def _join_fields(
        self,
        tname: str,
        fname: str,
        tsources: list[tuple[Subgraph, TypeDef]],
        fsources: list[tuple[Subgraph, TypeDef, Field]],
        all_types_equal: bool,
        merged_type: str,
    ) -> list[JoinField]:
        names = {s.name for s in self.subgraphs}
        overriders = {
            f.override_from: (sg, f)
            for sg, _, f in fsources
            if f.override_from is not None and f.override_from in names
        }
        # An override naming an unknown subgraph is recorded (with a hint) when one subgraph
        # claims the field, and ignored when several do.
        claims = [f for _, _, f in fsources if f.override_from is not None]
        keep_unknown = len(claims) == 1
        type_count = len(self.subgraphs) if tname == "Query" else len(tsources)
        needs = not all_types_equal or len(fsources) != type_count or bool(overriders)
        if not needs:
            needs = any(
                f.external
                or f.requires
                or f.provides
                or td.interface_object
                or any(a.has("fromContext") for a in f.args.values())
                for _, td, f in fsources
            )
        if not needs:
            return []
        out: list[JoinField] = []
        for sg, td, f in fsources:
            jf = JoinField(self.graph(sg))
            over = overriders.get(sg.name)
            if over is not None and over[0].name != sg.name:
                label = over[1].override_label
                used = fname in self._used[sg.name].get(td.name, set()) or any(
                    fname in sg.types[i].fields for i in td.interfaces if i in sg.types
                )
                if label:
                    jf.override_label = label
                elif not used:
                    continue
                jf.used_overridden = used and not f.external
            jf.requires = f.requires
            jf.provides = f.provides
            jf.external = f.external
            if f.override_from is not None and (f.override_from in names or keep_unknown):
                jf.override = f.override_from
                jf.override_label = f.override_label
            if not all_types_equal:
                jf.type = self.canon_ref(sg, f.type)
            out.append(jf)
        return out

    def _every_subgraph_has_query(self) -> None:
        """Each subgraph has a query root (it serves ``_entities``/``_service`` at least)."""
        q = self.types.get("Query")
        if q is None:
            return
        have = {j.graph for j in q.join_types}
        q.join_types.extend(
            JoinType(self.graph(s)) for s in self.subgraphs if self.graph(s) not in have
        )
        order = {self.graph(s): i for i, s in enumerate(self.subgraphs)}
        q.join_types.sort(key=lambda j: order[j.graph])

    def _add_interface_object_fields(self) -> None:
        """Fields an @interfaceObject adds to an interface exist on every implementation."""
        for st in self.types.values():
            if st.kind != Kind.INTERFACE:
                continue
            if not any(j.is_interface_object for j in st.join_types):
                continue
            for impl in self.types.values():
                if st.name not in impl.interfaces or impl.kind != Kind.OBJECT:
                    continue
                for fname, f in st.fields.items():
                    if fname in impl.fields:
                        continue
                    check_field_sharing(
                        impl.name,
                        [],
                        self._provided,
                        self._key_fields,
                        self.p,
                        self._interface_object_resolvers(impl, fname),
                        fname,
                    )
                    impl.fields[fname] = SField(
                        fname,
                        f.type,
                        f.description,
                        dict(f.args),
                        [JoinField(None)],
                        list(f.directives),
                    )


_MACHINERY = frozenset({"_Any", "_Entity", "_Service", "_FieldSet", "FieldSet"})


def _is_machinery(sg: Subgraph, name: str) -> bool:
    """Federation and link spec types a subgraph may print in its SDL; never merged."""
    if name in sg.fed_types_local or name.startswith(("link__", "federation__")):
        return True
    return name in _MACHINERY and (
        name != "FieldSet" or sg.is_fed1 or "FieldSet" in sg.fed_types_local
    )


_KIND_WORD = {
    Kind.OBJECT: "Object",
    Kind.INTERFACE: "Interface",
    Kind.UNION: "Union",
    Kind.ENUM: "Enum",
    Kind.INPUT: "InputObject",
    Kind.SCALAR: "Scalar",
}


def _first_desc(items: object) -> str | None:
    for it in items:  # type: ignore[attr-defined]
        d = getattr(it, "description", None)
        if d:
            return str(d)
    return None


def merge_subgraphs(
    subgraphs: Sequence[Subgraph],
) -> tuple[Supergraph, list[CompositionError], list[Hint]]:
    """Merge validated subgraphs (sorted by name) into a supergraph model."""
    return Merger(subgraphs).merge()


__all__ = ["Merger", "applied_text", "kept", "merge_subgraphs", "ast"]
