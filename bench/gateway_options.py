"""Command-line options of the gateway benchmark."""

from __future__ import annotations

import argparse
import shutil
from dataclasses import dataclass
from pathlib import Path

from bench.dataset import QUERIES

BENCH = Path(__file__).resolve().parent
GATEWAYS = ("switchyard", "apollo", "hive")


@dataclass(frozen=True)
class Options:
    gateways: tuple[str, ...]
    queries: tuple[str, ...]
    duration: float
    warmup: float
    first_warmup: float
    rounds: int
    connections: int
    loadgen: str
    composer: str
    inbound_dedup: bool
    switchyard_workers: int
    gateway_cpus: str
    loadgen_cpus: str
    base_port: int
    ready_timeout: float
    out_dir: Path
    workers_cpus: str = "1"
    router_costs: bool = True
    costs_seconds: float = 2.0


def parse_args(argv: list[str] | None) -> Options:
    p = argparse.ArgumentParser(
        prog="python -m bench.gateways",
        description="Switchyard, Apollo Gateway and Hive Gateway side by side in one run.",
    )
    p.add_argument("--gateways", default=",".join(GATEWAYS), help="comma-separated subset")
    p.add_argument("--query", default="heavy", help="heavy, light, or both comma-separated")
    p.add_argument("--duration", type=float, default=10.0, help="measured seconds per run")
    p.add_argument("--warmup", type=float, default=5.0, help="warm-up seconds before each run")
    p.add_argument(
        "--first-warmup",
        type=float,
        default=15.0,
        help="warm-up seconds before a fresh gateway's first run (JIT, caches)",
    )
    p.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    p.add_argument("--connections", type=int, default=50)
    p.add_argument("--loadgen", choices=("auto", "wrk", "python"), default="auto")
    p.add_argument(
        "--composer",
        choices=("apollo", "switchyard"),
        default="apollo",
        help="compose the supergraph with @apollo/composition or `python -m composer`",
    )
    p.add_argument(
        "--inbound-dedup",
        action="store_true",
        help="add rows with inbound in-flight request de-duplication: Hive's "
        "inboundInflightRequestDeduplication and our router's --inbound-dedup",
    )
    p.add_argument(
        "--switchyard-workers",
        type=int,
        default=1,
        help="N > 1 adds a row for our router with --workers N (pinned to --workers-cpus)",
    )
    p.add_argument("--gateway-cpus", default="1", help="taskset CPU list for gateways")
    p.add_argument(
        "--workers-cpus",
        default=None,
        help="taskset CPU list for the multi-worker row (default: --gateway-cpus)",
    )
    p.add_argument(
        "--router-costs",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="measure our planning and executor costs in process (bench.router_costs)",
    )
    p.add_argument(
        "--costs-seconds", type=float, default=2.0, help="time per in-process measurement"
    )
    p.add_argument("--loadgen-cpus", default="0", help="taskset CPU list for load + subgraphs")
    p.add_argument("--base-port", type=int, default=4201, help="subgraphs use 4 ports from here")
    p.add_argument("--ready-timeout", type=float, default=60.0)
    p.add_argument("--out-dir", type=Path, default=BENCH / "results")
    a = p.parse_args(argv)
    gateways = tuple(g.strip() for g in a.gateways.split(",") if g.strip())
    queries = tuple(q.strip() for q in a.query.split(",") if q.strip())
    for g in gateways:
        if g not in GATEWAYS:
            p.error(f"unknown gateway {g!r} (choose from {', '.join(GATEWAYS)})")
    for q in queries:
        if q not in QUERIES:
            p.error(f"unknown query {q!r} (choose from {', '.join(QUERIES)})")
    loadgen = a.loadgen
    if loadgen == "auto":
        loadgen = "wrk" if shutil.which("wrk") else "python"
    return Options(
        gateways=gateways,
        queries=queries,
        duration=a.duration,
        warmup=a.warmup,
        first_warmup=a.first_warmup,
        rounds=a.rounds,
        connections=a.connections,
        loadgen=loadgen,
        composer=a.composer,
        inbound_dedup=a.inbound_dedup,
        switchyard_workers=a.switchyard_workers,
        gateway_cpus=a.gateway_cpus,
        loadgen_cpus=a.loadgen_cpus,
        base_port=a.base_port,
        ready_timeout=a.ready_timeout,
        out_dir=a.out_dir,
        workers_cpus=a.workers_cpus or a.gateway_cpus,
        router_costs=a.router_costs,
        costs_seconds=a.costs_seconds,
    )
