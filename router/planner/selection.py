"""Mutable selection sets used while building fetch groups, printed into subgraph operations."""

from __future__ import annotations

from router.normalize import NField
from router.plan import InputField, InputFragment, InputSelection


class SelSet:
    """An ordered, merging selection set: fields keyed by response key and directives."""

    __slots__ = ("items", "keys_front")

    def __init__(self) -> None:
        self.items: dict[str, FieldItem | FragmentItem] = {}
        # How many leading items are key fields moved to the front (Apollo's plans select the
        # key of a jump before the fields resolved locally).
        self.keys_front = 0

    def move_to_front(self, idents: list[str]) -> None:
        """Move the items ``idents`` behind the key fields already moved to the front."""
        order = list(self.items)
        head = order[: self.keys_front]
        moved = [i for i in idents if i in self.items and i not in head]
        if not moved:
            return
        rest = [i for i in order[self.keys_front :] if i not in moved]
        self.items = {i: self.items[i] for i in head + moved + rest}
        self.keys_front += len(moved)

    def field(self, f: NField, leaf: bool) -> FieldItem:
        ident = f"{f.response_key}{f.arguments}{f.directives}"
        item = self.items.get(ident)
        if not isinstance(item, FieldItem):
            item = FieldItem(f.alias, f.name, f.arguments, f.directives, None if leaf else SelSet())
            self.items[ident] = item
        return item

    def plain_field(self, name: str, leaf: bool, alias: str | None = None) -> FieldItem:
        ident = alias or name
        item = self.items.get(ident)
        if not isinstance(item, FieldItem):
            item = FieldItem(alias, name, "", "", None if leaf else SelSet())
            self.items[ident] = item
        return item

    def drop(self, item: FieldItem | FragmentItem) -> None:
        """Remove ``item`` (selected by nothing else)."""
        self.items = {k: i for k, i in self.items.items() if i is not item}

    def fragment(self, type_condition: str | None, directives: str = "") -> SelSet:
        ident = f"... on {type_condition}{directives}"
        item = self.items.get(ident)
        if not isinstance(item, FragmentItem):
            item = FragmentItem(type_condition, directives, SelSet())
            self.items[ident] = item
        return item.sub

    def has_typename(self) -> bool:
        return "__typename" in self.items

    def text(self) -> str:
        """Compact GraphQL text: ``{a b:c(x: 1){d}}``."""
        parts: list[str] = []
        for item in self._print_order():
            if isinstance(item, FieldItem):
                head = f"{item.alias}:{item.name}" if item.alias else item.name
                head += item.arguments + item.directives
                if item.sub is not None:
                    head += item.sub.text()
                parts.append(head)
            else:
                tc = f" on {item.type_condition}" if item.type_condition else ""
                parts.append(f"...{tc}{item.directives}{item.sub.text()}")
        return "{" + " ".join(parts) + "}"

    def _print_order(self) -> list[FieldItem | FragmentItem]:
        """Insertion order, except that a plain ``__typename`` comes first (as Apollo prints)."""
        first = self.items.get("__typename")
        rest = [i for k, i in self.items.items() if k != "__typename"]
        return [first, *rest] if first is not None else rest

    def inputs(self) -> tuple[InputSelection, ...]:
        """This selection as an entity representation selection (no aliases or arguments)."""
        out: list[InputSelection] = []
        for item in self._print_order():
            if isinstance(item, FieldItem):
                sub = item.sub.inputs() if item.sub is not None else None
                out.append(InputField(item.name, sub, item.alias))
            else:
                assert item.type_condition is not None
                out.append(InputFragment(item.type_condition, item.sub.inputs()))
        return tuple(out)

    def merge(self, other: SelSet) -> None:
        """Add every selection of ``other`` (recursively merged by identity)."""
        for ident, item in other.items.items():
            mine = self.items.get(ident)
            if mine is None:
                self.items[ident] = item
            elif isinstance(mine, FieldItem) and isinstance(item, FieldItem):
                if mine.sub is not None and item.sub is not None:
                    mine.sub.merge(item.sub)
            elif isinstance(mine, FragmentItem) and isinstance(item, FragmentItem):
                mine.sub.merge(item.sub)

    def is_empty(self) -> bool:
        return not self.items

    def size(self) -> int:
        """How many fields this selection selects, at every depth."""
        n = 0
        for item in self.items.values():
            if isinstance(item, FieldItem):
                n += 1
            if item.sub is not None:
                n += item.sub.size()
        return n


class FieldItem:
    __slots__ = ("alias", "arguments", "directives", "name", "sub")

    def __init__(
        self, alias: str | None, name: str, arguments: str, directives: str, sub: SelSet | None
    ) -> None:
        self.alias = alias
        self.name = name
        self.arguments = arguments
        self.directives = directives
        self.sub = sub


class FragmentItem:
    __slots__ = ("directives", "sub", "type_condition")

    def __init__(self, type_condition: str | None, directives: str, sub: SelSet) -> None:
        self.type_condition = type_condition
        self.directives = directives
        self.sub = sub
