"""Upgrade stage: Federation 1 subgraphs get Federation 2 semantics before merging.

What changes (each a small pass, applied in order):
- ``@external`` on object types is dropped;
- ``@external`` on interface fields is dropped;
- ``@key`` on interfaces is dropped (Federation 1 ignored it);
- ``@external`` fields nothing uses (no key, ``@requires`` or ``@provides``) are removed;
- a type extension whose type has a base definition in another subgraph becomes a definition;
- value types shared with other subgraphs, and entity or root fields resolved elsewhere too,
  become ``@shareable`` (Federation 1 shared them implicitly).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

from graphql import print_ast
from graphql.language import ast

from composer.subgraph.fieldset import fieldset_field_names, parse_fieldset
from composer.subgraph.model import Kind, Subgraph, TypeDef
from composer.subgraph.usage import provided_in, used_field_names

_COMPOSITE = (Kind.OBJECT, Kind.INTERFACE, Kind.UNION)


def upgrade_fed1(sg: Subgraph, all_subgraphs: Sequence[Subgraph]) -> Subgraph:
    """A Federation 2 view of a Federation 1 subgraph (the input is left unchanged)."""
    out = copy.copy(sg)
    out.types = {n: copy.deepcopy(t) for n, t in sg.types.items()}
    others = [s for s in all_subgraphs if s.name != sg.name]
    _manual_override(out)
    _drop_external_on_object_types(out)
    _drop_interface_externals_and_keys(out)
    _keys_known_elsewhere(out, others)
    _remove_unused_externals(out)
    _extensions_with_base_elsewhere(out, others)
    _drop_inactive_requires_and_provides(out)
    _add_shareable(out, others)
    return out


def _manual_override(sg: Subgraph) -> None:
    """A Federation 1 subgraph that defines ``@override`` itself means federation's."""
    if "override" not in sg.directive_defs:
        return
    for t in sg.types.values():
        for f in t.fields.values():
            for d in f.directives:
                if d.name == "custom:override":
                    d.name = "override"
                    f.override_from = d.arg_str("from")
                    f.override_label = d.arg_str("label")


def _drop_external_on_object_types(sg: Subgraph) -> None:
    """``@external`` on an object type is removed: its fields are external only if marked."""
    for t in sg.types.values():
        if t.kind != Kind.OBJECT or not t.has("external"):
            continue
        t.directives = [d for d in t.directives if d.name != "external"]
        for f in t.fields.values():
            if f.external and not f.has("external"):
                f.external = False


def _drop_interface_externals_and_keys(sg: Subgraph) -> None:
    for t in sg.types.values():
        if t.kind != Kind.INTERFACE:
            continue
        t.keys = []
        t.directives = [d for d in t.directives if d.name != "key"]
        for f in t.fields.values():
            f.external = False


def _keys_known_elsewhere(sg: Subgraph, others: Sequence[Subgraph]) -> None:
    """A key-less type extension's @external fields that another subgraph uses as key fields
    are that entity's key here too: resolvable, not external."""
    for t in sg.types.values():
        if t.keys or not _is_extension(t):
            continue
        key_fields: set[str] = set()
        for o in others:
            ot = o.types.get(t.name)
            for k in ot.keys if ot is not None else ():
                key_fields |= fieldset_field_names(k.fields)
        for name in key_fields:
            f = t.fields.get(name)
            if f is not None and f.external:
                f.external = False
                f.fake_external = True


def _remove_unused_externals(sg: Subgraph) -> None:
    used = used_field_names(sg)
    for t in sg.types.values():
        for name in [n for n, f in t.fields.items() if f.external]:
            if name not in used.get(t.name, set()):
                del t.fields[name]


def _is_extension(t: TypeDef) -> bool:
    return t.extends or (t.has_extension and not t.has_definition)


def _extensions_with_base_elsewhere(sg: Subgraph, others: Sequence[Subgraph]) -> None:
    """``extend type T`` where another subgraph defines T is just a definition of T.
    (``@extends`` keeps marking the type as an extension.)"""
    for t in sg.types.values():
        if t.extends or not _is_extension(t):
            continue
        # Any syntactic definition elsewhere counts as the base, even one marked @extends.
        base = any((o := s.types.get(t.name)) is not None and o.has_definition for s in others)
        if base:
            t.has_definition = True
            for k in t.keys:
                k.of_extension = False


def _drop_inactive_requires_and_provides(sg: Subgraph) -> None:
    """Federation 1 tolerated @requires/@provides naming fields that are not external; they
    have no effect, so they are removed from the field sets (and empty ones dropped), as is a
    @provides on a field whose type is not composite."""
    for t in sg.types.values():
        for f in t.fields.values():
            if f.requires:
                f.requires = _keep_external(sg, t.name, f.requires)
            if f.provides:
                target = sg.types.get(f.type.strip("[]!"))
                if target is None or target.kind not in _COMPOSITE:
                    f.provides = None  # @provides on a non-composite field is removed
                else:
                    f.provides = _keep_external(sg, target.name, f.provides)


def _keep_external(sg: Subgraph, type_name: str, fields: str) -> str | None:
    sel = parse_fieldset(fields)
    t = sg.types.get(type_name)
    if sel is None or t is None or t.kind != Kind.OBJECT:
        return fields
    kept: list[ast.SelectionNode] = []
    for s in sel.selections:
        if isinstance(s, ast.FieldNode):
            f = t.fields.get(s.name.value)
            if f is not None and not f.external:
                continue
        kept.append(s)
    if len(kept) == len(sel.selections):
        return fields
    if not kept:
        return None
    return " ".join(print_ast(s) for s in kept)


def _add_shareable(sg: Subgraph, others: Sequence[Subgraph]) -> None:
    roots = set(sg.roots.values())
    for t in sg.types.values():
        if t.kind != Kind.OBJECT:
            continue
        if t.keys or t.name in roots:
            provided = provided_in(sg).get(t.name, set())
            for f in t.fields.values():
                if f.external and f.name not in provided:
                    continue
                if any(_resolves(o, t.name, f.name, roots_of(o)) for o in others):
                    f.shareable = True
        elif any(_has_type(o, t.name) for o in others):
            # @shareable goes on the type definition: fields added by an `extend type` of
            # the same subgraph are not covered.
            t.shareable = True
            defined_here = any(not isinstance(n, ast.TypeExtensionNode) for n in t.nodes)
            for f in t.fields.values():
                if not (f.from_extension and defined_here):
                    f.shareable = True


def roots_of(sg: Subgraph) -> dict[str, str]:
    return {local: op for op, local in sg.roots.items()}


def _has_type(sg: Subgraph, name: str) -> bool:
    return name in sg.types


def _resolves(sg: Subgraph, type_name: str, field: str, roots: dict[str, str]) -> bool:
    t = sg.types.get(type_name)
    if t is None:
        return False
    f = t.fields.get(field)
    if f is None:
        return False
    if not f.external or f.fake_external:
        return True
    if sg.is_fed1 and t.kind == Kind.OBJECT and not f.has("external"):
        return True  # external only through the type's @external, which the upgrade drops
    return field in provided_in(sg).get(type_name, set())
