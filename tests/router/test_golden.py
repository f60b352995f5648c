"""Golden plans: query -> explain(plan) text, one fixture file per feature."""

from __future__ import annotations

import json
import subprocess

import pytest

from router.plan import count_fetches, explain
from router.service import Router
from tests.reference.apollo import HERE as REFERENCE_DIR
from tests.router.golden_harness import (
    Fixture,
    fixtures,
    supergraph_for,
    updating,
    write_fixture,
)

FIXTURES = fixtures()


class _NoClient:
    async def request(
        self, service: str, url: str, payload: dict[str, object]
    ) -> dict[str, object]:
        raise AssertionError("planning only")


def _router(fx: Fixture) -> Router:
    return Router.from_sdl(supergraph_for(fx), _NoClient())


@pytest.mark.parametrize("fx", FIXTURES, ids=[f.feature for f in FIXTURES])
def test_golden_plans(fx: Fixture) -> None:
    router = _router(fx)
    changed = False
    mismatches = []
    for case in fx.cases:
        got = explain(router.prepare(case.query, None).plan)
        if updating():
            changed |= got != case.plan
            case.plan = got
        elif got != case.plan:
            mismatches.append(f"--- {case.name}\nexpected:\n{case.plan}\ngot:\n{got}")
    if changed:
        write_fixture(fx)
    assert not mismatches, "\n".join(mismatches)


def _apollo_plans(sdl: str, queries: list[str]) -> list[dict[str, object]]:
    payload = {"supergraphSdl": sdl, "operations": [{"query": q} for q in queries]}
    proc = subprocess.run(
        ["node", str(REFERENCE_DIR / "plan.mjs")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result: list[dict[str, object]] = json.loads(proc.stdout)
    return result


@pytest.mark.parametrize("fx", FIXTURES, ids=[f.feature for f in FIXTURES])
def test_fetch_counts_match_apollo(fx: Fixture) -> None:
    """Differential: our plans use as many fetches as @apollo/query-planner's."""
    router = _router(fx)
    sdl = supergraph_for(fx)
    theirs = _apollo_plans(sdl, [c.query for c in fx.cases])
    diffs = []
    for case, ref in zip(fx.cases, theirs, strict=True):
        assert ref["ok"], f"{case.name}: Apollo could not plan: {ref['error']}"
        ours = count_fetches(router.prepare(case.query, None).plan.node)
        if ours != ref["fetches"]:
            diffs.append(f"{case.name}: ours {ours}, Apollo {ref['fetches']}\n{ref['plan']}")
    assert not diffs, "\n".join(diffs)
