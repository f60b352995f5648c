"""Random small federated subgraph sets composed by us and by @apollo/composition.

A hypothesis strategy draws 2-4 subgraphs mixing entities with keys, value types shared with
or without @shareable, differing nullability, enums used as input and/or output, input types
and @external/@requires/@provides combinations (valid or not). The examples are drawn once
(derandomised), composed by Apollo in one node process, and compared with our results.
Every disagreement is printed as a report (run pytest with ``-s`` to see it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.composer.test_differential_cases import Outcome, load_scorer, ours
from tests.reference.apollo import apollo_compose_many_in_background, reference_available

EXAMPLES = 60
Case = list[tuple[str, str]]

SCALARS = ("Int", "String")
ENTITY_FIELDS = ("name", "price", "stock")
VALUE_FIELDS = ("a", "b")
COLORS = ("RED", "GREEN", "BLUE")
FILTER_FIELDS = ("q", "limit")


def _type(draw: st.DrawFn, base: str) -> str:
    return base + draw(st.sampled_from(("", "!")))


def _mostly(draw: st.DrawFn) -> bool:
    """True three times out of four: keeps most examples valid so both outcomes are seen."""
    return draw(st.sampled_from((True, True, True, False)))


def _scalar(field: str) -> str:
    return "String" if field in ("name", "q", "b") else "Int"


@st.composite
def entity(
    draw: st.DrawFn,
    sub: str,
    name: str,
    owner: bool,
    imports: set[str],
    root: list[str],
    node: bool,
) -> str:
    """An entity type ``name`` as subgraph ``sub`` defines it; the owner defines every field."""
    imports.add("key")
    lines = ["  id: ID!"]
    if owner:
        fields = list(ENTITY_FIELDS)
    else:
        fields = draw(st.lists(st.sampled_from(ENTITY_FIELDS), unique=True, max_size=2))
    for f in fields:
        shareable = _mostly(draw)
        if shareable:
            imports.add("shareable")
        lines.append(f"  {f}: {_type(draw, _scalar(f))}{' @shareable' if shareable else ''}")
    missing = [f for f in ENTITY_FIELDS if f not in fields]
    if missing and not owner and draw(st.integers(0, 3)) == 0:
        # take a field over from the owner (or, sometimes, from itself or an unknown subgraph)
        imports.add("override")
        taken = draw(st.sampled_from(missing))
        source = "s0" if _mostly(draw) else draw(st.sampled_from((f"s{sub}", "elsewhere")))
        lines.append(f'  {taken}: {_type(draw, _scalar(taken))} @override(from: "{source}")')
        missing.remove(taken)
    if missing and draw(st.integers(0, 2)) == 0:
        # @requires on an @external field, whose type may differ from the owner's
        imports.update(("external", "requires"))
        ext = draw(st.sampled_from(missing))
        base = _scalar(ext) if _mostly(draw) else draw(st.sampled_from(SCALARS))
        lines.append(f"  {ext}: {_type(draw, base)} @external")
        lines.append(f'  calc{sub}: Int @requires(fields: "{ext}")')
        missing.remove(ext)
    provided = None
    if draw(st.integers(0, 2)) == 0:
        # a root field providing a field that is @external here (or, sometimes, not)
        if missing and _mostly(draw):
            provided = draw(st.sampled_from(missing))
            imports.add("external")
            lines.append(f"  {provided}: {_type(draw, _scalar(provided))} @external")
        elif not _mostly(draw):
            provided = draw(st.sampled_from(ENTITY_FIELDS))
    if provided is not None:
        imports.add("provides")
        root.append(f'  top{name}{sub}: [{name}] @provides(fields: "{provided}")')
    elif draw(st.booleans()):
        root.append(f"  get{name}{sub}(id: ID!): {name}")
    body = "\n".join(lines)
    implements = " implements Node" if node else ""
    return f'type {name}{implements} @key(fields: "id") {{\n{body}\n}}'


@st.composite
def value_type(draw: st.DrawFn, sub: str, imports: set[str], root: list[str]) -> str:
    shareable = _mostly(draw)
    if shareable:
        imports.add("shareable")
    fields = draw(st.lists(st.sampled_from(VALUE_FIELDS), unique=True, min_size=1))
    body = "\n".join(f"  {f}: {_type(draw, _scalar(f))}" for f in fields)
    root.append(f"  value{sub}: Value")
    return f"type Value{' @shareable' if shareable else ''} {{\n{body}\n}}"


@st.composite
def enum_and_input(draw: st.DrawFn, sub: str, root: list[str]) -> list[str]:
    defs: list[str] = []
    if draw(st.booleans()):
        if _mostly(draw):
            values = list(COLORS)
        else:
            values = draw(st.lists(st.sampled_from(COLORS), unique=True, min_size=1))
        defs.append(f"enum Color {{ {' '.join(values)} }}")
        usage = draw(st.sampled_from(("output", "input", "both")))
        if usage in ("output", "both"):
            root.append(f"  color{sub}: Color")
        if usage in ("input", "both"):
            root.append(f"  byColor{sub}(c: Color): Int")
    if draw(st.booleans()):
        fields = draw(st.lists(st.sampled_from(FILTER_FIELDS), unique=True, min_size=1))
        body = " ".join(f"{f}: {_type(draw, _scalar(f))}" for f in fields)
        defs.append(f"input Filter {{ {body} }}")
        root.append(f"  search{sub}(f: Filter): Int")
    return defs


@st.composite
def subgraph(draw: st.DrawFn, sub: str, owner: bool) -> str:
    imports: set[str] = set()
    root: list[str] = [f"  ping{sub}: Int"]
    defs: list[str] = []
    node = draw(st.integers(0, 3)) == 0
    if node:
        # an interface implemented by the entities defined here
        defs.append("interface Node {\n  id: ID!\n}")
        root.append(f"  node{sub}(id: ID!): Node")
    for name in ("Product", "User"):
        if owner or draw(st.booleans()):
            defs.append(draw(entity(sub, name, owner, imports, root, node)))
    if draw(st.booleans()):
        defs.append(draw(value_type(sub, imports, root)))
    defs += draw(enum_and_input(sub, root))
    if draw(st.integers(0, 4)) == 0:
        shareable = _mostly(draw)
        if shareable:
            imports.add("shareable")
        root.append(f"  shared: {_type(draw, 'Int')}{' @shareable' if shareable else ''}")
    names = ", ".join(f'"@{i}"' for i in sorted(imports))
    link = (
        f'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: [{names}])'
    )
    query = "type Query {\n" + "\n".join(root) + "\n}"
    return "\n\n".join([link, query, *defs]) + "\n"


@st.composite
def subgraph_sets(draw: st.DrawFn) -> Case:
    """2-4 subgraphs; the first owns every entity field, the others add to it."""
    count = draw(st.integers(2, 4))
    return [(f"s{i}", draw(subgraph(str(i), owner=i == 0))) for i in range(count)]


def draw_cases() -> list[Case]:
    """The examples, drawn deterministically (hypothesis derandomised, no database)."""
    drawn: list[Case] = []

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(subgraph_sets())
    def collect(case: Case) -> None:
        if case not in drawn:
            drawn.append(case)

    collect()
    return drawn


@dataclass(frozen=True, slots=True)
class Comparison:
    case: Case
    ours_ok: bool
    ref_ok: bool
    ours_codes: list[str]
    ref_codes: list[str]
    same_api: bool | None  # None when either failed
    same_join: bool | None

    @property
    def same_outcome(self) -> bool:
        return self.ours_ok == self.ref_ok

    @property
    def agrees(self) -> bool:
        if not self.same_outcome:
            return False
        if not self.ours_ok:
            return self.ours_codes == self.ref_codes
        return bool(self.same_api and self.same_join)


def compare(case: Case, mine: Outcome, ref: dict[str, Any], scorer: ModuleType) -> Comparison:
    ok, codes, sdl = mine
    ref_codes = sorted({e["code"] for e in ref["errors"]})
    same_api = same_join = None
    if ok and ref["ok"] and sdl is not None:
        our_api = scorer.normalize_api_sdl(scorer.api_schema_from_supergraph(sdl))
        same_api = our_api == scorer.normalize_api_sdl(ref["apiSchemaSdl"])
        same_join = scorer.extract_join(sdl) == scorer.extract_join(ref["supergraphSdl"])
    return Comparison(case, ok, ref["ok"], codes, ref_codes, same_api, same_join)


def report(comparisons: Sequence[Comparison]) -> str:
    bad = [c for c in comparisons if not c.agrees]
    lines = [f"differential (random): {len(comparisons) - len(bad)}/{len(comparisons)} agree"]
    for i, c in enumerate(bad):
        what = (
            f"ours ok={c.ours_ok} {c.ours_codes} / apollo ok={c.ref_ok} {c.ref_codes}"
            if not c.same_outcome or not c.ours_ok
            else f"api equal={c.same_api} join equal={c.same_join}"
        )
        lines.append(f"--- disagreement {i + 1}: {what}")
        for name, sdl in c.case:
            lines.append(f"# subgraph {name}\n{sdl}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def comparisons() -> list[Comparison]:
    if not reference_available():
        pytest.fail("node and tests/reference/node_modules are needed for differential tests")
    cases = draw_cases()
    pending = apollo_compose_many_in_background(
        [[(n, f"http://{n}/graphql", s) for n, s in c] for c in cases]
    )
    mine = [ours(c) for c in cases]
    scorer = load_scorer()
    triples = zip(cases, mine, pending.result(), strict=True)
    result = [compare(c, m, r, scorer) for c, m, r in triples]
    print(report(result))
    return result


def test_examples_cover_both_outcomes(comparisons: list[Comparison]) -> None:
    assert len(comparisons) >= EXAMPLES // 2
    assert {c.ref_ok for c in comparisons} == {True, False}


# All 49 drawn examples agree today (11 compose, 38 fail), so every property is asserted:
# outcome, error code sets, and on success API schemas and join__ placements. A larger random
# run (tests/reference/differential_report.py --examples 200 --seed 1: 183 distinct inputs)
# agrees on all 183 too, including the @external fields typed `T!` whose owner has `T`
# (EXTERNAL_TYPE_MISMATCH from both).


def test_same_success_or_failure_as_apollo(comparisons: list[Comparison]) -> None:
    assert [c.case for c in comparisons if not c.same_outcome] == []


def test_same_api_schema_and_join_placements_on_success(comparisons: list[Comparison]) -> None:
    composed = [c for c in comparisons if c.ours_ok and c.ref_ok]
    assert len(composed) >= 10
    assert [c.case for c in composed if not (c.same_api and c.same_join)] == []


def test_same_error_codes(comparisons: list[Comparison]) -> None:
    failed = [c for c in comparisons if not c.ours_ok and not c.ref_ok]
    assert len(failed) >= 10
    assert [(c.ours_codes, c.ref_codes) for c in failed if c.ours_codes != c.ref_codes] == []
