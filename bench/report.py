"""Turning measured rounds into per-gateway summaries, ratios to Apollo and a text table."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

BASELINE = "apollo"


@dataclass(frozen=True, slots=True)
class Measurement:
    """One gateway's numbers in one round (the measured window only)."""

    gateway: str
    round: int
    rps: float
    latency_ms: dict[str, float]
    cpu_ms_per_request: float
    peak_rss_mib: float
    subgraph_requests_per_request: float
    valid: bool
    foreign_cpu_pct: float | None = None
    subgraph_cpu_ms_per_request: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "gateway": self.gateway,
            "round": self.round,
            "rps": self.rps,
            "latency_ms": self.latency_ms,
            "cpu_ms_per_request": self.cpu_ms_per_request,
            "peak_rss_mib": self.peak_rss_mib,
            "subgraph_requests_per_request": self.subgraph_requests_per_request,
            "valid": self.valid,
            "foreign_cpu_pct": self.foreign_cpu_pct,
            "subgraph_cpu_ms_per_request": self.subgraph_cpu_ms_per_request,
        }


def ratios_per_round(rows: Sequence[Measurement]) -> list[dict[str, Any]]:
    """For each round and gateway, RPS and CPU/request relative to Apollo in the same round.

    Rounds where Apollo has no valid measurement give no ratios.
    """
    base = {m.round: m for m in rows if m.gateway == BASELINE and m.valid}
    out: list[dict[str, Any]] = []
    for m in rows:
        b = base.get(m.round)
        if b is None or not m.valid or m.gateway == BASELINE:
            continue
        out.append(
            {
                "round": m.round,
                "gateway": m.gateway,
                "rps_vs_apollo": m.rps / b.rps if b.rps else None,
                "cpu_vs_apollo": (
                    m.cpu_ms_per_request / b.cpu_ms_per_request if b.cpu_ms_per_request else None
                ),
                "p99_vs_apollo": (
                    m.latency_ms["p99"] / b.latency_ms["p99"] if b.latency_ms["p99"] else None
                ),
            }
        )
    return out


def summarize(rows: Sequence[Measurement], gateways: Sequence[str]) -> list[dict[str, Any]]:
    """Median over valid rounds of every metric, per gateway, plus median ratios to Apollo."""
    ratios = ratios_per_round(rows)
    out: list[dict[str, Any]] = []
    for gw in gateways:
        mine = [m for m in rows if m.gateway == gw and m.valid]
        if not mine:
            continue
        mine_ratios = [r for r in ratios if r["gateway"] == gw]

        def med(values: list[float]) -> float:
            return statistics.median(values)

        def med_ratio(key: str, mine_ratios: list[dict[str, Any]] = mine_ratios) -> float | None:
            vals = [r[key] for r in mine_ratios if r[key] is not None]
            return med(vals) if vals else None

        out.append(
            {
                "gateway": gw,
                "rounds": len(mine),
                "rps": med([m.rps for m in mine]),
                "p50_ms": med([m.latency_ms["p50"] for m in mine]),
                "p95_ms": med([m.latency_ms["p95"] for m in mine]),
                "p99_ms": med([m.latency_ms["p99"] for m in mine]),
                "cpu_ms_per_request": med([m.cpu_ms_per_request for m in mine]),
                "peak_rss_mib": max(m.peak_rss_mib for m in mine),
                "subgraph_requests_per_request": med(
                    [m.subgraph_requests_per_request for m in mine]
                ),
                "foreign_cpu_pct": max(
                    (m.foreign_cpu_pct for m in mine if m.foreign_cpu_pct is not None),
                    default=None,
                ),
                "rps_vs_apollo": 1.0 if gw == BASELINE else med_ratio("rps_vs_apollo"),
                "cpu_vs_apollo": 1.0 if gw == BASELINE else med_ratio("cpu_vs_apollo"),
            }
        )
    return out


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


HEADER = (
    "gateway",
    "RPS",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "CPU ms/req",
    "peak RSS MiB",
    "subgraph req/req",
    "subgraph req (1 req)",
    "RPS x Apollo",
    "CPU x Apollo",
    "others on core %",
)


def table(
    summary: Sequence[dict[str, Any]],
    notes: dict[str, str],
    single: dict[str, int] | None = None,
) -> str:
    """A Markdown table of the summary; gateways in ``notes`` get a row with that text
    (why they are unavailable or failed).

    ``single``: subgraph requests made for one request sent alone, per gateway. The last
    column is the highest share of the gateway's core used by other processes in any round.
    """
    single = single or {}
    rows = [list(HEADER), ["---"] + ["--:"] * (len(HEADER) - 1)]
    for s in summary:
        rows.append(
            [
                s["gateway"],
                _fmt(s["rps"], ".0f"),
                _fmt(s["p50_ms"], ".1f"),
                _fmt(s["p95_ms"], ".1f"),
                _fmt(s["p99_ms"], ".1f"),
                _fmt(s["cpu_ms_per_request"], ".2f"),
                _fmt(s["peak_rss_mib"], ".0f"),
                _fmt(s["subgraph_requests_per_request"], ".2f"),
                str(single.get(s["gateway"], "-")),
                _fmt(s["rps_vs_apollo"], ".2f"),
                _fmt(s["cpu_vs_apollo"], ".2f"),
                _fmt(s.get("foreign_cpu_pct"), ".0f"),
            ]
        )
    for gw, note in notes.items():
        first_line = note.strip().splitlines()[0] if note.strip() else "unavailable"
        rows.append([gw, first_line] + [""] * (len(HEADER) - 2))
    return "\n".join("| " + " | ".join(r) + " |" for r in rows)


# Rows compared directly: (A, B, what the comparison shows).
PAIRS = (
    ("switchyard", "hive", "no inbound de-duplication"),
    ("switchyard+dedup", "hive+dedup", "both de-duplicate identical in-flight requests"),
    ("switchyard+dedup", "switchyard", "our inbound de-duplication on / off"),
    ("hive+dedup", "hive", "Hive's inbound de-duplication on / off"),
)


def pair_table(summary: Sequence[dict[str, Any]]) -> str:
    """RPS and CPU/request of one row divided by another's, for the pairs present in
    ``summary`` (:data:`PAIRS`, plus every ``switchyard-wN`` row against ``switchyard``);
    empty when none is."""
    by_name = {s["gateway"]: s for s in summary}
    pairs = list(PAIRS) + [
        (name, "switchyard", "workers scaling")
        for name in by_name
        if name.startswith("switchyard-w")
    ]
    rows = [["A", "B", "RPS A/B", "CPU/req A/B", "p99 A/B", "compares"]]
    rows.append(["---", "---", "--:", "--:", "--:", "---"])
    for a, b, what in pairs:
        if a not in by_name or b not in by_name:
            continue
        sa, sb = by_name[a], by_name[b]

        def ratio(key: str, sa: dict[str, Any] = sa, sb: dict[str, Any] = sb) -> str:
            return _fmt(sa[key] / sb[key] if sb[key] else None, ".2f")

        rows.append([a, b, ratio("rps"), ratio("cpu_ms_per_request"), ratio("p99_ms"), what])
    if len(rows) == 2:
        return ""
    return "\n".join("| " + " | ".join(r) + " |" for r in rows)
