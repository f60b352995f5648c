"""The router's own costs, in process: planning time (cold and cached) and executor overhead.

    python -m bench.router_costs --supergraph FILE [--query heavy,light] [--seconds S]

- **plan, cold**: a new ``QueryPlanner`` for every run (nothing memoised from earlier runs),
  planning the operation's normalised selections; the planner's construction is included.
- **prepare, cold**: what a first request pays before execution: parse, validate, normalise
  and plan, on a router with an empty plan cache and a new planner.
- **prepare, cached**: the same call answered by the plan cache.
- **execute**: ``Router.execute`` on the request (plan cached) with the subgraphs answered
  from memory: each subgraph response was produced once by the in-process benchmark
  subgraphs and is decoded again on every call, as the real client decodes the bytes it
  receives. So the time is the executor, response shaping and the client's JSON work, without
  network I/O. The response is checked against the expected one first.
- **execute over HTTP** (``--http``): the same with the production aiohttp client against
  the benchmark's subgraph server at the supergraph's routing URLs; CPU time of this process
  (``time.process_time``), so waiting for the subgraphs is not counted but the client's HTTP
  work is.

Times are medians (and 10th/90th percentiles) in microseconds over many runs: each
measurement repeats until ``--seconds`` have passed (at least ``--min-runs``). Printed as a
Markdown table; ``--json`` prints the JSON the gateway benchmark stores.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

import orjson
from graphql import GraphQLSchema, graphql_sync

from bench.dataset import QUERIES, ROOT, SUBGRAPH_NAMES, load_dataset
from bench.expected import check_response, expected_result
from bench.launch import pinned
from bench.subgraph_schemas import build_subgraph_schema


def stats_us(samples_ns: list[int]) -> dict[str, float]:
    """Median, 10th and 90th percentile of ``samples_ns``, in microseconds, plus the count."""
    ordered = sorted(samples_ns)
    n = len(ordered)

    def at(q: float) -> float:
        return ordered[min(n - 1, int(q * n))] / 1000

    return {
        "median_us": statistics.median(ordered) / 1000,
        "p10_us": at(0.1),
        "p90_us": at(0.9),
        "runs": n,
    }


def repeat(fn: Callable[[], object], seconds: float, min_runs: int) -> list[int]:
    """Call ``fn`` until ``seconds`` passed and ``min_runs`` were made; each run's ns."""
    samples: list[int] = []
    deadline = time.perf_counter() + seconds
    while len(samples) < min_runs or time.perf_counter() < deadline:
        t0 = time.perf_counter_ns()
        fn()
        samples.append(time.perf_counter_ns() - t0)
    return samples


async def repeat_async(
    fn: Callable[[], Awaitable[object]],
    seconds: float,
    min_runs: int,
    clock: Callable[[], int] = time.perf_counter_ns,
) -> list[int]:
    """Like :func:`repeat` for a coroutine; ``clock`` may be ``time.process_time_ns`` to count
    this process's CPU only (not the time spent waiting for another process)."""
    samples: list[int] = []
    deadline = time.perf_counter() + seconds
    while len(samples) < min_runs or time.perf_counter() < deadline:
        t0 = clock()
        await fn()
        samples.append(clock() - t0)
    return samples


def count_objects(value: Any) -> int:
    """JSON objects in ``value``, itself included (the entity objects a response holds)."""
    if isinstance(value, dict):
        return 1 + sum(count_objects(v) for v in value.values())
    if isinstance(value, list):
        return sum(count_objects(v) for v in value)
    return 0


