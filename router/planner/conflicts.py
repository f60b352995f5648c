"""Aliases for selections that cannot merge in one subgraph operation, and the renames that
undo them in the subgraph's result.

Two selections with one response key in one selection set must have the same response shape
(GraphQL's ``OverlappingFieldsCanBeMerged``, ``SameResponseShape``), even in fragments on
different object types. The client's operation passes that rule against the supergraph, but a
subgraph may declare a field with another type (``@join__field(type:)``: ``ID!`` on one object,
``ID`` on another), so the subgraph operation would be rejected. As Apollo's planner does, the
second such selection gets an alias (``id__alias_0``) and the fetch records a
``KeyRenamer`` that moves the value back to the client's key before the result merges.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from composer.supergraph.reader import Supergraph
from router.plan import KeyRenamer
from router.planner.groups import Group, named_type
from router.planner.selection import FieldItem, SelSet

__all__ = ["alias_conflicts"]

Path = tuple[str, ...]
# A selection set to check, the path of response keys and ``... on T`` steps from the fetch's
# result to it, and its parent type (as the subgraph declares it).
_At = tuple[Path, SelSet, str]


@dataclass(slots=True)
class _Seen:
    """The first selection of a response key at one level (and the ones merged with it)."""

    name: str
    type: str | None
    subs: list[_At] = field(default_factory=list)


def alias_conflicts(sg: Supergraph, groups: list[Group], root_types: dict[bool, str]) -> None:
    """Alias, in place, the selections of each group that cannot merge with an earlier one of
    the same response key, and record the renames in ``Group.output_rewrites``.

    Args:
        sg: the supergraph (each subgraph's field types come from its ``@join__field``).
        groups: the finished fetch groups.
        root_types: the root type of non-entity groups (key False) and of entity groups (key
            True, a name no field is looked up on).
    """
    for g in groups:
        check = _Checker(sg, g.service)
        check.level([((), g.root, root_types[g.entity])])
        g.output_rewrites = tuple(check.renames)


class _Checker:
    def __init__(self, sg: Supergraph, service: str) -> None:
        self.sg = sg
        self.service = service
        self.renames: list[KeyRenamer] = []

    def level(self, sets: list[_At]) -> None:
        """Check the fields of ``sets`` (selection sets whose results share one object level),
        then, per response key, the sub-selections merged under it."""
        fields = [f for at in sets for f in _fields_in_set(*at)]
        taken = {item.alias or item.name for _, item, _ in fields}
        seen: dict[str, _Seen] = {}
        for path, item, parent in fields:
            key = item.alias or item.name
            ftype = self.field_type(parent, item.name)
            prev = seen.get(key)
            if prev is None:
                prev = seen[key] = _Seen(item.name, ftype)
            elif prev.name != item.name or not self.mergeable(prev.type, ftype):
                alias = _alias_name(key, taken)
                taken.add(alias)
                self.renames.append(KeyRenamer(path + (alias,), key))
                item.alias = alias
                key = alias
                prev = seen[key] = _Seen(item.name, ftype)
            if item.sub is not None:
                prev.subs.append((path + (key,), item.sub, self.child_type(parent, item.name)))
        for s in seen.values():
            if s.subs:
                self.level(s.subs)

    def field_type(self, parent: str, name: str) -> str | None:
        """The printed type of ``parent.name`` in this subgraph; None when unknown."""
        if name == "__typename":
            return "String!"
        t = self.sg.types.get(parent)
        f = t.fields.get(name) if t is not None else None
        if f is None:
            return None
        j = f.join(self.service)
        return j.type if j is not None and j.type else f.type

    def child_type(self, parent: str, name: str) -> str:
        """The type a field's sub-selection is on (the subgraph's own type when it declares a
        subtype, as the builder selects it)."""
        ftype = self.field_type(parent, name)
        if ftype is not None and named_type(ftype) in self.sg.types:
            return named_type(ftype)
        return ""

    def composite(self, name: str) -> bool:
        t = self.sg.types.get(name)
        return t is not None and t.kind in ("object", "interface", "union")

    def mergeable(self, a: str | None, b: str | None) -> bool:
        """Same nullability and list nesting, and the same leaf type or two composite types
        (the start of ``SameResponseShape``; sub-selections are checked a level down)."""
        if a is None or b is None:
            return True
        if a.endswith("!") or b.endswith("!"):
            return a.endswith("!") and b.endswith("!") and self.mergeable(a[:-1], b[:-1])
        if a.startswith("[") or b.startswith("["):
            return a.startswith("[") and b.startswith("[") and self.mergeable(a[1:-1], b[1:-1])
        if self.composite(a):
            return self.composite(b)
        return a == b


def _fields_in_set(path: Path, sel: SelSet, parent: str) -> list[tuple[Path, FieldItem, str]]:
    """The fields of ``sel`` and of its fragments, in order, each with its path (``... on T``
    steps for the fragments it is in) and parent type."""
    out: list[tuple[Path, FieldItem, str]] = []
    for item in sel.items.values():
        if isinstance(item, FieldItem):
            out.append((path, item, parent))
        elif item.type_condition is None:
            out.extend(_fields_in_set(path, item.sub, parent))
        else:
            tc = item.type_condition
            out.extend(_fields_in_set(path + (f"... on {tc}",), item.sub, tc))
    return out


def _alias_name(key: str, taken: set[str]) -> str:
    i = 0
    while f"{key}__alias_{i}" in taken:
        i += 1
    return f"{key}__alias_{i}"
