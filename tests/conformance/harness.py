"""Shared pieces of the conformance runs: both supergraphs of a scenario, the routing URLs of
the one-process subgraph server, client requests for a case, and Apollo Gateway next to ours.

A case (``cases.json``) is ``{"name", "query", "variables"?, "operationName"?, "response"}``;
``response`` is the exact expected body. A case where Apollo Gateway answers differently also has
``"divergence"`` (why ours is right) and ``"apollo"`` (the gateway's exact body, pinned).
A query declaring ``$ns`` gets a fresh ``ns`` value per run (isolates mutation counters).
"""

from __future__ import annotations

import json
import re
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from composer import SubgraphSource, compose
from tests.conformance.scenario import Scenario, load_scenarios
from tests.procs import Proc, running

HERE = Path(__file__).resolve().parent
COMPOSES_LIST = HERE / "composes-with-ours.txt"
UNREACHABLE = "http://127.0.0.1:9/graphql"


def subgraph_server() -> Callable[[int], list[str]]:
    return lambda port: [
        sys.executable,
        "-m",
        "tests.conformance.serve_scenarios",
        "--port",
        str(port),
    ]


def gateway_command(config: Path) -> Callable[[int], list[str]]:
    script = HERE.parent / "differential" / "gateways.mjs"
    return lambda port: ["node", str(script), "--config", str(config), "--port", str(port)]


def urls(scenario: Scenario, base: str) -> dict[str, str]:
    """Routing URLs on the one-process server; ``$unreachable`` subgraphs get a closed port."""
    out = {}
    for name, _ in scenario.subgraphs:
        data = json.loads(scenario.data_file(name).read_text("utf-8"))
        out[name] = (
            UNREACHABLE if data.get("$unreachable") else f"{base}/{scenario.name}/{name}/graphql"
        )
    return out


def with_urls(sdl: str, routes: dict[str, str]) -> str:
    for name, url in routes.items():
        sdl = sdl.replace(f'url: "http://{name}/graphql"', f'url: "{url}"')
    return sdl


@cache
def ours(name: str) -> str | None:
    """The supergraph from our composer, or None when it cannot compose the scenario yet."""
    scenario = next(s for s in load_scenarios() if s.name == name)
    sources = [SubgraphSource(n, f"http://{n}/graphql", sdl, n) for n, sdl in scenario.subgraphs]
    try:
        result = compose(sources)
    except Exception:  # a composer crash counts as "does not compose yet"
        return None
    return result.supergraph_sdl if result.ok else None


def supergraph(scenario: Scenario, kind: str) -> str:
    if kind == "apollo":
        return scenario.supergraph()
    sdl = ours(scenario.name)
    assert sdl is not None
    return sdl


def listed_composing() -> set[str]:
    lines = COMPOSES_LIST.read_text("utf-8").splitlines()
    return {ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")}


_NS = re.compile(r"\$ns\b")


def request(case: dict[str, Any]) -> dict[str, Any]:
    out = {k: case[k] for k in ("query", "variables", "operationName") if k in case}
    if _NS.search(case["query"]):
        out["variables"] = {**out.get("variables", {}), "ns": uuid.uuid4().hex}
    return out


@contextmanager
def gateways(scenarios: Sequence[Scenario], base: str, tmp: Path) -> Iterator[Proc]:
    """One node process with an Apollo Gateway per scenario at ``/NAME/graphql``."""
    config = {}
    for s in scenarios:
        path = tmp / f"{s.name}.graphql"
        path.write_text(with_urls(s.supergraph(), urls(s, base)), encoding="utf-8")
        config[s.name] = str(path)
    cfg = tmp / "gateways.json"
    cfg.write_text(json.dumps(config), encoding="utf-8")
    with running(gateway_command(cfg), name="apollo-gateways", timeout=60) as proc:
        yield proc
