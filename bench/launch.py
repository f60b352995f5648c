"""Starting, probing and stopping the benchmark's processes (subgraphs, gateways, load)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path


class LaunchError(Exception):
    """A process exited or did not become ready in time."""


def pinned(cmd: list[str], cpus: str | None) -> list[str]:
    """``cmd`` run under ``taskset -c CPUS`` (taskset execs it, so the PID is the command's)."""
    if not cpus or shutil.which("taskset") is None:
        return cmd
    return ["taskset", "-c", cpus, *cmd]


@dataclass
class Process:
    """A child process whose output goes to a log file; stopped by its own PID only."""

    name: str
    cmd: list[str]
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)
    cwd: Path | None = None
    popen: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("wb")
        self.popen = subprocess.Popen(
            self.cmd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **self.env},
            cwd=self.cwd,
            start_new_session=True,
        )
        log.close()

    @property
    def pid(self) -> int:
        assert self.popen is not None, f"{self.name} not started"
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def exit_summary(self) -> str:
        code = self.popen.poll() if self.popen else None
        return f"exited with code {code}; last output: {self.last_log_line()}"

    def last_log_line(self) -> str:
        lines = [line for line in self.log_tail().splitlines() if line.strip()]
        return lines[-1].strip() if lines else "(no output)"

    def log_tail(self, chars: int = 1500) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM the process group this process leads, then SIGKILL it if it lingers."""
        if self.popen is None or self.popen.poll() is not None:
            return
        pgid = self.popen.pid  # start_new_session: the child leads its own group
        os.killpg(pgid, signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(pgid, signal.SIGKILL)
            self.popen.wait(timeout)


def http_post(url: str, body: bytes, timeout: float = 30.0) -> tuple[int, bytes]:
    req = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def http_get_json(url: str, timeout: float = 5.0) -> dict[str, object]:
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        doc: dict[str, object] = json.loads(resp.read())
        return doc


def wait_ready(proc: Process, url: str, timeout: float) -> None:
    """Poll ``url`` with ``{ __typename }`` until it answers 200.

    Raises:
        LaunchError: the process exited, or no 200 within ``timeout`` seconds.
    """
    probe = b'{"query":"{ __typename }"}'
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not proc.alive():
            code = proc.popen.returncode if proc.popen else None
            raise LaunchError(
                f"exited during start-up (code {code}): {proc.last_log_line()}\n{proc.log_tail()}"
            )
        try:
            status, _ = http_post(url, probe, timeout=2.0)
            if status == 200:
                return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    raise LaunchError(f"not ready after {timeout:g}s: {proc.last_log_line()}\n{proc.log_tail()}")


def project_revision(root: Path) -> str | None:
    """``git describe``-style revision of the project, with ``-dirty`` for local changes."""
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            cwd=root,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() or None
