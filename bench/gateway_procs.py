"""The processes a gateway benchmark runs: the supergraph they load and the gateways."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.dataset import BENCH_DATA, ROOT, SUBGRAPH_NAMES, subgraph_sdl
from bench.gateway_options import BENCH, Options
from bench.launch import LaunchError, Process, pinned, wait_ready


@dataclass(frozen=True)
class GatewaySpec:
    """One row of the benchmark: a gateway ``kind`` run with a setting.

    ``name`` is the row label: the kind, ``-wN`` for our router with N workers, ``+dedup``
    with inbound de-duplication (Hive's ``inboundInflightRequestDeduplication``, our
    ``--inbound-dedup``).
    """

    name: str
    kind: str
    workers: int = 1
    dedup: bool = False


def gateway_specs(opts: Options) -> list[GatewaySpec]:
    """The rows to measure: every selected gateway as is; with ``--switchyard-workers N`` (N > 1)
    also our router with N workers; with ``--inbound-dedup`` also our router and Hive with
    inbound de-duplication (Apollo Gateway has none), so one table compares each setting."""
    specs: list[GatewaySpec] = []
    for kind in opts.gateways:
        specs.append(GatewaySpec(kind, kind))
        if kind == "switchyard" and opts.switchyard_workers > 1:
            n = opts.switchyard_workers
            specs.append(GatewaySpec(f"switchyard-w{n}", kind, workers=n))
        if kind in ("switchyard", "hive") and opts.inbound_dedup:
            specs.append(GatewaySpec(f"{kind}+dedup", kind, dedup=True))
    return specs


@dataclass
class Gateway:
    name: str
    process: Process
    url: str
    spec: GatewaySpec | None = None


def subgraph_url(opts: Options, name: str) -> str:
    return f"http://127.0.0.1:{opts.base_port + SUBGRAPH_NAMES.index(name)}/graphql"


def compose_supergraph(opts: Options, work: Path) -> Path:
    """Compose the four subgraphs (routing URLs pointing at our subgraph ports).

    Raises:
        RuntimeError: composition failed.
    """
    out = work / "supergraph.graphql"
    if opts.composer == "apollo":
        sys.path.insert(0, str(ROOT))
        from tests.reference.apollo import apollo_compose

        result = apollo_compose(
            [(n, subgraph_url(opts, n), subgraph_sdl(n)) for n in SUBGRAPH_NAMES]
        )
        if not result["ok"]:
            raise RuntimeError(f"@apollo/composition failed: {result['errors']}")
        out.write_text(result["supergraphSdl"], encoding="utf-8")
        return out
    config = work / "supergraph.yaml"
    lines = ["subgraphs:"]
    for n in SUBGRAPH_NAMES:
        lines += [
            f"  {n}:",
            f"    routing_url: {subgraph_url(opts, n)}",
            "    schema:",
            f"      file: {BENCH_DATA / f'{n}.graphql'}",
        ]
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "composer",
            "compose",
            "--config",
            str(config),
            "--output",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(
            f"switchyard composer failed ({proc.returncode}): {proc.stdout}{proc.stderr}"
        )
    return out


def gateway_command(
    name: str,
    opts: Options,
    supergraph: Path,
    port: int,
    *,
    workers: int | None = None,
    dedup: bool | None = None,
) -> list[str]:
    """The command line of gateway kind ``name``; ``workers`` and ``dedup`` default to the
    options' ``--switchyard-workers`` and ``--inbound-dedup`` (a row passes its own)."""
    workers = opts.switchyard_workers if workers is None else workers
    dedup = opts.inbound_dedup if dedup is None else dedup
    if name == "switchyard":
        cmd = [sys.executable, "-m", "router", "--supergraph", str(supergraph), "--port", str(port)]
        if workers > 1:
            cmd += ["--workers", str(workers)]
        if dedup:
            cmd.append("--inbound-dedup")
        return cmd
    script = BENCH / f"{name}_gateway.mjs"
    cmd = ["node", str(script), "--supergraph", str(supergraph), "--port", str(port)]
    if name == "hive" and dedup:
        cmd.append("--inbound-dedup")
    return cmd


def unavailable_reason(name: str) -> str | None:
    """Why gateway ``name`` cannot run here, or None when it can be started."""
    if name == "switchyard":
        if importlib.util.find_spec("router") is None or (
            importlib.util.find_spec("router.__main__") is None
        ):
            return "`python -m router` does not exist yet"
        return None
    if shutil.which("node") is None:
        return "node is not installed"
    package = "@apollo/gateway" if name == "apollo" else "@graphql-hive/gateway"
    if not (BENCH / "node_modules" / package).is_dir():
        return f"{package} not installed: run bench/setup.sh"
    return None


def start_gateways(
    opts: Options, supergraph: Path, work: Path, unavailable: dict[str, str]
) -> list[Gateway]:
    """Start every row's gateway (:func:`gateway_specs`) and wait until it answers; the ones
    that cannot start are recorded in ``unavailable`` with the reason (their log stays under
    ``work``). Rows with several workers are pinned to ``--workers-cpus``."""
    started: list[Gateway] = []
    for i, spec in enumerate(gateway_specs(opts)):
        name = spec.name
        reason = unavailable_reason(spec.kind)
        if reason:
            unavailable[name] = reason
            print(f"  {name}: unavailable ({reason})", flush=True)
            continue
        port = opts.base_port + 100 + i
        cmd = gateway_command(
            spec.kind, opts, supergraph, port, workers=spec.workers, dedup=spec.dedup
        )
        cpus = opts.workers_cpus if spec.workers > 1 else opts.gateway_cpus
        proc = Process(
            name,
            pinned(cmd, cpus),
            work / f"{name}.log",
            env={"NODE_ENV": "production"},
            cwd=ROOT,
        )
        proc.start()
        gw = Gateway(name, proc, f"http://127.0.0.1:{port}/graphql", spec)
        try:
            wait_ready(proc, gw.url, opts.ready_timeout)
        except LaunchError as exc:
            proc.stop()
            unavailable[name] = str(exc)
            print(f"  {name}: unavailable ({str(exc).splitlines()[0]}); log {proc.log_path}")
            continue
        print(f"  {name}: ready on port {port} (pid {proc.pid})", flush=True)
        started.append(gw)
    return started
