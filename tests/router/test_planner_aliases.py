"""Internal aliases: a field the planner selects for itself (a key or a ``@requires`` field)
is aliased when its response key already belongs to another field or to the same field with
other arguments at that place; the same field and arguments always get the same alias."""

from __future__ import annotations

from composer.supergraph.reader import read_supergraph
from router.normalize import NField
from router.planner import PlannerConfig
from router.planner.builder import Builder
from router.planner.rules import Rules
from tests.conformance.scenario import load_scenarios

_SCENARIO = "audit-requires-with-argument-conflict"


def _builder() -> Builder:
    sdl = next(s for s in load_scenarios() if s.name == _SCENARIO).supergraph()
    sg = read_supergraph(sdl)
    return Builder(sg, Rules(sg, PlannerConfig()))


def _client(name: str, arguments: str = "", alias: str | None = None) -> NField:
    return NField(alias or name, name, alias, arguments, "", (), None, ())


def test_same_field_and_arguments_as_the_client_needs_no_alias() -> None:
    b = _builder()
    b._reserve(("p",), (_client("price", '(currency: "USD")'),))
    assert b.internal_alias(("p",), "price", '(currency: "USD")') is None


def test_other_arguments_than_the_client_get_a_stable_alias() -> None:
    b = _builder()
    b._reserve(("p",), (_client("price", '(currency: "USD")'),))
    first = b.internal_alias(("p",), "price", '(currency: "EUR")')
    assert first == "price__alias_0"
    assert b.internal_alias(("p",), "price", '(currency: "EUR")') == first
    assert b.internal_alias(("p",), "price", '(currency: "GBP")') == "price__alias_1"


def test_two_internal_selections_with_other_arguments_are_aliased_apart() -> None:
    b = _builder()
    assert b.internal_alias(("p",), "price", '(currency: "USD")') is None
    assert b.internal_alias(("p",), "price", '(currency: "EUR")') == "price__alias_0"
    assert b.internal_alias(("q",), "price", '(currency: "EUR")') is None


def test_client_alias_using_the_field_name_forces_an_alias() -> None:
    b = _builder()
    b._reserve(("p",), (_client("name", alias="upc"),))
    assert b.internal_alias(("p",), "upc") == "upc__alias_0"
