"""Summaries, ratios to Apollo and the table of the gateway benchmark."""

from __future__ import annotations

import pytest

from bench.report import Measurement, ratios_per_round, summarize, table


def m(gateway: str, rnd: int, rps: float, cpu: float, valid: bool = True) -> Measurement:
    lat = {"mean": 10.0, "p50": 9.0, "p90": 12.0, "p95": 13.0, "p99": 20.0, "max": 30.0}
    return Measurement(gateway, rnd, rps, lat, cpu, 100.0, 16.0, valid, 5.0)


ROWS = [
    m("apollo", 1, 100.0, 10.0),
    m("hive", 1, 150.0, 5.0),
    m("apollo", 2, 110.0, 11.0),
    m("hive", 2, 99.0, 9.9, valid=False),
    m("apollo", 3, 90.0, 9.0),
    m("hive", 3, 180.0, 4.5),
]


def test_ratios_are_per_round_and_skip_invalid_rounds() -> None:
    ratios = ratios_per_round(ROWS)
    assert [(r["round"], r["gateway"]) for r in ratios] == [(1, "hive"), (3, "hive")]
    assert ratios[0]["rps_vs_apollo"] == pytest.approx(1.5)
    assert ratios[1]["cpu_vs_apollo"] == pytest.approx(0.5)


def test_summary_takes_medians_of_valid_rounds() -> None:
    summary = {s["gateway"]: s for s in summarize(ROWS, ["apollo", "hive", "switchyard"])}
    assert set(summary) == {"apollo", "hive"}
    assert summary["apollo"]["rps"] == 100.0
    assert summary["hive"]["rounds"] == 2
    assert summary["hive"]["rps_vs_apollo"] == pytest.approx((1.5 + 2.0) / 2)
    assert summary["apollo"]["cpu_vs_apollo"] == 1.0


def test_table_lists_unavailable_gateways_with_their_reason() -> None:
    text = table(
        summarize(ROWS, ["apollo", "hive"]),
        {"switchyard": "unavailable: not built\nmore"},
        {"hive": 7},
    )
    lines = text.splitlines()
    assert lines[0].startswith("| gateway | RPS |")
    assert any(line.startswith("| hive | 165 |") and "| 7 |" in line for line in lines)
    assert lines[-1].startswith("| switchyard | unavailable: not built |")
