"""Gateway benchmark: Switchyard, Apollo Gateway and Hive Gateway side by side in one run.

    python -m bench.gateways [--duration S] [--rounds N] [--gateways switchyard,apollo,hive]
                             [--query heavy|light|heavy,light]

The four subgraphs run in one memoising process; each gateway is pinned to its own core
(``--gateway-cpus``), the load generator and subgraphs to the other (``--loadgen-cpus``).
Every response is compared with the expected one; a round whose responses differ does not
count. Results: a Markdown table on stdout and JSON under ``bench/results/``.
"""

from __future__ import annotations

import json
import math
import os
import platform
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench.dataset import QUERIES, ROOT, SUBGRAPH_NAMES, load_dataset, request_body
from bench.expected import check_response, compact, expected_result
from bench.gateway_options import BENCH, Options, parse_args
from bench.gateway_procs import (
    Gateway,
    compose_supergraph,
    gateway_specs,
    start_gateways,
    subgraph_url,
)
from bench.launch import (
    Process,
    http_get_json,
    http_post,
    pinned,
    project_revision,
    wait_ready,
)
from bench.loadresult import LoadResult, parse_output
from bench.procstat import (
    CLOCK_TICKS,
    foreign_busy_pct,
    parse_cpu_list,
    read_cpu_times,
    tree_cpu_seconds,
    tree_peak_rss_kib,
)
from bench.report import Measurement, pair_table, ratios_per_round, summarize, table
from bench.router_costs import measure_in_child
from bench.router_costs import table as costs_table

# Above this share of the gateway core used by other processes, throughput is not comparable.
CONTENDED_PCT = 10.0


def subgraph_requests(opts: Options) -> int:
    total = 0
    for offset in range(len(SUBGRAPH_NAMES)):
        stats = http_get_json(f"http://127.0.0.1:{opts.base_port + offset}/__stats")
        total += int(stats["requests"])  # type: ignore[call-overload]
    return total


def wait_idle(pid: int, timeout: float = 15.0) -> None:
    """Wait until the gateway has used at most one clock tick in each of two 200 ms windows,
    so that CPU deltas start and end with no request in progress."""
    quiet = 0
    last = tree_cpu_seconds(pid)
    deadline = time.monotonic() + timeout
    while quiet < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
        now = tree_cpu_seconds(pid)
        quiet = quiet + 1 if now - last <= 1.0 / CLOCK_TICKS + 1e-9 else 0
        last = now


def run_load(
    opts: Options, url: str, body: Path, expected: Path, capture: Path, seconds: float
) -> LoadResult:
    if opts.loadgen == "wrk":
        cmd = [
            "wrk",
            "-t",
            "1",
            "-c",
            str(opts.connections),
            "-d",
            f"{max(1, math.ceil(seconds))}s",
            "--timeout",
            "30s",
            "-s",
            str(BENCH / "wrk.lua"),
            url,
        ]
    else:
        cmd = [
            sys.executable,
            "-m",
            "bench.loadgen",
            "--url",
            url,
            "--body",
            str(body),
            "--expected",
            str(expected),
            "--connections",
            str(opts.connections),
            "--duration",
            str(seconds),
        ]
    env = {"BENCH_BODY": str(body), "BENCH_EXPECTED": str(expected), "BENCH_CAPTURE": str(capture)}
    proc = subprocess.run(
        pinned(cmd, opts.loadgen_cpus),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=seconds + 120,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"load generator failed ({proc.returncode}): {proc.stderr[-500:]}")
    return parse_output(proc.stdout)


def prepare_query(
    opts: Options, gateways: list[Gateway], query: str, work: Path
) -> tuple[dict[str, Any], list[Gateway], Path]:
    """Check each gateway's answer to ``query`` and count its subgraph requests for one request.

    Returns (per-gateway check record, the gateways that passed, the request body file).
    """
    expected = expected_result(QUERIES[query], load_dataset())
    body = request_body(QUERIES[query])
    body_path = work / f"{query}-request.json"
    body_path.write_bytes(body)
    checks: dict[str, Any] = {"expected_bytes": len(compact(expected))}
    passed: list[Gateway] = []
    for gw in gateways:
        try:
            status, answer = http_post(gw.url, body)
            problem = None if status == 200 else f"HTTP {status}: {answer[:200]!r}"
            problem = problem or check_response(answer, expected)
            before = subgraph_requests(opts)
            status2, answer2 = http_post(gw.url, body)
            probe = subgraph_requests(opts) - before
        except OSError as exc:  # connection refused or reset, timeout: the gateway failed
            status, answer, status2, answer2, probe = 0, b"", 0, b"", 0
            problem = f"no answer: {exc}"
        if problem is None and (status2 != 200 or answer2 != answer):
            problem = "second response differs from the first (byte comparison impossible)"
        checks[gw.name] = {
            "ok": problem is None,
            "problem": problem,
            "response_bytes": len(answer),
            "subgraph_requests_single": probe,
        }
        if problem is None:
            (work / f"{query}-expected-{gw.name}.json").write_bytes(answer)
            passed.append(gw)
        print(
            f"  {query}/{gw.name}: response check {'ok' if problem is None else 'FAILED: ' + problem}"
            f", {len(answer)} bytes, {probe} subgraph requests",
            flush=True,
        )
    return checks, passed, body_path


