"""``python -m router`` as a real process: ``--workers N`` (one port, a supervising parent,
clean SIGTERM, no orphans), the lean HTTP path (uvloop, httptools) and ``--inbound-dedup``."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from composer import SubgraphSource, compose
from router.server import ConfigError, load_config
from tests.procs import PYTHON, ROOT, Proc, free_port, running, start, stop

SDL = """
extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
type Query { me: User hits(ns: String!, n: Int!): Int }
type User @key(fields: "id") { id: ID! name: String! }
"""
DATA: dict[str, Any] = {
    "Query": {"me": {"$ref": ["User", {"id": "1"}]}, "hits": {"$counter": "add"}},
    "entities": {"User": [{"id": "1", "name": "Ada"}]},
}
ME = {"query": "{ me { name } }"}
STARTED = re.compile(r"serving http://\S+ \(pid (\d+), event loop (\w+), HTTP parser (\w+)\)")


@pytest.fixture(scope="module")
def subgraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Proc, Path]]:
    """A subgraph process and a supergraph file routing to it."""
    tmp = tmp_path_factory.mktemp("workers")
    (tmp / "s.graphql").write_text(SDL, encoding="utf-8")
    (tmp / "s.json").write_text(json.dumps(DATA), encoding="utf-8")

    def command(port: int) -> list[str]:
        module = "tests.conformance.serve_subgraph"
        files = ["--sdl", str(tmp / "s.graphql"), "--data", str(tmp / "s.json")]
        return [PYTHON, "-m", module, *files, "--port", str(port)]

    with running(command, name="subgraph", health_path="/health") as proc:
        composed = compose([SubgraphSource("accounts", proc.url + "/graphql", SDL, "test")])
        assert composed.ok, composed.errors
        supergraph = tmp / "supergraph.graphql"
        supergraph.write_text(composed.supergraph_sdl, encoding="utf-8")
        yield proc, supergraph


def router_command(supergraph: Path, *extra: str) -> Callable[[int], list[str]]:
    return lambda port: [
        PYTHON,
        "-m",
        "router",
        "--supergraph",
        str(supergraph),
        "--port",
        str(port),
        *extra,
    ]


def started_workers(proc: Proc, count: int, timeout: float = 30.0) -> list[re.Match[str]]:
    """The start-up lines of ``count`` serving processes, waiting for them to appear."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lines = STARTED.findall(proc.log())
        if len(lines) >= count:
            return [m for m in STARTED.finditer(proc.log())]
        time.sleep(0.05)
    raise AssertionError(f"{count} workers did not start:\n{proc.log()}")


def parent_of(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[1])


