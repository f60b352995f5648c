"""The result of one load run, as printed by the wrk script or the Python load generator.

Both print one line ``BENCH_JSON {...}`` so the harness parses them the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

MARKER = "BENCH_JSON "


@dataclass(frozen=True, slots=True)
class LoadResult:
    """Requests completed and their latency; response check counts."""

    requests: int
    sent: int
    duration_s: float
    ok: int
    mismatched: int
    non200: int
    socket_errors: int
    latency_ms: dict[str, float]  # mean, p50, p90, p95, p99, max

    @property
    def rps(self) -> float:
        return self.requests / self.duration_s if self.duration_s > 0 else 0.0

    @property
    def all_checked_ok(self) -> bool:
        """Every response was 200 with the expected body, and no socket errors."""
        return self.mismatched == 0 and self.non200 == 0 and self.socket_errors == 0

    def to_json(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "sent": self.sent,
            "duration_s": self.duration_s,
            "rps": self.rps,
            "ok": self.ok,
            "mismatched": self.mismatched,
            "non200": self.non200,
            "socket_errors": self.socket_errors,
            "latency_ms": self.latency_ms,
        }


def parse_output(stdout: str) -> LoadResult:
    """Read the ``BENCH_JSON`` line of a load generator's output.

    Raises:
        ValueError: no such line, or it is malformed.
    """
    for line in stdout.splitlines():
        if line.startswith(MARKER):
            doc = json.loads(line[len(MARKER) :])
            break
    else:
        raise ValueError(f"no {MARKER.strip()} line in load generator output: {stdout[-300:]!r}")
    errors = doc.get("errors", {})
    lat = doc["latency_us"]
    return LoadResult(
        requests=int(doc["requests"]),
        sent=int(doc.get("sent", doc["requests"])),
        duration_s=doc["duration_us"] / 1e6,
        ok=int(doc["ok"]),
        mismatched=int(doc["mismatched"]),
        non200=int(doc["non200"]),
        socket_errors=sum(int(errors.get(k, 0)) for k in ("connect", "read", "write", "timeout")),
        latency_ms={k: float(v) / 1000 for k, v in lat.items()},
    )
