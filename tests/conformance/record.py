"""Author cases: ``python -m tests.conformance.record SCENARIO...`` runs every case of the
scenarios through Apollo Gateway and Switchyard's router and prints where they differ; with
``--fill`` it writes Apollo's answer into cases that have no ``response`` yet (review them by
hand before committing: the expected responses must be right per the GraphQL spec)."""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
from pathlib import Path
from typing import Any

import httpx

from router.client import AiohttpSubgraphClient
from router.service import Router
from tests.conformance.harness import gateways, request, subgraph_server, supergraph, urls
from tests.conformance.scenario import Scenario, load_scenarios
from tests.procs import running


def dump_cases(cases: list[dict[str, Any]]) -> str:
    parts = []
    for c in cases:
        fields = [f"{json.dumps(k)}: {json.dumps(v)}" for k, v in c.items()]
        parts.append("  {" + ",\n   ".join(fields) + "}")
    return "[\n" + ",\n".join(parts) + "\n]\n"


async def ours(scenario: Scenario, base: str, req: dict[str, Any]) -> dict[str, Any]:
    client = AiohttpSubgraphClient(timeout_seconds=10)
    try:
        router = Router.from_sdl(supergraph(scenario, "apollo"), client, urls=urls(scenario, base))
        return (await router.execute(req))[1]
    finally:
        await client.close()


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("scenarios", nargs="*")
    p.add_argument("--fill", action="store_true")
    args = p.parse_args()
    chosen = [s for s in load_scenarios() if not args.scenarios or s.name in args.scenarios]
    with (
        running(subgraph_server(), name="scenario-subgraphs") as subs,
        tempfile.TemporaryDirectory() as tmp,
        gateways(chosen, subs.url, Path(tmp)) as gw,
    ):
        for s in chosen:
            cases = s.cases()
            for c in cases:
                req = request(c)
                theirs = httpx.post(f"{gw.url}/{s.name}/graphql", json=req, timeout=30).json()
                mine = asyncio.run(ours(s, subs.url, request(c)))
                if "response" not in c and args.fill:
                    c["response"] = theirs
                expected = c.get("response")
                flag = "" if mine == theirs == expected else "  <-- DIFF"
                print(f"{s.name}: {c['name']}{flag}")
                if flag:
                    print("  apollo:  ", json.dumps(theirs))
                    print("  ours:    ", json.dumps(mine))
                    print("  expected:", json.dumps(expected))
            if args.fill:
                (s.path / "cases.json").write_text(dump_cases(cases), encoding="utf-8")


if __name__ == "__main__":
    main()
