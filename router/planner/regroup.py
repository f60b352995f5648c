"""Regrouping: key jumps whose fields one entity fetch at an ancestor can take together.

The builder resolves a field in the current subgraph whenever it can, and jumps only below it:
an object field several subgraphs share (``@shareable``) stays where it is, and each of its
fields that another subgraph resolves costs a jump of its own. An entity fetch of that other
subgraph at an ancestor could resolve the field path itself: the fetch the selection already
needs there (for a sibling field), or one fetch in place of several jumps. Apollo's planner
finds these by comparing the options' costs; here a plan is rebuilt with such jumps entering
at the ancestor, and kept only when it needs fewer fetches (then no deeper a chain).
"""

from __future__ import annotations

from collections import defaultdict

from router.planner.groups import Entries, Group, Jump, Path
from router.planner.state import BuilderState

__all__ = ["cost", "more_entries"]


def cost(builder: BuilderState) -> tuple[int, int]:
    """(fetches, longest chain of dependent fetches) of a built plan."""
    return len(builder.groups), builder.depth()


def more_entries(builder: BuilderState) -> Entries:
    """The builder's entries, with an ancestor for the jumps that can share one entity fetch:
    per subgraph and set of parent fetches, the ancestor where the most entity fetches (at
    least two, one of them possibly at the ancestor already) become one; the nearest on ties.
    """
    jumps: dict[int, list[Jump]] = defaultdict(list)
    for jump in builder.jumps:
        jumps[jump.group].append(jump)
    buckets: dict[tuple[str, frozenset[int]], list[Group]] = defaultdict(list)
    for (service, _, parents, tag), g in builder.indexed_entity_groups():
        if not tag:
            buckets[(service, parents)].append(g)
    out = dict(builder.entries)
    for (service, _), groups in sorted(buckets.items(), key=lambda b: (b[0][0], sorted(b[0][1]))):
        if len(groups) < 2:
            continue
        entries = {g.id: _shared(jumps[g.id]) for g in groups}
        candidates = sorted({p for ps in entries.values() for p in ps})
        best: tuple[int, int, Path] | None = None
        for at in candidates:
            n = sum(1 for g in groups if at in entries[g.id] or g.path == at)
            if best is None or (n, len(at)) > best[:2]:
                best = (n, len(at), at)
        if best is None or best[0] < 2:
            continue
        at = best[2]
        for g in groups:
            if g.path != at and at in entries[g.id]:
                for jump in jumps[g.id]:
                    out[(jump.origin, jump.path, service)] = at
    return out


def _shared(jumps: list[Jump]) -> tuple[Path, ...]:
    """The ancestors where every jump into one entity fetch could enter instead."""
    if not jumps:
        return ()
    common = set(jumps[0].entries)
    for jump in jumps[1:]:
        common &= set(jump.entries)
    return tuple(sorted(common))
