"""The federated query graph, read off the supergraph's join information.

A vertex is a type as one subgraph sees it (plus the fields a ``@provides`` made available on
the way there). Edges are fields the subgraph resolves, type conditions it can apply, and key
jumps to another subgraph that resolves the same entity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from graphql import GraphQLInterfaceType, GraphQLObjectType, GraphQLUnionType
from graphql.language import ast

from composer.supergraph.reader import FieldInfo, FieldSet, JoinField, Supergraph, TypeInfo

# Fields made available by ``@provides``: (field name or "... on Type", nested tree) pairs.
Provided = tuple[tuple[str, "Provided | None"], ...]

# Progressive override labels selected on the current path: (label, overriding side active).
Labels = frozenset[tuple[str, bool]]


@dataclass(frozen=True, slots=True)
class Vertex:
    """A type in one subgraph; ``provided`` lists what a ``@provides`` on the path added."""

    graph: str
    type: str
    provided: Provided | None = None


@dataclass(frozen=True, slots=True)
class FieldEdge:
    """A field the subgraph resolves on the vertex's type."""

    tail: Vertex
    requires: FieldSet | None = None


@dataclass(frozen=True, slots=True)
class KeyEdge:
    """A jump to another subgraph: by entity key, or between root types (no key)."""

    tail: Vertex
    key: FieldSet | None


def provided_tree(selection: ast.SelectionSetNode) -> Provided:
    """A ``@provides`` selection as a canonical, hashable tree."""
    out: dict[str, Provided | None] = {}
    for sel in selection.selections:
        if isinstance(sel, ast.FieldNode):
            name = sel.name.value
            sub = provided_tree(sel.selection_set) if sel.selection_set else None
        elif isinstance(sel, ast.InlineFragmentNode):
            cond = sel.type_condition.name.value if sel.type_condition else ""
            name = f"... on {cond}" if cond else ""
            sub = provided_tree(sel.selection_set)
        else:
            continue
        prev = out.get(name)
        out[name] = _merge(prev, sub)
    return tuple(sorted(out.items(), key=lambda kv: kv[0]))


def _merge(a: Provided | None, b: Provided | None) -> Provided | None:
    if a is None:
        return b
    if b is None:
        return a
    merged: dict[str, Provided | None] = dict(a)
    for k, v in b:
        merged[k] = _merge(merged.get(k), v) if k in merged else v
    return tuple(sorted(merged.items(), key=lambda kv: kv[0]))


def _lookup(tree: Provided | None, name: str) -> tuple[bool, Provided | None]:
    if tree is None:
        return False, None
    for k, v in tree:
        if k == name:
            return True, v
    inline = [v for k, v in tree if k == ""]
    if inline:
        return _lookup(inline[0], name)
    return False, None


@dataclass(frozen=True, slots=True)
class _FieldJoins:
    """A field's join information indexed for the traversal's hot path."""

    info: FieldInfo
    by_graph: Mapping[str, JoinField]
    # Whether any definition is external, overridden or overriding: only then can a
    # subgraph's own definition be unusable.
    restricted: bool


def _field_joins(info: FieldInfo) -> _FieldJoins:
    by_graph: dict[str, JoinField] = {}
    for j in info.joins:
        if j.graph is not None and j.graph not in by_graph:
            by_graph[j.graph] = j
    restricted = any(j.external or j.used_overridden or j.override is not None for j in info.joins)
    return _FieldJoins(info, by_graph, restricted)


def _unresolvable(
    info: FieldInfo, join: JoinField, graph: str, coord: str, labels: Labels
) -> str | None:
    """Why ``graph``'s own definition of the field cannot serve it (external, overridden)."""
    if join.external:
        return f"field {coord} is not resolvable because marked @external."
    overrider = next((j for j in info.joins if j.override == graph and j.graph != graph), None)
    overridden = f"field {coord} is not resolvable because it is overridden by subgraph"
    if join.used_overridden and overrider is None:
        return f"{overridden} another subgraph."
    if overrider is not None:
        label = overrider.override_label
        # Progressive override: the old definition serves only while the label is inactive.
        if label is None or (label, False) not in labels:
            return f'{overridden} "{overrider.graph}".'
    if (
        join.override is not None
        and join.override_label is not None
        and (join.override_label, True) not in labels
    ):
        return f"cannot find field {coord}."
    return None


