"""Planner configuration: progressive override labels."""

from __future__ import annotations

from router.plan import QueryPlan
from router.planner import PlannerConfig
from router.service import Router
from tests.router.golden_harness import GOLDEN, read_fixture, supergraph_for
from tests.router.helpers import plan_fetches


class _NoClient:
    async def request(
        self, service: str, url: str, payload: dict[str, object]
    ) -> dict[str, object]:
        raise AssertionError("planning only")


def _services(plan: QueryPlan) -> list[str]:
    return [f.service_name for f in plan_fetches(plan.node)]


def _router(config: PlannerConfig) -> Router:
    sdl = supergraph_for(read_fixture(GOLDEN / "override.golden"))
    return Router.from_sdl(sdl, _NoClient(), config)


def test_percent_labels_follow_threshold() -> None:
    default = _router(PlannerConfig())
    assert _services(default.prepare("{ user { nick } }", None).plan) == ["old"]
    on = _router(PlannerConfig(percent_threshold=50))
    assert _services(on.prepare("{ user { nick } }", None).plan) == ["old", "new"]
    assert _services(on.prepare("{ user { rank } }", None).plan) == ["old"]


def test_unlabelled_override_always_moves_the_field() -> None:
    assert _services(_router(PlannerConfig()).prepare("{ user { name } }", None).plan) == [
        "old",
        "new",
    ]