def gone(pid: int) -> bool:
    """No such process, or only a zombie left for its new parent to reap."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def wait_gone(pids: list[int], timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(gone(p) for p in pids):
            return True
        time.sleep(0.05)
    return False


def fresh_post(url: str, body: dict[str, Any]) -> httpx.Response:
    """One request on a new connection (so the kernel hands it to a worker that accepts)."""
    with httpx.Client(timeout=5) as c:
        return c.post(url + "/graphql", json=body)


def test_two_workers_each_answer_and_sigterm_stops_all(
    subgraph: tuple[Proc, Path],
) -> None:
    _, supergraph = subgraph
    proc = start(router_command(supergraph, "--workers", "2"), name="router")
    pids: list[int] = []
    try:
        workers = started_workers(proc, 2)
        pids = [int(m.group(1)) for m in workers]
        assert len(set(pids)) == 2 and proc.pid not in pids
        assert all(parent_of(pid) == proc.pid for pid in pids)
        # Each worker answers on its own: pause one, the other serves every new connection.
        for paused, serving in (pids, reversed(pids)):
            os.kill(paused, signal.SIGSTOP)
            try:
                for _ in range(3):
                    r = fresh_post(proc.url, ME)
                    assert r.json() == {"data": {"me": {"name": "Ada"}}}
            finally:
                os.kill(paused, signal.SIGCONT)
            assert not gone(serving)
        # The parent's PID is the one to stop: SIGTERM ends every worker, status 0.
        os.kill(proc.pid, signal.SIGTERM)
        assert proc.popen.wait(15) == 0
        assert wait_gone(pids), "a worker outlived its parent"
    finally:
        stop(proc)
        for pid in pids:
            if not gone(pid):
                os.kill(pid, signal.SIGKILL)
        proc.log_path.unlink(missing_ok=True)


def test_a_dead_worker_is_replaced_and_a_killed_parent_leaves_no_orphans(
    subgraph: tuple[Proc, Path],
) -> None:
    _, supergraph = subgraph
    proc = start(router_command(supergraph, "--workers", "2"), name="router")
    pids: list[int] = []
    try:
        pids = [int(m.group(1)) for m in started_workers(proc, 2)]
        os.kill(pids[0], signal.SIGKILL)
        replacement = int(started_workers(proc, 3)[2].group(1))
        pids.append(replacement)
        assert parent_of(replacement) == proc.pid
        assert fresh_post(proc.url, ME).status_code == 200
        os.kill(proc.pid, signal.SIGKILL)
        proc.popen.wait(5)
        assert wait_gone(pids[1:]), "workers kept running after their parent was killed"
    finally:
        stop(proc)
        for pid in pids:
            if not gone(pid):
                os.kill(pid, signal.SIGKILL)
        proc.log_path.unlink(missing_ok=True)


def test_single_process_runs_uvloop_and_httptools(subgraph: tuple[Proc, Path]) -> None:
    _, supergraph = subgraph
    with running(router_command(supergraph), name="router") as proc:
        (line,) = started_workers(proc, 1)
        assert int(line.group(1)) == proc.pid
        expected_loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
        expected_http = "httptools" if importlib.util.find_spec("httptools") else None
        assert line.group(2) == expected_loop
        if expected_http is not None:
            assert line.group(3) == expected_http


def test_inbound_dedup_flag_shares_one_subgraph_execution(subgraph: tuple[Proc, Path]) -> None:
    """The subgraph is paused while the burst arrives, so the requests overlap for certain;
    its ``hits`` counter counts executions."""
    sub, supergraph = subgraph
    for flag, ns in (("--inbound-dedup", "on"), (None, "off")):
        extra = [flag] if flag else []
        with running(router_command(supergraph, *extra), name="router") as proc:
            body = {"query": f'{{ hits(ns: "{ns}", n: 1) }}'}
            os.kill(sub.pid, signal.SIGSTOP)
            try:
                with ThreadPoolExecutor(4) as pool:
                    futures = [pool.submit(fresh_post, proc.url, body) for _ in range(4)]
                    time.sleep(1.0)
                    os.kill(sub.pid, signal.SIGCONT)
                    hits = sorted(f.result().json()["data"]["hits"] for f in futures)
            finally:
                os.kill(sub.pid, signal.SIGCONT)
        assert hits == ([1, 1, 1, 1] if flag else [1, 2, 3, 4]), flag


def test_workers_config_key_and_bad_values(tmp_path: Path) -> None:
    assert load_config("supergraph: {workers: 3}").workers == 3
    assert load_config("supergraph: {listen: '127.0.0.1:4000'}").workers == 1
    for bad, message in (
        ("supergraph: {workers: 0}", "supergraph.workers: expected at least 1"),
        ("supergraph: {workers: two}", "supergraph.workers: expected a non-negative integer"),
    ):
        with pytest.raises(ConfigError, match=message):
            load_config(bad)
    done = subprocess.run(
        [sys.executable, "-m", "router", "--supergraph", "x", "--workers", "0"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 2
    assert "--workers: expected a positive integer, got '0'" in done.stderr


def test_busy_port_is_reported_once_by_the_parent(subgraph: tuple[Proc, Path]) -> None:
    _, supergraph = subgraph
    port = free_port()
    with running(router_command(supergraph), name="first", port=port):
        done = subprocess.run(
            router_command(supergraph, "--workers", "2")(port),
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
    assert done.returncode == 2
    assert done.stderr.count(f"cannot listen on 127.0.0.1:{port}") == 1
