"""Carrying directive applications from subgraph elements to the merged supergraph elements."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from composer.directives.common import canon
from composer.merge.merger import applied_text
from composer.merge.model import SArg, Supergraph
from composer.subgraph.model import Applied, InputValue, Subgraph

# ("type", T) | ("field", T, f) | ("arg", T, f, a) | ("value", T, v)
Element = tuple[str, ...]
Collected = dict[Element, list[tuple[Subgraph, Applied]]]


def collect(
    subgraphs: Sequence[Subgraph], select: Callable[[Subgraph, Applied], bool]
) -> Collected:
    """Applications chosen by ``select``, grouped by the supergraph element they belong to."""
    out: Collected = {}

    def add(key: Element, sg: Subgraph, directives: list[Applied]) -> None:
        for d in directives:
            if select(sg, d):
                out.setdefault(key, []).append((sg, d))

    for sg in subgraphs:
        for td in sg.types.values():
            t = canon(sg, td.name)
            add(("type", t), sg, td.directives)
            for f in td.fields.values():
                add(("field", t, f.name), sg, f.directives)
                for a in f.args.values():
                    add(("arg", t, f.name, a.name), sg, a.directives)
            for iv in td.input_fields.values():
                add(("field", t, iv.name), sg, iv.directives)
            for v in td.values.values():
                add(("value", t, v.name), sg, v.directives)
    return out


def target(sup: Supergraph, key: Element) -> list[str] | None:
    """The printed-directive list of a supergraph element, None when it was not merged."""
    st = sup.types.get(key[1])
    if st is None:
        return None
    if key[0] == "type":
        return st.directives
    if key[0] == "value":
        v = st.values.get(key[2])
        return v.directives if v is not None else None
    f = st.fields.get(key[2])
    if f is None:
        return None
    if key[0] == "field":
        return f.directives
    a = f.args.get(key[3])
    return a.directives if a is not None else None


def printed(a: Applied, name: str | None = None) -> str:
    """The application as printed in the supergraph (under ``name`` when given)."""
    return applied_text(a, name or a.node.name.value)


def merge_printed(texts: list[str], repeatable: bool) -> list[str]:
    """Repeatable: every distinct application; otherwise the most common one (first on ties)."""
    distinct: list[str] = []
    counts: dict[str, int] = {}
    for t in texts:
        if t not in counts:
            distinct.append(t)
            counts[t] = 0
        counts[t] += 1
    if repeatable or len(distinct) <= 1:
        return distinct
    best = max(distinct, key=lambda t: (counts[t], -distinct.index(t)))
    return [best]


def append(dest: list[str], texts: list[str]) -> None:
    for t in texts:
        if t not in dest:
            dest.append(t)


def to_sarg(iv: InputValue) -> SArg:
    return SArg(iv.name, iv.type, iv.default, iv.description, [])
