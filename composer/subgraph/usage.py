"""What a subgraph's own field sets use: fields named by keys, @requires and @provides.
Read by the Federation 1 upgrade and by merging (sharing, overrides)."""

from __future__ import annotations

from graphql.language import ast

from composer.subgraph.fieldset import fieldset_field_names, parse_fieldset
from composer.subgraph.model import Kind, Subgraph


def used_field_names(sg: Subgraph) -> dict[str, set[str]]:
    """Per type, the field names used by keys, ``@requires`` and ``@provides`` in ``sg``."""
    used: dict[str, set[str]] = {}
    for t in sg.types.values():
        for k in t.keys:
            _collect(sg, used, t.name, parse_fieldset(k.fields))
        for f in t.fields.values():
            if f.requires:
                _collect(sg, used, t.name, parse_fieldset(f.requires))
            if f.provides:
                _collect(sg, used, f.type.strip("[]!"), parse_fieldset(f.provides))
    return used


def _collect(
    sg: Subgraph, used: dict[str, set[str]], type_name: str, sel: ast.SelectionSetNode | None
) -> None:
    # A module-level function: a nested self-recursive one is a reference cycle holding the
    # subgraph until a collector pass, and composition pauses the collector.
    if sel is None:
        return
    t = sg.types.get(type_name)
    for s in sel.selections:
        if isinstance(s, ast.FieldNode):
            used.setdefault(type_name, set()).add(s.name.value)
            if s.selection_set is not None and t is not None:
                f = t.fields.get(s.name.value)
                if f is not None:
                    _collect(sg, used, f.type.strip("[]!"), s.selection_set)
        elif isinstance(s, ast.InlineFragmentNode):
            cond = s.type_condition.name.value if s.type_condition else type_name
            _collect(sg, used, cond, s.selection_set)


def provided_in(sg: Subgraph) -> dict[str, set[str]]:
    """Per type, the external fields of ``sg`` that some ``@provides`` makes resolvable."""
    out: dict[str, set[str]] = {}
    for t in sg.types.values():
        for f in t.fields.values():
            if f.provides:
                target = f.type.strip("[]!")
                out.setdefault(target, set()).update(fieldset_field_names(f.provides))
                tt = sg.types.get(target)
                if tt is not None and tt.kind in (Kind.INTERFACE, Kind.UNION):
                    for impl in sg.types.values():
                        if target in impl.interfaces or impl.name in tt.members:
                            out.setdefault(impl.name, set()).update(
                                fieldset_field_names(f.provides)
                            )
    return out


def key_field_names(sg: Subgraph) -> dict[str, set[str]]:
    """Per type, the fields some @key of ``sg`` selects, nested selections included."""
    out: dict[str, set[str]] = {}

    def walk(type_name: str, fields: str) -> None:
        from composer.subgraph.fieldset import parse_fieldset

        sel = parse_fieldset(fields)
        stack = [(type_name, sel)]
        while stack:
            tn, ss = stack.pop()
            if ss is None:
                continue
            t = sg.types.get(tn)
            for s in ss.selections:
                if isinstance(s, ast.FieldNode):
                    out.setdefault(tn, set()).add(s.name.value)
                    f = t.fields.get(s.name.value) if t is not None else None
                    if s.selection_set is not None and f is not None:
                        stack.append((f.type.strip("[]!"), s.selection_set))
                elif isinstance(s, ast.InlineFragmentNode):
                    cond = s.type_condition.name.value if s.type_condition else tn
                    stack.append((cond, s.selection_set))

    for t in sg.types.values():
        for k in t.keys:
            walk(t.name, k.fields)
    return out
