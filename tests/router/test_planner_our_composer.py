"""Plans from supergraphs composed by our composer equal plans from Apollo-composed ones.

Only the golden scenarios our composer composes today take part (the composer is growing);
the test requires at least one of them so it can never pass vacuously.
"""

from __future__ import annotations

from composer.compose import compose
from composer.sources import SubgraphSource
from router.plan import explain
from router.service import Router
from tests.router.golden_harness import Fixture, fixtures, supergraph_for
from tests.router.test_golden import _NoClient


def _ours(fx: Fixture) -> str | None:
    sources = [SubgraphSource(n, f"http://{n}/graphql", sdl, n) for n, sdl in fx.subgraphs]
    try:
        result = compose(sources)
    except Exception:  # a composer still under construction must not hide the others
        return None
    return result.supergraph_sdl if result.ok else None


def test_plans_identical_on_our_supergraphs() -> None:
    composed = [(fx, sdl) for fx in fixtures() if (sdl := _ours(fx)) is not None]
    assert composed, "our composer composes none of the golden scenarios"
    diffs = []
    for fx, sdl in composed:
        ours = Router.from_sdl(sdl, _NoClient())
        theirs = Router.from_sdl(supergraph_for(fx), _NoClient())
        for case in fx.cases:
            a = explain(ours.prepare(case.query, None).plan)
            b = explain(theirs.prepare(case.query, None).plan)
            if a != b:
                diffs.append(f"[{fx.feature}] {case.name}\nours:\n{a}\nApollo-composed:\n{b}")
    print(
        f"\n{len(composed)} golden scenarios composed by our composer: "
        + ", ".join(fx.feature for fx, _ in composed)
    )
    assert not diffs, "\n\n".join(diffs)