def measure(
    opts: Options, gw: Gateway, query: str, rnd: int, body: Path, work: Path, subgraph_pid: int
) -> tuple[Measurement, LoadResult]:
    expected = work / f"{query}-expected-{gw.name}.json"
    capture = work / f"{query}-mismatch-{gw.name}-r{rnd}"
    warmup = opts.first_warmup if rnd == 1 else opts.warmup
    warm = run_load(opts, gw.url, body, expected, capture, warmup) if warmup > 0 else None
    wait_idle(gw.process.pid)
    cores0 = read_cpu_times()
    sub0 = tree_cpu_seconds(subgraph_pid)
    cpu0, sg0 = tree_cpu_seconds(gw.process.pid), subgraph_requests(opts)
    load = run_load(opts, gw.url, body, expected, capture, opts.duration)
    wait_idle(gw.process.pid)
    cpu1, sg1 = tree_cpu_seconds(gw.process.pid), subgraph_requests(opts)
    sub1 = tree_cpu_seconds(subgraph_pid)
    cores1 = read_cpu_times()
    served = max(load.sent, 1)
    valid = (
        load.all_checked_ok and load.ok == load.requests and (warm is None or warm.all_checked_ok)
    )
    m = Measurement(
        gateway=gw.name,
        round=rnd,
        rps=load.rps,
        latency_ms=load.latency_ms,
        cpu_ms_per_request=(cpu1 - cpu0) * 1000 / served,
        peak_rss_mib=tree_peak_rss_kib(gw.process.pid) / 1024,
        subgraph_requests_per_request=(sg1 - sg0) / served,
        valid=valid,
        foreign_cpu_pct=foreign_busy_pct(
            cores0, cores1, parse_cpu_list(opts.gateway_cpus), cpu1 - cpu0
        ),
        subgraph_cpu_ms_per_request=(sub1 - sub0) * 1000 / served,
    )
    return m, load