def named_type(type_ref: str) -> str:
    """``[Foo!]!`` -> ``Foo``."""
    return type_ref.replace("[", "").replace("]", "").replace("!", "").strip()


_NO_JOINS = _FieldJoins(FieldInfo("", "", (), True), {}, False)


class QueryGraph:
    """Answers edge questions about a supergraph; every answer is computed from join data."""

    def __init__(self, sup: Supergraph) -> None:
        self.sup = sup
        self.types: Mapping[str, TypeInfo] = sup.types
        self.roots = {t for t in (sup.query_type, sup.mutation_type, sup.subscription_type) if t}
        self._local_runtime: dict[tuple[str, str], frozenset[str]] = {}
        self._interfaces_of: dict[str, list[str]] = {}
        self._key_edges: dict[Vertex, tuple[KeyEdge, ...]] = {}
        self._provided_cache: dict[str, Provided] = {}
        self._fields: dict[tuple[str, str], _FieldJoins] = {}
        self._named: dict[str, str] = {}
        for t in self.types.values():
            for g, iface in t.implements:
                if t.kind == "object":
                    key = (g, iface)
                    self._local_runtime[key] = self._local_runtime.get(key, frozenset()) | {t.name}
        for t in self.types.values():
            if t.kind == "union":
                for g, member in t.union_members:
                    key = (g, t.name)
                    self._local_runtime[key] = self._local_runtime.get(key, frozenset()) | {member}
        for name, st in sup.schema.type_map.items():
            if isinstance(st, GraphQLObjectType):
                self._interfaces_of[name] = [i.name for i in st.interfaces]

    # -- types ---------------------------------------------------------------------------

    def defines(self, graph: str, type_name: str) -> bool:
        t = self.types.get(type_name)
        return t is not None and graph in t.graphs

    def is_interface_object(self, graph: str, type_name: str) -> bool:
        t = self.types.get(type_name)
        return t is not None and t.is_interface_object_in(graph)

    def supergraph_runtime_types(self, type_name: str) -> frozenset[str]:
        st = self.sup.schema.type_map.get(type_name)
        if isinstance(st, GraphQLObjectType):
            return frozenset({type_name})
        if isinstance(st, GraphQLInterfaceType | GraphQLUnionType):
            return frozenset(o.name for o in self.sup.schema.get_possible_types(st))
        return frozenset()

    def runtime_types(self, v: Vertex) -> frozenset[str]:
        """Object types a value at ``v`` can have, as the subgraph sees it."""
        t = self.types.get(v.type)
        if t is None:
            return frozenset()
        if t.kind == "object":
            return frozenset({v.type})
        if self.is_interface_object(v.graph, v.type):
            return self.supergraph_runtime_types(v.type)
        return self._local_runtime.get((v.graph, v.type), frozenset())

    # -- edges ---------------------------------------------------------------------------

    def field(
        self, v: Vertex, name: str, labels: Labels, parent: str | None = None
    ) -> FieldEdge | str:
        """The edge for field ``name`` at ``v``, or why the subgraph cannot resolve it here.

        ``parent`` names the field's type in messages (the API type being walked, which differs
        from ``v.type`` on an interface object).
        """
        # DIVERGENCE: contextual arguments (@fromContext) are not checked here; Apollo also
        # requires the context to be set on the path. Composition validates the context
        # directives themselves, so this only ever accepts more.
        if name == "__typename":
            if self.is_interface_object(v.graph, v.type):
                return f'cannot find field "{parent or v.type}.{name}".'
            return FieldEdge(Vertex(v.graph, "String"))
        fj = self._field_joins(v.type, name)
        join = fj.by_graph.get(v.graph)
        if join is None:
            if (
                parent is not None
                and parent != v.type
                and self.is_interface_object(v.graph, v.type)
            ):
                return (
                    f'cannot find implementation type "{parent}" (supergraph interface '
                    f'"{v.type}" is declared with @interfaceObject in "{v.graph}").'
                )
            return f'cannot find field "{parent or v.type}.{name}".'
        info = fj.info
        is_provided, sub = _lookup(v.provided, name)
        if not is_provided and fj.restricted:
            coord = f'"{parent or v.type}.{name}"'
            blocked = _unresolvable(info, join, v.graph, coord, labels)
            if blocked is not None:
                return blocked
        if join.provides is not None:
            sub = _merge(sub, self._provided(join.provides))
        type_ref = join.type or info.type
        tail_type = self._named.get(type_ref)
        if tail_type is None:
            tail_type = self._named[type_ref] = named_type(type_ref)
        return FieldEdge(Vertex(v.graph, tail_type, sub), None if is_provided else join.requires)

    def has_definition(self, v: Vertex, name: str) -> bool:
        """Whether ``v``'s subgraph defines field ``name`` on ``v``'s type (usable or not)."""
        return v.graph in self._field_joins(v.type, name).by_graph

    def _field_joins(self, type_name: str, name: str) -> _FieldJoins:
        key = (type_name, name)
        known = self._fields.get(key)
        if known is None:
            t = self.types.get(type_name)
            info = t.fields.get(name) if t is not None else None
            known = _NO_JOINS if info is None else _field_joins(info)
            self._fields[key] = known
        return known

    def _provided(self, fs: FieldSet) -> Provided:
        cached = self._provided_cache.get(fs.text)
        if cached is None:
            cached = provided_tree(fs.selection)
            self._provided_cache[fs.text] = cached
        return cached

    def downcast(self, v: Vertex, target: str) -> Vertex | None:
        """The vertex after ``... on target`` at ``v``; None when the subgraph has no such case."""
        if self.is_interface_object(v.graph, v.type):
            return None
        if v.type == target:
            return v
        _, sub = _lookup(v.provided, f"... on {target}")
        t = self.types.get(target)
        if t is not None and t.kind in ("interface", "union"):
            # A cast to another abstract type the subgraph knows, sharing runtime types with v.
            if v.graph not in t.graphs or not (
                self.runtime_types(Vertex(v.graph, target)) & self.runtime_types(v)
            ):
                return None
            return Vertex(v.graph, target, sub)
        if target not in self.runtime_types(v):
            return None
        return Vertex(v.graph, target, sub)

    def key_edges(self, v: Vertex) -> tuple[KeyEdge, ...]:
        """Jumps out of ``v``'s subgraph that keep (or, for interface objects, widen) its type."""
        plain = Vertex(v.graph, v.type)
        cached = self._key_edges.get(plain)
        if cached is not None:
            return cached
        out: list[KeyEdge] = []
        t = self.types.get(v.type)
        if t is not None:
            if v.type in self.roots:
                for g in t.graphs:
                    if g != v.graph:
                        out.append(KeyEdge(Vertex(g, v.type), None))
            else:
                for jt in t.join_types:
                    if jt.graph != v.graph and jt.key is not None and jt.resolvable:
                        out.append(KeyEdge(Vertex(jt.graph, v.type), jt.key))
                for iface in self._interfaces_of.get(v.type, ()):
                    it = self.types.get(iface)
                    if it is None:
                        continue
                    for jt in it.join_types:
                        if (
                            jt.is_interface_object
                            and jt.graph != v.graph
                            and jt.key is not None
                            and jt.resolvable
                        ):
                            out.append(KeyEdge(Vertex(jt.graph, iface), jt.key))
        result = tuple(out)
        self._key_edges[plain] = result
        return result
