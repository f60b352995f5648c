"""``@cost``/``@listSize`` (demand-control spec) in the supergraph, compared with
@apollo/composition: the merged applications on every element, the cost spec link and the
directive definitions; subgraph validation of both directives pinned to Apollo's error codes.
The corpus cases of category ``cost`` are compared with their recorded Apollo supergraphs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from graphql import parse, print_ast
from graphql.language import ast
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.composer.test_corpus_fixes import (
    Pinned,
    apollo_outcomes,
    check_apollo,
    check_messages,
    check_ours,
)
from tests.composer.test_differential_cases import Case, Outcome, fed2, load_scorer, ours
from tests.reference.apollo import apollo_compose_many_in_background, reference_available

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "compose-corpus"

_F = fed2("key", "cost", "listSize", "shareable")

CASES: dict[str, Case] = {
    "every_location": [
        (
            "a",
            _F + "type Query { items(first: Int @cost(weight: 2)): [Item] "
            '@listSize(slicingArguments: ["first"], assumedSize: 10) @cost(weight: 5) }\n'
            'type Item @key(fields: "id") @cost(weight: 3) { id: ID! }\n'
            "enum E @cost(weight: 4) { A }\nscalar S @cost(weight: 6)\n"
            "input In { f: Int @cost(weight: 7) }\n",
        ),
        (
            "b",
            _F + 'type Query { other: Int }\ntype Item @key(fields: "id") '
            "{ id: ID! price: Int @cost(weight: 9) }\n",
        ),
    ],
    "cost_only_listsize_default_name": [
        ("a", _F + "type Query { x: Int @cost(weight: 1) }\n"),
    ],
    "listsize_before_cost": [
        ("a", _F + "type Query { items: [Int] @cost(weight: 5) @listSize(assumedSize: 3) }\n"),
    ],
    "linked_from_cost_spec": [
        (
            "a",
            fed2("key")[:-1]
            + ' @link(url: "https://specs.apollo.dev/cost/v0.1", import: ["@cost", "@listSize"])\n'
            + "type Query { items: [Int] @listSize(assumedSize: 3) @cost(weight: 5) }\n",
        )
    ],
    "linked_from_cost_spec_on_federation_2_5": [
        (
            "a",
            'extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", '
            'import: ["@key"]) @link(url: "https://specs.apollo.dev/cost/v0.1", '
            'import: ["@cost"])\ntype Query { x: Int @cost(weight: 2) }\n',
        ),
        ("b", fed2("key").replace("v2.9", "v2.3") + "type Query { y: Int }\n"),
    ],
    "cost_renamed": [
        (
            "a",
            fed2("key")[:-3]
            + ', {name: "@cost", as: "@weight"}])\n'
            + "type Query { items: [Int] @weight(weight: 5) }\n",
        )
    ],
    "shared_field_weights_max": [
        ("a", _F + "type Query { x: Int @shareable @cost(weight: 1) }\n"),
        ("b", _F + "type Query { x: Int @shareable @cost(weight: 3) }\n"),
    ],
    "shared_field_list_sizes_merged": [
        (
            "a",
            _F + "type Query { x(first: Int, last: Int): [Int] @shareable "
            '@listSize(assumedSize: 3, slicingArguments: ["first"]) }\n',
        ),
        (
            "b",
            _F + "type Query { x(first: Int, last: Int): [Int] @shareable "
            '@listSize(assumedSize: 5, slicingArguments: ["last"], '
            "requireOneSlicingArgument: false) }\n",
        ),
    ],
    "shared_field_list_sizes_partial": [
        ("a", _F + "type Query { x(first: Int): [Int] @shareable @listSize(assumedSize: 3) }\n"),
        (
            "b",
            _F + "type Query { x(first: Int): [Int] @shareable "
            '@listSize(slicingArguments: ["first"]) }\n',
        ),
    ],
    "same_application_with_default_spelled_out": [
        ("a", _F + "type Query { x(first: Int): [Int] @shareable @listSize(assumedSize: 3) }\n"),
        (
            "b",
            _F + "type Query { x(first: Int): [Int] @shareable "
            "@listSize(assumedSize: 3, requireOneSlicingArgument: true) }\n",
        ),
    ],
    "with_tag_and_inaccessible": [
        (
            "a",
            fed2("key", "cost", "tag", "inaccessible")
            + 'type Query { x: Int @tag(name: "t") @cost(weight: 1) '
            "y: Int @inaccessible @cost(weight: 2) }\n",
        )
    ],
    "sized_fields": [
        (
            "a",
            _F + 'type Query { x: Page @listSize(sizedFields: ["items"], assumedSize: 4) }\n'
            "type Page { items: [Int] n: Int }\n",
        )
    ],
}

_LIST = fed2("key", "cost", "listSize")

VALIDATION: Pinned = {
    "cost_on_interface_field": (
        [
            (
                "a",
                _LIST + "type Query { n: N }\ninterface N { id: ID! @cost(weight: 2) }\n"
                "type X implements N { id: ID! }\n",
            )
        ],
        ("COST_APPLIED_TO_INTERFACE_FIELD",),
    ),
    "cost_on_external_field": (
        [
            ("a", _LIST + 'type Query { t: T }\ntype T @key(fields: "id") { id: ID! w: Int }\n'),
            (
                "b",
                fed2("key", "cost", "external", "requires")
                + 'type T @key(fields: "id") { id: ID! w: Int @external @cost(weight: 4) '
                'c: Int @requires(fields: "w") }\n',
            ),
        ],
        ("MERGED_DIRECTIVE_APPLICATION_ON_EXTERNAL",),
    ),
    "list_size_on_non_list": (
        [("a", _LIST + "type Query { x: Int @listSize(assumedSize: 1) }\n")],
        ("LIST_SIZE_APPLIED_TO_NON_LIST",),
    ),
    "list_size_negative_assumed_size": (
        [("a", _LIST + "type Query { x: [Int] @listSize(assumedSize: -1) }\n")],
        ("LIST_SIZE_INVALID_ASSUMED_SIZE",),
    ),
    "list_size_unknown_slicing_argument": (
        [("a", _LIST + 'type Query { x: [Int] @listSize(slicingArguments: ["first"]) }\n')],
        ("LIST_SIZE_INVALID_SLICING_ARGUMENT",),
    ),
    "list_size_slicing_argument_not_int": (
        [
            (
                "a",
                _LIST + "type Query { x(first: String): [Int] "
                '@listSize(slicingArguments: ["first"]) }\n',
            )
        ],
        ("LIST_SIZE_INVALID_SLICING_ARGUMENT",),
    ),
    "list_size_slicing_argument_non_null_int": (
        [
            (
                "a",
                _LIST
                + 'type Query { x(first: Int!): [Int] @listSize(slicingArguments: ["first"]) }\n',
            )
        ],
        (),
    ),
    "list_size_sized_fields_on_scalar_list": (
        [("a", _LIST + 'type Query { x: [Int] @listSize(sizedFields: ["a"]) }\n')],
        ("LIST_SIZE_INVALID_SIZED_FIELD",),
    ),
    "list_size_unknown_sized_field": (
        [
            (
                "a",
                _LIST + 'type Query { x: Page @listSize(sizedFields: ["nope"]) }\n'
                "type Page { items: [Int] n: Int }\n",
            )
        ],
        ("LIST_SIZE_INVALID_SIZED_FIELD",),
    ),
    "list_size_sized_field_not_list": (
        [
            (
                "a",
                _LIST + 'type Query { x: Page @listSize(sizedFields: ["n"]) }\n'
                "type Page { items: [Int] n: Int }\n",
            )
        ],
        ("LIST_SIZE_APPLIED_TO_NON_LIST",),
    ),
    "list_size_several_problems": (
        [
            (
                "a",
                _LIST
                + 'type Query { x: Int @listSize(assumedSize: -1, slicingArguments: ["f"]) }\n',
            )
        ],
        (
            "LIST_SIZE_APPLIED_TO_NON_LIST",
            "LIST_SIZE_INVALID_ASSUMED_SIZE",
            "LIST_SIZE_INVALID_SLICING_ARGUMENT",
        ),
    ),
}


def demand_control(sdl: str) -> dict[str, Any]:
    """The cost and join spec links (linking cost upgrades a subgraph to federation 2.9, so
    the join version follows), the definitions of the cost directives and their applications
    per element (``Type``, ``Type.field``, ``Type.field(arg:)``), as printed."""
    doc = parse(sdl)
    defs = {
        d.name.value: print_ast(d)
        for d in doc.definitions
        if isinstance(d, ast.DirectiveDefinitionNode)
        and {a.name.value for a in d.arguments or ()} & {"weight", "assumedSize"}
    }
    links = [
        print_ast(app)
        for d in doc.definitions
        if isinstance(d, ast.SchemaDefinitionNode)
        for app in d.directives or ()
        if "specs.apollo.dev/cost/" in print_ast(app) or "specs.apollo.dev/join/" in print_ast(app)
    ]
    applied: dict[str, list[str]] = {}

    def add(coord: str, directives: tuple[ast.DirectiveNode, ...] | None) -> None:
        texts = [print_ast(x) for x in directives or () if x.name.value in defs]
        if texts:
            applied[coord] = texts

    for d in doc.definitions:
        if not isinstance(d, ast.TypeDefinitionNode):
            continue
        add(d.name.value, d.directives)
        for f in getattr(d, "fields", None) or ():
            add(f"{d.name.value}.{f.name.value}", f.directives)
            for a in getattr(f, "arguments", None) or ():
                add(f"{d.name.value}.{f.name.value}({a.name.value}:)", a.directives)
    return {"links": links, "definitions": defs, "applied": applied}


@pytest.fixture(scope="module")
def both() -> dict[str, tuple[Outcome, dict[str, Any]]]:
    if not reference_available():
        pytest.fail("node and tests/reference/node_modules are needed for differential tests")
    names = sorted(CASES)
    pending = apollo_compose_many_in_background(
        [[(n, f"http://{n}/graphql", s) for n, s in CASES[k]] for k in names]
    )
    mine = [ours(CASES[k]) for k in names]
    return dict(zip(names, zip(mine, pending.result(), strict=True), strict=True))


@pytest.mark.parametrize("name", sorted(CASES))
def test_cost_carried_like_apollo(
    name: str, both: dict[str, tuple[Outcome, dict[str, Any]]]
) -> None:
    (ok, codes, sdl), ref = both[name]
    assert ref["ok"], ref["errors"]
    assert ok and sdl is not None, codes
    expected = demand_control(ref["supergraphSdl"])
    assert expected["applied"], "the case applies no @cost/@listSize"
    assert demand_control(sdl) == expected


def _corpus_cost_cases() -> list[Path]:
    index = json.loads((CORPUS / "index.json").read_text())
    return [CORPUS / name for name, entry in sorted(index.items()) if entry["category"] == "cost"]


@pytest.mark.parametrize("case", _corpus_cost_cases(), ids=lambda p: p.name)
def test_corpus_cost_cases_as_recorded(case: Path) -> None:
    sdls = [(name, (case / file).read_text()) for name, file, _ in load_scorer().load_case(case)]
    ref = json.loads((case / "expected.json").read_text())["apollo"]
    ok, codes, sdl = ours(sdls)
    assert ok and sdl is not None, codes
    assert demand_control(sdl) == demand_control(ref["supergraphSdl"])


def test_corpus_has_cost_cases() -> None:
    assert len(_corpus_cost_cases()) >= 8


@pytest.fixture(scope="module")
def validation_outcomes() -> dict[str, tuple[Outcome, dict[str, Any]]]:
    return apollo_outcomes(VALIDATION)


@pytest.mark.parametrize("name", sorted(VALIDATION))
def test_validation_ours_as_pinned(name: str) -> None:
    check_ours(VALIDATION, name)


@pytest.mark.parametrize("name", sorted(VALIDATION))
def test_validation_apollo_as_pinned(
    name: str, validation_outcomes: dict[str, tuple[Outcome, dict[str, Any]]]
) -> None:
    check_apollo(VALIDATION, validation_outcomes[name], name)


@st.composite
def _cost_subgraph(draw: st.DrawFn, index: int) -> tuple[str, str]:
    """A subgraph sharing ``Query.items`` and ``Item``, with random demand-control directives."""

    def maybe_cost() -> str:
        return f" @cost(weight: {draw(st.integers(0, 9))})" if draw(st.booleans()) else ""

    size = ""
    if draw(st.booleans()):
        parts = []
        if draw(st.booleans()):
            parts.append(f"assumedSize: {draw(st.integers(0, 20))}")
        sliced = draw(st.lists(st.sampled_from(("first", "last")), unique=True, max_size=2))
        if sliced:
            parts.append("slicingArguments: [" + ", ".join(f'"{s}"' for s in sliced) + "]")
        if draw(st.booleans()):
            parts.append(f"requireOneSlicingArgument: {draw(st.sampled_from(('true', 'false')))}")
        size = f" @listSize({', '.join(parts)})" if parts else " @listSize"
    field = f"items(first: Int{maybe_cost()}, last: Int): [Item] @shareable{size}{maybe_cost()}"
    sdl = (
        _F + f"type Query {{ {field} }}\n"
        f'type Item @key(fields: "id"){maybe_cost()} {{ id: ID! n{index}: Int{maybe_cost()} }}\n'
    )
    return f"s{index}", sdl


@st.composite
def _cost_sets(draw: st.DrawFn) -> list[tuple[str, str]]:
    return [draw(_cost_subgraph(i)) for i in range(draw(st.integers(1, 3)))]


def _draw_cost_sets(count: int) -> list[list[tuple[str, str]]]:
    drawn: list[list[tuple[str, str]]] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(_cost_sets())
    def collect(case: list[tuple[str, str]]) -> None:
        if case not in drawn:
            drawn.append(case)

    collect()
    return drawn


def test_random_demand_control_like_apollo() -> None:
    """Random applications on a shared field, its argument and an entity: same outcome and the
    same merged applications as Apollo."""
    if not reference_available():
        pytest.fail("node and tests/reference/node_modules are needed for differential tests")
    cases = _draw_cost_sets(40)
    pending = apollo_compose_many_in_background(
        [[(n, f"http://{n}/graphql", s) for n, s in c] for c in cases]
    )
    mine = [ours(c) for c in cases]
    refs = pending.result()
    assert len(cases) >= 30
    composed = 0
    for case, (ok, codes, sdl), ref in zip(cases, mine, refs, strict=True):
        ref_codes = sorted({e["code"] for e in ref["errors"]})
        assert (ok, codes) == (ref["ok"], ref_codes), case
        if ok and sdl is not None:
            composed += 1
            assert demand_control(sdl) == demand_control(ref["supergraphSdl"]), case
    assert composed >= 10


@pytest.mark.parametrize("name", sorted(VALIDATION))
def test_validation_messages_like_apollo(
    name: str, validation_outcomes: dict[str, tuple[Outcome, dict[str, Any]]]
) -> None:
    check_messages(VALIDATION, validation_outcomes[name], name)
