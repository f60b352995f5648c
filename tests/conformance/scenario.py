"""Conformance scenarios: a directory per scenario, data only.

Layout::

    scenarios/NAME/
      subgraphs/SUB.graphql   subgraph SDL (one per subgraph; SUB is its name)
      subgraphs/SUB.json      its data (see tests/conformance/subgraph.py)
      cases.json              [{"name", "query", "variables"?, "operationName"?, "response"}]
      supergraph.graphql      composed by the reference composer; cached, first line = hash

``response`` is the exact expected JSON body.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.reference.apollo import apollo_compose, reference_available

SCENARIOS = Path(__file__).resolve().parent / "scenarios"


@dataclass(frozen=True)
class Scenario:
    path: Path
    subgraphs: tuple[tuple[str, str], ...]

    @property
    def name(self) -> str:
        return self.path.name

    def data_file(self, subgraph: str) -> Path:
        return self.path / "subgraphs" / f"{subgraph}.json"

    def sdl_file(self, subgraph: str) -> Path:
        return self.path / "subgraphs" / f"{subgraph}.graphql"

    def cases(self) -> list[dict[str, Any]]:
        cases: list[dict[str, Any]] = json.loads((self.path / "cases.json").read_text("utf-8"))
        return cases

    def supergraph(self) -> str:
        digest = hashlib.sha256(json.dumps(self.subgraphs).encode()).hexdigest()[:16]
        cache = self.path / "supergraph.graphql"
        if cache.is_file():
            first, _, rest = cache.read_text("utf-8").partition("\n")
            if first == f"# subgraphs: {digest}":
                return rest
        if not reference_available():
            raise RuntimeError(f"{cache} is stale and the reference composer is not installed")
        result = apollo_compose([(n, f"http://{n}/graphql", s) for n, s in self.subgraphs])
        if not result["ok"]:
            raise RuntimeError(f"scenario {self.name} does not compose: {result['errors']}")
        sdl = str(result["supergraphSdl"])
        cache.write_text(f"# subgraphs: {digest}\n{sdl}", encoding="utf-8")
        return sdl


def load_scenarios() -> list[Scenario]:
    out = []
    for d in sorted(p for p in SCENARIOS.iterdir() if p.is_dir()):
        subs = tuple(
            (f.stem, f.read_text("utf-8")) for f in sorted((d / "subgraphs").glob("*.graphql"))
        )
        out.append(Scenario(d, subs))
    return out