class MemoSubgraphs:
    """A ``SubgraphClient`` answering from the in-process benchmark subgraphs, memoised by
    request; counts fetches and ``_entities`` representations of the last request."""

    def __init__(self, schemas: Mapping[str, GraphQLSchema]) -> None:
        self.schemas = schemas
        self.memo: dict[tuple[str, bytes], bytes] = {}
        self.fetches = 0
        self.representations = 0

    async def request(
        self,
        service: str,
        url: str,
        payload: dict[str, Any],
        headers: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        body = orjson.dumps(payload)  # the real client serialises every request too
        self.fetches += 1
        reps = (payload.get("variables") or {}).get("representations")
        self.representations += len(reps) if isinstance(reps, list) else 0
        key = (service, body)
        answer = self.memo.get(key)
        if answer is None:
            result = graphql_sync(
                self.schemas[service],
                payload["query"],
                variable_values=payload.get("variables"),
                operation_name=payload.get("operationName"),
            )
            doc: dict[str, Any] = {"data": result.data}
            if result.errors:
                doc["errors"] = [e.formatted for e in result.errors]
            answer = orjson.dumps(doc)
            self.memo[key] = answer
        decoded: dict[str, Any] = orjson.loads(answer)
        return decoded


class _Recorder:
    """Stands in for a planner to capture the arguments the router plans with."""

    def __init__(self, planner: Any) -> None:
        self.planner = planner
        self.calls: list[tuple[Any, ...]] = []

    def plan(self, *args: Any) -> Any:
        self.calls.append(args)
        return self.planner.plan(*args)


def measure_query(
    sdl: str,
    name: str,
    seconds: float,
    min_runs: int,
    schemas: Mapping[str, GraphQLSchema],
    http: bool = False,
) -> dict[str, Any]:
    """Every measurement for one benchmark query; with ``http``, also ``execute_http``: the
    CPU time of ``Router.execute`` with the production client, against the subgraphs at the
    supergraph's routing URLs (the benchmark's subgraph server must be running)."""
    from router.planner import QueryPlanner
    from router.service import Router, SchemaSnapshot

    query = QUERIES[name]
    client = MemoSubgraphs(schemas)
    snapshot = SchemaSnapshot.from_sdl(sdl)
    sg = snapshot.supergraph

    # The arguments the router's pipeline hands the planner for this operation.
    recorder = _Recorder(snapshot.planner)
    Router(dataclasses.replace(snapshot, planner=recorder), client).prepare(query, None)
    (plan_args,) = recorder.calls
    plan_cold = repeat(lambda: QueryPlanner(sg).plan(*plan_args), seconds, min_runs)

    def prepare_cold() -> object:
        fresh = dataclasses.replace(snapshot, planner=QueryPlanner(sg))
        return Router(fresh, client).prepare(query, None)

    router = Router(snapshot, client)
    router.prepare(query, None)
    out: dict[str, Any] = {
        "plan_cold": stats_us(plan_cold),
        "prepare_cold": stats_us(repeat(prepare_cold, seconds, min_runs)),
        "prepare_cached": stats_us(repeat(lambda: router.prepare(query, None), seconds, min_runs)),
    }
    request = {"query": query}

    async def execute() -> dict[str, Any]:
        status, body = await router.execute(request, {})
        if status != 200:
            raise RuntimeError(f"HTTP {status}: {body}")
        return body

    async def run_execute() -> None:
        client.fetches = client.representations = 0
        first = await execute()
        problem = check_response(orjson.dumps(first), expected_result(query, load_dataset()))
        if problem is not None:
            raise RuntimeError(f"{name}: {problem}")
        out["fetches"] = client.fetches
        out["entity_representations"] = client.representations
        out["response_bytes"] = len(orjson.dumps(first))
        out["response_objects"] = count_objects(first["data"])
        out["execute"] = stats_us(await repeat_async(execute, seconds, min_runs))

        async def execute_and_serialise() -> None:
            orjson.dumps(await execute())

        out["execute_serialise"] = stats_us(
            await repeat_async(execute_and_serialise, seconds, min_runs)
        )
        if http:
            out["execute_http"] = await measure_http(snapshot, request, seconds, min_runs)

    asyncio.run(run_execute())
    return out


async def measure_http(
    snapshot: Any, request: dict[str, Any], seconds: float, min_runs: int
) -> dict[str, Any]:
    """CPU microseconds of ``Router.execute`` with the aiohttp client over loopback HTTP, or
    ``{"error": ...}`` when the subgraphs do not answer."""
    from router.client import AiohttpSubgraphClient
    from router.service import Router

    client = AiohttpSubgraphClient()
    router = Router(snapshot, client)
    try:
        status, body = await router.execute(request, {})
        if status != 200 or body.get("errors"):
            return {"error": f"HTTP {status}: {str(body.get('errors'))[:200]}"}

        async def execute() -> None:
            await router.execute(request, {})

        return stats_us(await repeat_async(execute, seconds, min_runs, time.process_time_ns))
    finally:
        await client.close()


def measure(
    sdl: str,
    queries: tuple[str, ...],
    seconds: float = 2.0,
    min_runs: int = 30,
    http: bool = False,
) -> dict[str, Any]:
    """Planning and executor costs for each of ``queries`` against the supergraph ``sdl``."""
    ds = load_dataset()
    schemas = {n: build_subgraph_schema(n, ds) for n in SUBGRAPH_NAMES}
    return {
        "seconds_per_measurement": seconds,
        "queries": {q: measure_query(sdl, q, seconds, min_runs, schemas, http) for q in queries},
    }


ROWS = (
    ("plan_cold", "plan, cold (new planner)"),
    ("prepare_cold", "prepare, cold (parse + validate + plan)"),
    ("prepare_cached", "prepare, cached (plan cache hit)"),
    ("execute", "execute (plan cached, subgraphs in memory)"),
    ("execute_serialise", "execute + serialise response"),
    ("execute_http", "execute, subgraphs over HTTP (CPU time)"),
)


SIZES = (
    ("fetches", "subgraph fetches per request"),
    ("entity_representations", "entity representations sent"),
    ("response_objects", "objects in the response"),
    ("response_bytes", "response bytes"),
)


def table(costs: dict[str, Any]) -> str:
    """A Markdown table: one row per measurement, columns per query (median, p10-p90)."""
    queries = list(costs["queries"])
    rows = [
        ["measurement", *(f"{q} median us (p10-p90)" for q in queries)],
        ["---", *("--:" for _ in queries)],
    ]
    for key, label in ROWS:
        cells = []
        for q in queries:
            s = costs["queries"][q].get(key)
            if s is None:
                cells.append("-")
            elif "error" in s:
                cells.append(f"failed: {s['error']}")
            else:
                cells.append(f"{s['median_us']:,.1f} ({s['p10_us']:,.1f}-{s['p90_us']:,.1f})")
        rows.append([label, *cells])
    for key, label in SIZES:
        rows.append([label, *(str(costs["queries"][q].get(key, "-")) for q in queries)])
    return "\n".join("| " + " | ".join(r) + " |" for r in rows)


def measure_in_child(
    supergraph: Path, queries: tuple[str, ...], seconds: float, cpus: str | None
) -> dict[str, Any]:
    """:func:`measure` (with ``--http``: the benchmark's subgraphs are running) in a child
    process pinned to ``cpus`` like the gateways; ``{"error": ...}`` when it fails."""
    cmd = [sys.executable, "-m", "bench.router_costs", "--supergraph", str(supergraph)]
    cmd += ["--query", ",".join(queries), "--seconds", str(seconds), "--json", "--http"]
    budget = 60 + 5 * seconds * len(ROWS) * len(queries)
    try:
        done = subprocess.run(
            pinned(cmd, cpus), capture_output=True, text=True, cwd=ROOT, timeout=budget
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {budget:g}s"}
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    costs: dict[str, Any] = json.loads(done.stdout)
    return costs


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.router_costs", description=__doc__)
    p.add_argument("--supergraph", type=Path, required=True)
    p.add_argument("--query", default="heavy,light")
    p.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    p.add_argument("--min-runs", type=int, default=30)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument(
        "--http",
        action="store_true",
        help="also time execution over HTTP against the subgraphs at the routing URLs "
        "(python -m bench.subgraph_server must be running)",
    )
    a = p.parse_args(argv)
    queries = tuple(q.strip() for q in a.query.split(",") if q.strip())
    for q in queries:
        if q not in QUERIES:
            p.error(f"unknown query {q!r} (choose from {', '.join(QUERIES)})")
    try:
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    except ImportError:
        pass
    sdl = a.supergraph.read_text(encoding="utf-8")
    costs = measure(sdl, queries, a.seconds, a.min_runs, a.http)
    print(json.dumps(costs) if a.json else table(costs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
