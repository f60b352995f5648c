"""A Python load generator for when wrk is not installed: same checks, same output line.

python -m bench.loadgen --url URL --body FILE --expected FILE --connections 50 --duration 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from typing import Any

import aiohttp

from bench.loadresult import MARKER


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an ascending list (0 for an empty one)."""
    if not sorted_values:
        return 0.0
    rank = max(1, round(pct / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


async def run(
    url: str, body: bytes, expected: bytes, connections: int, duration: float
) -> dict[str, Any]:
    latencies: list[float] = []
    counts = {"ok": 0, "mismatched": 0, "non200": 0, "errors": 0, "sent": 0}
    connector = aiohttp.TCPConnector(limit=connections)
    headers = {"Content-Type": "application/json"}
    async with aiohttp.ClientSession(connector=connector) as session:
        start = time.perf_counter()
        deadline = start + duration

        async def worker() -> None:
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                counts["sent"] += 1
                try:
                    async with session.post(url, data=body, headers=headers) as resp:
                        answer = await resp.read()
                        status = resp.status
                except aiohttp.ClientError:
                    counts["errors"] += 1
                    continue
                latencies.append((time.perf_counter() - t0) * 1e6)
                if status != 200:
                    counts["non200"] += 1
                elif answer == expected:
                    counts["ok"] += 1
                else:
                    counts["mismatched"] += 1

        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.perf_counter() - start
    latencies.sort()
    mean = sum(latencies) / len(latencies) if latencies else 0.0
    return {
        "requests": len(latencies),
        "duration_us": int(elapsed * 1e6),
        "errors": {"connect": 0, "read": counts["errors"], "write": 0, "status": 0, "timeout": 0},
        "latency_us": {
            "mean": mean,
            **{f"p{p}": percentile(latencies, p) for p in (50, 90, 95, 99)},
            "max": latencies[-1] if latencies else 0.0,
        },
        "ok": counts["ok"],
        "mismatched": counts["mismatched"],
        "non200": counts["non200"],
        "sent": counts["sent"],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--body", required=True)
    parser.add_argument("--expected", required=True)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=float, default=10.0)
    args = parser.parse_args(argv)
    with open(args.body, "rb") as f:
        body = f.read()
    with open(args.expected, "rb") as f:
        expected = f.read()
    doc = asyncio.run(run(args.url, body, expected, args.connections, args.duration))
    print(MARKER + json.dumps(doc), flush=True)


if __name__ == "__main__":
    main()
