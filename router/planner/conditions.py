"""Lifting ``@skip``/``@include`` on variables out of fetches into ``ConditionNode``\\ s.

When every top-level selection of a fetch carries the same variable conditions, the fetch only
matters when those conditions hold: the directives are removed from the subgraph operation and
the fetch (with the fetches that depend only on it) runs under a ``Condition`` node, as Apollo's
planner does. Fetches with mixed conditions keep the directives in their operation.
"""

from __future__ import annotations

import re

from router.normalize import Condition
from router.planner.builder import Group
from router.planner.selection import FieldItem, FragmentItem, SelSet

__all__ = ["lift_conditions"]

_CONDITION_RE = re.compile(r"\s*@(skip|include)\(if: \$([A-Za-z_][A-Za-z0-9_]*)\)")


def _parse(directives: str) -> tuple[Condition, ...] | None:
    """The conditions of a printed directive list; None when it holds anything else."""
    out: list[Condition] = []
    pos = 0
    while pos < len(directives):
        m = _CONDITION_RE.match(directives, pos)
        if m is None:
            return None
        out.append(Condition(m.group(2), m.group(1) == "include"))
        pos = m.end()
    return tuple(out)


def _top_level(g: Group) -> list[tuple[SelSet, str]]:
    """The selection sets holding a group's top-level selections, each with an item key."""
    if not g.entity:
        return [(g.root, k) for k in g.root.items]
    out: list[tuple[SelSet, str]] = []
    for item in g.root.items.values():
        assert isinstance(item, FragmentItem)
        out.extend((item.sub, k) for k in item.sub.items)
    return out


def _common(g: Group) -> tuple[Condition, ...]:
    slots = _top_level(g)
    if not slots:
        return ()
    seen: set[str] = set()
    for sel, key in slots:
        seen.add(sel.items[key].directives)
    if len(seen) != 1:
        return ()
    conditions = _parse(seen.pop())
    return conditions or ()


def _strip(sel: SelSet, enclosing: str | None) -> None:
    """Remove the directives of ``sel``'s items; a fragment that only carried directives (its
    type condition is ``enclosing`` or absent) is inlined."""
    out = SelSet()
    for item in list(sel.items.values()):
        item.directives = ""
        if isinstance(item, FragmentItem) and item.type_condition in (None, enclosing):
            out.merge(item.sub)
            continue
        if isinstance(item, FieldItem):
            key = f"{item.alias or item.name}{item.arguments}"
        else:
            key = f"... on {item.type_condition}"
        single = SelSet()
        single.items[key] = item
        out.merge(single)
    sel.items = out.items
    sel.keys_front = 0


def lift_conditions(groups: list[Group]) -> dict[int, tuple[Condition, ...]]:
    """Remove the conditions shared by all top-level selections of each group.

    Returns:
        group id -> the lifted conditions, for the groups that had some.
    """
    out: dict[int, tuple[Condition, ...]] = {}
    for g in groups:
        conditions = _common(g)
        if not conditions:
            continue
        if g.entity:
            for item in g.root.items.values():
                assert isinstance(item, FragmentItem)
                _strip(item.sub, item.type_condition)
        else:
            _strip(g.root, None)
        out[g.id] = conditions
    return out
