"""Summaries, ratios to Apollo, the table of the gateway benchmark and the side-by-side ratios
between its rows."""

from __future__ import annotations

from typing import Any

import pytest

from bench.report import PAIRS, Measurement, pair_table, ratios_per_round, summarize, table


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


def _summary(*rows: tuple[str, float, float, float]) -> list[dict[str, Any]]:
    """Summary rows with only what the ratio table reads: (name, RPS, CPU ms/req, p99 ms)."""
    return [
        {"gateway": g, "rps": rps, "cpu_ms_per_request": cpu, "p99_ms": p99}
        for g, rps, cpu, p99 in rows
    ]


def _pairs(text: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip("|").split("|")] for line in text.splitlines()[2:]]


def test_pair_table_is_empty_without_a_pair() -> None:
    assert pair_table(_summary(("apollo", 100, 10, 20), ("switchyard", 200, 5, 10))) == ""
    assert pair_table([]) == ""


def test_pair_table_divides_a_by_b_for_the_pairs_present() -> None:
    text = pair_table(
        _summary(
            ("switchyard", 300, 4, 10),
            ("switchyard-w2", 450, 5, 8),
            ("switchyard+dedup", 900, 1, 5),
            ("apollo", 100, 20, 50),
            ("hive", 200, 8, 20),
        )
    )
    lines = text.splitlines()
    assert lines[0] == "| A | B | RPS A/B | CPU/req A/B | p99 A/B | compares |"
    assert lines[1] == "| --- | --- | --: | --: | --: | --- |"
    # hive+dedup is absent: its two pairs are left out; the workers row comes last.
    assert _pairs(text) == [
        ["switchyard", "hive", "1.50", "0.50", "0.50", "no inbound de-duplication"],
        ["switchyard+dedup", "switchyard", "3.00", "0.25", "0.50", PAIRS[2][2]],
        ["switchyard-w2", "switchyard", "1.50", "1.25", "0.80", "workers scaling"],
    ]


def test_pair_table_every_named_pair_and_a_zero_denominator() -> None:
    text = pair_table(
        _summary(
            ("hive", 0, 0, 0),
            ("hive+dedup", 500, 1, 2),
            ("switchyard", 200, 4, 10),
            ("switchyard+dedup", 400, 2, 5),
        )
    )
    assert [(a, b) for a, b, *_ in _pairs(text)] == [(a, b) for a, b, _ in PAIRS]
    assert _pairs(text)[0][2:5] == ["-", "-", "-"]  # switchyard / hive with hive at zero
    assert _pairs(text)[1][2:5] == ["0.80", "2.00", "2.50"]  # both with de-duplication


def test_summaries_of_named_rows_feed_the_pair_table() -> None:
    rows = [
        m("switchyard", 1, 300.0, 3.0),
        m("switchyard+dedup", 1, 600.0, 1.0),
        m("switchyard", 2, 100.0, 5.0, valid=False),
    ]
    summary = summarize(rows, ["switchyard", "switchyard+dedup", "apollo"])
    assert [s["gateway"] for s in summary] == ["switchyard", "switchyard+dedup"]
    assert summary[0]["rps_vs_apollo"] is None  # no Apollo row: no ratio to it
    assert _pairs(pair_table(summary)) == [
        ["switchyard+dedup", "switchyard", "2.00", "0.33", "1.00", PAIRS[2][2]]
    ]
