"""Satisfiability on small subgraph sets: our verdict, checked against Apollo's on each case."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from composer.compose import CompositionResult, compose
from composer.errors import ErrorCode
from composer.satisfiability import check_satisfiability
from composer.sources import SubgraphSource
from tests.reference.apollo import apollo_compose

ROOT = Path(__file__).resolve().parents[2]
FED2 = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: '
    '["@key", "@external", "@requires", "@provides", "@shareable", "@override", '
    '"@interfaceObject"])\n'
)


@dataclass(frozen=True)
class Case:
    name: str
    subgraphs: dict[str, str]
    fails: bool
    # Fragments our satisfiability messages must contain (Apollo's are compared on verdict and
    # code; the corpus test compares whole messages).
    expect: tuple[str, ...] = ()


CASES = [
    Case(
        "value type split across subgraphs",
        {
            "a": "type Query { t: T } type T { x: Int }",
            "b": "type T { y: Int }",
        },
        fails=True,
        expect=(
            "{\n  t {\n    y\n  }\n}",
            'cannot move to subgraph "b", which has field "T.y", because type "T" has no @key '
            'defined in subgraph "b".',
        ),
    ),
    Case(
        "entity with a key in each subgraph",
        {
            "a": 'type Query { t: T } type T @key(fields: "id") { id: ID! x: Int }',
            "b": 'type T @key(fields: "id") { id: ID! y: Int }',
        },
        fails=False,
    ),
    Case(
        "non-resolvable key in the only subgraph with the field",
        {
            "a": 'type Query { t: T } type T @key(fields: "id", resolvable: false) { id: ID! y: Int }',
            "b": 'type Query { ts: [T] } type T @key(fields: "id") { id: ID! }',
        },
        fails=True,
        expect=("are resolvable",),
    ),
    Case(
        "external key field cannot feed the key",
        {
            "a": 'type Query { t: T } type T @key(fields: "id") { id: ID! x: Int }',
            "b": (
                'type Query { tb: T } type T @key(fields: "id") { id: ID! @external '
                'y: Int @requires(fields: "x") x: Int @external }'
            ),
        },
        fails=True,
        expect=('key field "id" being accidentally marked @external',),
    ),
    Case(
        "requires satisfied through the key",
        {
            "a": 'type Query { t: T } type T @key(fields: "id") { id: ID! x: Int }',
            "b": (
                'type T @key(fields: "id") { id: ID! x: Int @external '
                'y: Int @requires(fields: "x") }'
            ),
        },
        fails=False,
    ),
    Case(
        "provides makes an external field reachable",
        {
            "a": (
                'type Query { t: T @provides(fields: "name") } '
                'type T @key(fields: "id", resolvable: false) { id: ID! name: String @external @shareable }'
            ),
            "b": 'type T @key(fields: "id", resolvable: false) { id: ID! name: String @shareable }',
        },
        fails=False,
    ),
    Case(
        "key reached through an intermediate subgraph",
        {
            "a": 'type Query { t: T } type T @key(fields: "id") { id: ID! }',
            "b": 'type T @key(fields: "id") @key(fields: "sku") { id: ID! sku: String! }',
            "c": 'type T @key(fields: "sku") { sku: String! z: Int }',
        },
        fails=False,
    ),
    Case(
        "shareable mutation whose subfields differ by subgraph",
        {
            "a": "type Query { q: Int } type Mutation { f: F @shareable } type F { x: Int }",
            "b": "type Query { r: Int } type Mutation { f: F @shareable } type F { y: Int }",
        },
        fails=True,
        expect=("must be satisfiable without needing to call that field from multiple",),
    ),
    Case(
        "interface object reached from the interface's subgraph",
        {
            "a": (
                'type Query { i: I } interface I @key(fields: "id") { id: ID! } '
                'type A implements I @key(fields: "id") { id: ID! }'
            ),
            "b": 'type I @key(fields: "id") @interfaceObject { id: ID! extra: Int }',
        },
        fails=False,
    ),
    Case(
        "interface object without a subgraph knowing the implementations",
        {
            "a": (
                "interface I { id: ID! x: Int } "
                'type A implements I @key(fields: "id") { id: ID! x: Int }'
            ),
            "b": (
                "type Query { iFromB: I } "
                'type I @key(fields: "id") @interfaceObject { id: ID! y: Int }'
            ),
        },
        fails=True,
        expect=(
            "... on A {",
            "no subgraph can be reached to resolve the implementation type of @interfaceObject "
            'type "I".',
        ),
    ),
]


def _sources(case: Case) -> list[SubgraphSource]:
    return [
        SubgraphSource(n, f"http://{n}/graphql", FED2 + sdl, f"{n}.graphql")
        for n, sdl in case.subgraphs.items()
    ]


def _codes(result: CompositionResult) -> set[str]:
    return {str(e.code) for e in result.errors}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_verdict_matches_apollo(case: Case) -> None:
    ours = compose(_sources(case))
    theirs: dict[str, Any] = apollo_compose([(s.name, s.url, s.sdl) for s in _sources(case)])
    their_codes = {e["code"] for e in theirs["errors"]}
    assert ("SATISFIABILITY_ERROR" in their_codes) == case.fails, theirs["errors"]
    assert theirs["ok"] == (not case.fails), theirs["errors"]
    if case.fails:
        assert _codes(ours) == {"SATISFIABILITY_ERROR"}, ours.errors
        for error in ours.errors:
            assert error.message.startswith(
                ("The following supergraph API query:\n", "Supergraph API queries using")
            )
        messages = "\n".join(e.message for e in ours.errors)
        for fragment in case.expect:
            assert fragment in messages
    else:
        assert ours.ok, ours.errors


def test_sample_subgraphs_are_satisfiable() -> None:
    config = yaml.safe_load((ROOT / "supergraph.yaml").read_text(encoding="utf-8"))
    subgraphs = [
        (name, sub["routing_url"], (ROOT / sub["schema"]["file"]).read_text(encoding="utf-8"))
        for name, sub in config["subgraphs"].items()
    ]
    composed = apollo_compose(subgraphs)
    assert composed["ok"], composed["errors"]
    assert check_satisfiability(composed["supergraphSdl"]) == []


def test_budget_exceeded_is_reported() -> None:
    case = CASES[6]
    sdl = compose(_sources(case)).supergraph_sdl
    assert sdl is not None
    assert check_satisfiability(sdl) == []
    errors = check_satisfiability(sdl, budget=2)
    assert [e.code for e in errors] == [ErrorCode.SATISFIABILITY_ERROR]
    assert "budget" in errors[0].message


def test_unreadable_supergraph_is_left_to_the_emitting_stage() -> None:
    assert check_satisfiability("type Query { a: Int }") == []


def test_public_api() -> None:
    import composer.satisfiability as sat

    assert sorted(sat.__all__) == ["DEFAULT_BUDGET", "check_satisfiability"]


def test_generated_federation_is_satisfiable_within_budget() -> None:
    # Keys, @shareable, @requires and @provides spread over ten subgraphs (the benchmark's
    # generator); Apollo composes these.
    from bench.gen_subgraphs import generate

    result = compose([SubgraphSource(n, u, sdl, n) for n, u, sdl in generate(10, 60)])
    assert result.ok, [e.message for e in result.errors][:3]


def test_missing_key_in_generated_federation_is_found() -> None:
    from bench.gen_subgraphs import generate

    # E5 is owned by s5 and extended by s0 (``extra5``); with its key in s0 not resolvable,
    # nothing can jump to s0 for that field.
    broken = [
        SubgraphSource(
            n,
            u,
            sdl.replace('E5 @key(fields: "id")', 'E5 @key(fields: "id", resolvable: false)')
            if n == "s0"
            else sdl,
            n,
        )
        for n, u, sdl in generate(6, 12)
    ]
    theirs = apollo_compose([(s.name, s.url, s.sdl) for s in broken])
    ours = compose(broken)
    assert {e["code"] for e in theirs["errors"]} == {"SATISFIABILITY_ERROR"}
    assert _codes(ours) == {"SATISFIABILITY_ERROR"}
    assert any('"E5.extra5"' in e.message for e in ours.errors)
