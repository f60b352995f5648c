"""/proc parsing used by the gateway benchmark."""

from __future__ import annotations

import os

import pytest

from bench.procstat import (
    CLOCK_TICKS,
    foreign_busy_pct,
    parse_cpu_list,
    parse_cpu_times,
    parse_stat,
    parse_status_kib,
    read_stat,
    tree_cpu_seconds,
)

STAT = (
    "4242 (node (worker) x) S 4200 4242 4242 0 -1 4194560 9000 0 0 0 "
    "1234 567 10 20 20 0 11 0 5000 1000000 30000 18446744073709551615 0 0 0 0 0 0 0 0 0 "
    "0 0 0 17 1 0 0 0 0 0"
)


def test_parse_stat_takes_fields_after_a_name_with_spaces_and_parens() -> None:
    st = parse_stat(STAT)
    assert (st.pid, st.ppid, st.utime, st.stime, st.num_threads) == (4242, 4200, 1234, 567, 11)
    assert st.cpu_ticks == 1801


def test_parse_stat_rejects_garbage() -> None:
    with pytest.raises(ValueError):
        parse_stat("no parens here")


def test_parse_status_kib() -> None:
    text = "Name:\tnode\nVmPeak:\t  900 kB\nVmHWM:\t  250880 kB\nVmRSS:\t  200000 kB\n"
    assert parse_status_kib(text, "VmHWM") == 250880
    assert parse_status_kib(text, "VmSwap") is None


def test_own_process_is_readable() -> None:
    st = read_stat(os.getpid())
    assert st is not None and st.pid == os.getpid()
    assert tree_cpu_seconds(os.getpid()) > 0


def test_parse_cpu_list() -> None:
    assert parse_cpu_list("1") == [1]
    assert parse_cpu_list("0,2-3, 3") == [0, 2, 3]


def test_parse_cpu_times_and_foreign_share() -> None:
    before = parse_cpu_times(
        "cpu  10 0 10 100 0 0 0 0 0 0\ncpu0 5 0 5 50 0 0 0 0 0 0\ncpu1 5 0 5 50 0 0 0 0 0 0\n"
    )
    assert before == {0: (10, 60), 1: (10, 60)}
    # cpu1: 100 ticks elapsed, 80 busy; the measured process used 50 of them.
    after = {0: (10, 60), 1: (90, 160)}
    pct = foreign_busy_pct(before, after, [1], own_seconds=50 / CLOCK_TICKS)
    assert pct == pytest.approx(30.0)
    assert foreign_busy_pct(before, after, [7], 0.0) is None
