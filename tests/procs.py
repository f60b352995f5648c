"""Start project servers as real processes for tests, and always stop them.

Reusable by any test that needs a live server (subgraphs, the router, the demo)::

    from tests.procs import running, subgraph_command

    with running(subgraph_command("users"), name="users") as proc:
        httpx.post(proc.url + "/graphql", json={"query": "{ me { id } }"})

Each process listens on 127.0.0.1 on a free port picked at run time, has its output captured in
a temporary log file (shown when start-up fails), and is stopped by its PID: SIGTERM, then
SIGKILL if it does not exit in time.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

__all__ = [
    "Proc",
    "free_port",
    "port_is_free",
    "running",
    "running_all",
    "spawn",
    "start",
    "stop",
    "subgraph_command",
    "wait_healthy",
]


@dataclass(frozen=True, slots=True)
class Proc:
    """A started server: its name, PID, port, base URL and log file."""

    name: str
    popen: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def pid(self) -> int:
        return self.popen.pid

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def port_is_free(port: int) -> bool:
    """True when nothing accepts connections on 127.0.0.1:``port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def subgraph_command(name: str) -> Callable[[int], list[str]]:
    """The command line of sample subgraph ``name`` for a given port."""
    return lambda port: [PYTHON, "-m", f"subgraphs.{name}", "--port", str(port)]


def start(
    command: Callable[[int], Sequence[str]],
    *,
    name: str,
    port: int | None = None,
    health_path: str = "/health",
    timeout: float = 30.0,
    env: dict[str, str] | None = None,
) -> Proc:
    """Start ``command(port)`` in the project root and wait until ``health_path`` answers 200.

    Raises:
        RuntimeError: the process exited or was not healthy within ``timeout`` seconds (it is
            stopped first; the message includes its log).
    """
    proc = spawn(command, name=name, port=port, env=env)
    wait_healthy(proc, health_path=health_path, timeout=timeout)
    return proc


def spawn(
    command: Callable[[int], Sequence[str]],
    *,
    name: str,
    port: int | None = None,
    env: dict[str, str] | None = None,
) -> Proc:
    """Start ``command(port)`` in the project root without waiting for it."""
    port = port or free_port()
    log_fd, log_name = tempfile.mkstemp(prefix=f"{name}-", suffix=".log")
    try:
        popen = subprocess.Popen(
            list(command(port)),
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log_fd,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
    finally:
        os.close(log_fd)
    return Proc(name, popen, port, Path(log_name))


def wait_healthy(proc: Proc, *, health_path: str = "/health", timeout: float = 30.0) -> None:
    """Wait until ``proc`` answers 200 on ``health_path``.

    Raises:
        RuntimeError: it exited or timed out (it is stopped first; the message has its log).
    """
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=2.0) as client:
        while time.monotonic() < deadline:
            if proc.popen.poll() is not None:
                break
            try:
                if client.get(proc.url + health_path).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
    stop(proc)
    raise RuntimeError(f"{proc.name} did not become healthy on port {proc.port}:\n{proc.log()}")


def stop(proc: Proc, grace: float = 10.0) -> None:
    """Stop ``proc`` by its PID (SIGTERM, then SIGKILL after ``grace`` seconds)."""
    if proc.popen.poll() is None:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.popen.wait(grace)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.popen.wait()


@contextmanager
def running_all(
    commands: Mapping[str, Callable[[int], Sequence[str]]],
    *,
    health_path: str = "/health",
    timeout: float = 30.0,
) -> Iterator[dict[str, Proc]]:
    """Start several processes at once (they boot in parallel), yield them by name, stop all."""
    procs: dict[str, Proc] = {}
    try:
        for name, command in commands.items():
            procs[name] = spawn(command, name=name)
        for proc in procs.values():
            wait_healthy(proc, health_path=health_path, timeout=timeout)
        yield procs
    finally:
        for proc in procs.values():
            stop(proc)
            proc.log_path.unlink(missing_ok=True)


@contextmanager
def running(
    command: Callable[[int], Sequence[str]],
    *,
    name: str,
    port: int | None = None,
    health_path: str = "/health",
    timeout: float = 30.0,
    env: dict[str, str] | None = None,
) -> Iterator[Proc]:
    """:func:`start` a process for the ``with`` block, then :func:`stop` it and drop its log."""
    proc = start(command, name=name, port=port, health_path=health_path, timeout=timeout, env=env)
    try:
        yield proc
    finally:
        stop(proc)
        proc.log_path.unlink(missing_ok=True)
