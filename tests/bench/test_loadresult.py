"""Parsing the load generators' summary line, and the fallback generator's percentiles."""

from __future__ import annotations

import pytest

from bench.loadgen import percentile
from bench.loadresult import parse_output

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:4302/graphql
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   120.00ms   10.00ms 300.00ms   90.00%
  4000 requests in 10.00s, 350.00MB read
Requests/sec:    400.00
Transfer/sec:     35.00MB
BENCH_JSON {"requests":4000,"duration_us":10000000,"errors":{"connect":0,"read":1,"write":0,"status":0,"timeout":2},"latency_us":{"mean":120000.0,"p50":110000.0,"p90":150000.0,"p95":170000.0,"p99":250000.0,"max":300000.0},"ok":3990,"mismatched":10,"non200":0,"sent":4050}
"""


def test_parse_wrk_output() -> None:
    r = parse_output(WRK_OUTPUT)
    assert r.requests == 4000 and r.sent == 4050
    assert r.rps == pytest.approx(400.0)
    assert r.latency_ms["p99"] == pytest.approx(250.0)
    assert r.socket_errors == 3
    assert r.mismatched == 10 and not r.all_checked_ok


def test_missing_summary_line_is_an_error() -> None:
    with pytest.raises(ValueError, match="BENCH_JSON"):
        parse_output("Running 10s test\nunable to connect\n")


def test_percentile_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile([], 99) == 0.0
