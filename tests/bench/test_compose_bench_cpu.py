"""CPU time in the composition benchmark: recorded per run, compared like wall time, printed."""

from __future__ import annotations

import pytest

from bench.compose import Input, compare, render, run_ours


def test_cpu_ratio_uses_the_inputs_both_composed() -> None:
    ours = {
        "a": {"ok": True, "ms": [9.0], "cpu_ms": [1.0, 2.0, 3.0]},
        "b": {"ok": True, "ms": [9.0], "cpu_ms": [8.0]},
        "c": {"ok": True, "ms": [9.0], "cpu_ms": [5.0]},
    }
    apollo = {
        "a": {"ok": True, "ms": [9.0], "cpu_ms": [8.0]},
        "b": {"ok": True, "ms": [9.0], "cpu_ms": [2.0]},
        "c": {"ok": False, "ms": [9.0], "cpu_ms": [1.0]},
    }
    s = compare(ours, apollo, ["a", "b", "c"])
    assert (s["ours_cpu_total_ms"], s["apollo_cpu_total_ms"]) == (10.0, 10.0)
    assert s["cpu_ratio_geomean"] == pytest.approx(1.0)  # sqrt(2/8 * 8/2)


def test_no_cpu_ratio_when_a_side_has_no_cpu_times() -> None:
    ours = {"a": {"ok": True, "ms": [1.0], "cpu_ms": [1.0]}}
    apollo = {"a": {"ok": True, "ms": [2.0]}}
    s = compare(ours, apollo, ["a"])
    assert s["cpu_ratio_geomean"] is None and s["ratio_geomean"] == pytest.approx(0.5)
    assert "| - | - | - |" in render(s, [])


def test_our_runs_record_cpu_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import bench.compose as mod

    def busy(_inp: Input) -> tuple[bool, int, str | None]:
        sum(range(200_000))
        return True, 0, None

    monkeypatch.setattr(mod, "_compose_ours", busy)
    rec = run_ours(Input("x", "generated", []), warmup=0, repeat=2, timeout=5)
    assert len(rec["cpu_ms"]) == 2 and all(c > 0 for c in rec["cpu_ms"])


def test_generated_table_prints_cpu_columns() -> None:
    row = {
        "id": "generated-4x8",
        "subgraphs": 4,
        "types": 17,
        "ours_ok": True,
        "ours_ms": 30.0,
        "apollo_ms": 60.0,
        "ours_cpu_ms": 20.0,
        "apollo_cpu_ms": 80.0,
        "ours_rss_mib": 5.0,
        "apollo_rss_mib": 40.0,
        "ours_tracemalloc_mib": 4.0,
    }
    table = render(None, [row])
    assert "| CPU ours/Apollo |" in table.splitlines()[0]
    assert "| 30 | 60 | 0.50 | 20 | 80 | 0.25 | 5 | 40 | 4 |" in table