def machine_info() -> dict[str, Any]:
    def version(cmd: list[str]) -> str | None:
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
            return (out.stdout or out.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return None

    cpu = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    packages = {}
    for pkg in ("@apollo/gateway", "@apollo/server", "@graphql-hive/gateway"):
        try:
            meta = json.loads((BENCH / "node_modules" / pkg / "package.json").read_text())
            packages[pkg] = meta["version"]
        except (OSError, ValueError, KeyError):
            packages[pkg] = None
    return {
        "project_revision": project_revision(ROOT),
        "cpu": cpu,
        "python": platform.python_version(),
        "node": version(["node", "--version"]),
        "wrk": version(["wrk", "--version"]),
        "packages": packages,
    }


def run_query(
    opts: Options,
    gateways: list[Gateway],
    query: str,
    work: Path,
    unavailable: dict[str, str],
    subgraph_pid: int,
) -> dict[str, Any]:
    """Check, then measure every gateway on ``query`` in interleaved rounds."""
    checks, passed, body = prepare_query(opts, gateways, query, work)
    rows: list[Measurement] = []
    loads: list[dict[str, Any]] = []
    died: dict[str, str] = {}
    for rnd in range(1, opts.rounds + 1):
        # Rotate the order each round so no gateway always runs first.
        shift = (rnd - 1) % max(len(passed), 1)
        for gw in passed[shift:] + passed[:shift]:
            if not gw.process.alive():
                died.setdefault(gw.name, f"failed during the run: {gw.process.exit_summary()}")
                continue
            try:
                m, load = measure(opts, gw, query, rnd, body, work, subgraph_pid)
            except RuntimeError as exc:  # the load generator could not reach the gateway
                reason = gw.process.exit_summary() if not gw.process.alive() else str(exc)
                died.setdefault(gw.name, f"failed during the run: {reason}")
                print(f"  {query} round {rnd} {gw.name}: FAILED ({reason})", flush=True)
                continue
            rows.append(m)
            loads.append({"gateway": gw.name, "round": rnd, **load.to_json()})
            flag = "" if m.valid else "  INVALID (responses differ)"
            print(
                f"  {query} round {rnd} {gw.name}: {m.rps:.0f} rps, "
                f"p99 {m.latency_ms['p99']:.1f} ms, {m.cpu_ms_per_request:.2f} ms CPU/req, "
                f"{m.subgraph_requests_per_request:.2f} subgraph req/req "
                f"({m.subgraph_cpu_ms_per_request or 0:.2f} ms subgraph CPU), "
                f"others on core {m.foreign_cpu_pct or 0:.0f}%{flag}",
                flush=True,
            )
        this_round = [r for r in ratios_per_round(rows) if r["round"] == rnd]
        if this_round:
            print(
                f"  {query} round {rnd} vs apollo: "
                + "; ".join(
                    f"{r['gateway']} RPS x{r['rps_vs_apollo']:.2f}, CPU/req x{r['cpu_vs_apollo']:.2f}"
                    for r in this_round
                ),
                flush=True,
            )
    gw_checks = {g: c for g, c in checks.items() if isinstance(c, dict)}
    failed = {g: c["problem"] for g, c in gw_checks.items() if not c["ok"]}
    failed.update((g, reason) for g, reason in died.items() if g not in failed)
    summary = summarize(rows, [spec.name for spec in gateway_specs(opts)])
    single = {g: c["subgraph_requests_single"] for g, c in gw_checks.items() if c["ok"]}
    return {
        "checks": checks,
        "failures": failed,
        "rounds": [m.to_json() for m in rows],
        "loads": loads,
        "ratios": ratios_per_round(rows),
        "summary": summary,
        "table": table(
            summary,
            {**{g: f"unavailable: {r}" for g, r in unavailable.items()}, **failed},
            single,
        ),
        "pairs": pair_table(summary),
    }


def run(opts: Options) -> dict[str, Any]:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    work = opts.out_dir / f"run-{stamp}"
    work.mkdir(parents=True, exist_ok=True)
    unavailable: dict[str, str] = {}
    results: dict[str, Any] = {
        "options": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(opts).items()},
        "machine": machine_info(),
        "started": stamp,
        "loadavg_start": Path("/proc/loadavg").read_text().split()[:3],
        "queries": {},
        "unavailable": unavailable,
    }
    subgraphs = Process(
        "subgraphs",
        pinned(
            [sys.executable, "-m", "bench.subgraph_server", "--base-port", str(opts.base_port)],
            opts.loadgen_cpus,
        ),
        work / "subgraphs.log",
        cwd=ROOT,
    )
    try:
        subgraphs.start()
        wait_ready(subgraphs, subgraph_url(opts, "products"), 30)
        supergraph = compose_supergraph(opts, work)
        print(f"supergraph composed with {opts.composer}: {supergraph}", flush=True)
        if opts.router_costs and "switchyard" in opts.gateways:
            print("switchyard planning and executor costs, in process ...", flush=True)
            results["router_costs"] = measure_in_child(
                supergraph, opts.queries, opts.costs_seconds, opts.gateway_cpus
            )
        for query in opts.queries:
            # Fresh gateway processes per query, so peak RSS belongs to that query's load.
            gateways = start_gateways(opts, supergraph, work / query, unavailable)
            try:
                results["queries"][query] = run_query(
                    opts, gateways, query, work, unavailable, subgraphs.pid
                )
            finally:
                for gw in gateways:
                    gw.process.stop()
    finally:
        subgraphs.stop()
    results["loadavg_end"] = Path("/proc/loadavg").read_text().split()[:3]
    out = opts.out_dir / f"gateways-{stamp}.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (opts.out_dir / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    results["output"] = str(out)
    return results


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    print(
        f"gateway benchmark: {', '.join(opts.gateways)}; queries {', '.join(opts.queries)}; "
        f"{opts.rounds} rounds x {opts.duration:g}s (+{opts.warmup:g}s warm-up, "
        f"{opts.first_warmup:g}s before the first); "
        f"{opts.connections} connections; load generator {opts.loadgen}",
        flush=True,
    )
    results = run(opts)
    for query, res in results["queries"].items():
        print(
            f"\n### {query} query ({opts.connections} connections, {opts.duration:g}s x "
            f"{opts.rounds} rounds, medians)\n"
        )
        print(res["table"])
        if res["pairs"]:
            print("\nSide by side (medians; A / B):\n")
            print(res["pairs"])
    costs = results.get("router_costs")
    if costs:
        print("\n### switchyard in process: planning and executor (microseconds)\n")
        print(costs_table(costs) if "error" not in costs else f"failed: {costs['error']}")
    busiest = max(
        (
            m["foreign_cpu_pct"]
            for res in results["queries"].values()
            for m in res["rounds"]
            if m["foreign_cpu_pct"] is not None
        ),
        default=0.0,
    )
    if busiest > CONTENDED_PCT:
        print(
            f"\nnote: other processes used up to {busiest:.0f}% of the gateway core; RPS and "
            "latency are limited by that contention, CPU ms per request is the figure to compare"
        )
    print(f"\nresults: {results['output']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
