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


@dataclass
class Gateway:
    name: str
    process: Process
    url: str


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


def gateway_command(name: str, opts: Options, supergraph: Path, port: int) -> list[str]:
    if name == "switchyard":
        cmd = [sys.executable, "-m", "router", "--supergraph", str(supergraph), "--port", str(port)]
        if opts.switchyard_workers > 1:
            cmd += ["--workers", str(opts.switchyard_workers)]
        if opts.inbound_dedup:
            cmd.append("--inbound-dedup")
        return cmd
    script = BENCH / f"{name}_gateway.mjs"
    cmd = ["node", str(script), "--supergraph", str(supergraph), "--port", str(port)]
    if name == "hive" and opts.inbound_dedup:
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
    """Start every selected gateway and wait until it answers; the ones that cannot start are
    recorded in ``unavailable`` with the reason (their log stays under ``work``)."""
    started: list[Gateway] = []
    for i, name in enumerate(opts.gateways):
        reason = unavailable_reason(name)
        if reason:
            unavailable[name] = reason
            print(f"  {name}: unavailable ({reason})", flush=True)
            continue
        port = opts.base_port + 100 + i
        proc = Process(
            name,
            pinned(gateway_command(name, opts, supergraph, port), opts.gateway_cpus),
            work / f"{name}.log",
            env={"NODE_ENV": "production"},
            cwd=ROOT,
        )
        proc.start()
        gw = Gateway(name, proc, f"http://127.0.0.1:{port}/graphql")
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
