"""Golden plans: query -> explain(plan) text, one fixture file per feature."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from router.plan import count_fetches, explain
from router.planner import PlannerConfig
from router.service import Router
from tests.reference.apollo import HERE as REFERENCE_DIR
from tests.router.golden_harness import (
    Fixture,
    fixtures,
    normalize_apollo_plan,
    supergraph_for,
    updating,
    write_fixture,
)

FIXTURES = fixtures()
# Output and context rewrites print as lines of their own; Apollo's printer leaves them out.
_RENAME_LINE = re.compile(r'^ *(rename|context)\(path: "[^"]*", to: "[^"]*"\)\n', re.MULTILINE)
# A fixture whose supergraph @apollo/query-planner refuses to load says so in its header.
_APOLLO_REFUSES = "# apollo: refuses"


class _NoClient:
    async def request(
        self, service: str, url: str, payload: dict[str, object]
    ) -> dict[str, object]:
        raise AssertionError("planning only")


def _router(fx: Fixture, config: PlannerConfig | None = None) -> Router:
    return Router.from_sdl(supergraph_for(fx), _NoClient(), config)


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
def test_plans_against_apollo(fx: Fixture) -> None:
    """Differential: never more fetches than @apollo/query-planner, and the printed plan equals
    Apollo's wherever the fixture says so (``== plan: same as apollo``). Plans are compared
    un-batched (Apollo has no merged fetches), so batching changes never flip the markers."""
    router = _router(fx, PlannerConfig(batch_fetches=False))
    sdl = supergraph_for(fx)
    if _APOLLO_REFUSES in fx.header:
        # Checked, so that the fixture is compared as soon as Apollo loads its supergraph.
        with pytest.raises(subprocess.CalledProcessError) as refused:
            _apollo_plans(sdl, [c.query for c in fx.cases])
        assert "UNSUPPORTED_LINKED_FEATURE" in str(refused.value.stderr)
        return
    theirs = _apollo_plans(sdl, [c.query for c in fx.cases])
    problems = []
    changed = False
    for case, ref in zip(fx.cases, theirs, strict=True):
        assert ref["ok"], f"{case.name}: Apollo could not plan: {ref['error']}"
        plan = router.prepare(case.query, None).plan
        ours = count_fetches(plan.node)
        if ours > int(str(ref["fetches"])):
            problems.append(f"{case.name}: ours {ours}, Apollo {ref['fetches']}\n{ref['plan']}")
        printed = _RENAME_LINE.sub("", explain(plan))
        same = normalize_apollo_plan(printed) == normalize_apollo_plan(str(ref["plan"]))
        if updating():
            changed |= same != case.same_as_apollo
            case.same_as_apollo = same
        elif case.same_as_apollo and not same:
            problems.append(f"{case.name}: no longer printed like Apollo:\n{ref['plan']}")
    if changed:
        write_fixture(fx)
    assert not problems, "\n".join(problems)


def test_plan_text_summary() -> None:
    """How many golden plans print exactly like Apollo's (recorded in the fixtures)."""
    cases = [c for fx in FIXTURES for c in fx.cases]
    same = sum(c.same_as_apollo for c in cases)
    print(f"\n{same}/{len(cases)} golden plans print like @apollo/query-planner's")
    assert 0 < same <= len(cases)
