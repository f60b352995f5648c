"""examples/demo.py end to end: real processes, DEMO_ONCE=1, everything stopped afterwards."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from subgraphs.dataset import dataset
from tests.procs import free_port, port_is_free

pytestmark = pytest.mark.xdist_group("subgraphs-live")

ROOT = Path(__file__).resolve().parents[2]


def free_base_port() -> int:
    """A port P such that P..P+4 are all free (the router plus four subgraphs)."""
    for _ in range(50):
        base = free_port()
        if base + 4 < 65536 and all(port_is_free(base + i) for i in range(5)):
            return base
    raise RuntimeError("no five consecutive free ports")


def run_demo(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "examples/demo.py", *args],
        cwd=ROOT,
        env={**os.environ, "DEMO_ONCE": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def expected_user() -> tuple[str, str]:
    user = next(u for u in dataset().users if u.id == "u2")
    spent = round(
        sum(
            o.total_amount
            for o in dataset().orders
            if o.user_id == "u2" and o.status != "CANCELLED"
        ),
        2,
    )
    return user.name, repr(spent)


@pytest.mark.parametrize("mode", [(), ("--direct",)], ids=["default", "direct"])
def test_demo_once_prints_data_and_stops_everything(mode: tuple[str, ...]) -> None:
    base = free_base_port()
    proc = run_demo("--base-port", str(base), "--user-id", "u2", *mode)
    out = proc.stdout
    assert proc.returncode == 0, out + proc.stderr
    name, spent = expected_user()
    assert name in out and spent in out
    assert "composed with" in out
    for sub in ("users", "orders", "reviews", "products"):
        assert f"{sub:<9} healthy" in out
    if mode or not (ROOT / "router" / "__main__.py").is_file():
        assert "dashboard, assembled from the subgraphs directly" in out
    else:
        assert "dashboard.graphql through the router" in out
        assert "mobile.graphql through the router" in out
    assert "stopped users" in out
    assert all(port_is_free(base + i) for i in range(5))


def test_demo_reports_a_busy_port() -> None:
    base = free_base_port()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as blocker:
        blocker.bind(("127.0.0.1", base + 2))
        blocker.listen()
        proc = run_demo("--base-port", str(base))
    assert proc.returncode == 1
    assert f"{base + 2} (orders)" in proc.stdout
    assert "--base-port" in proc.stdout
    assert all(port_is_free(base + i) for i in range(5))
