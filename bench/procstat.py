"""CPU time and peak memory of a process tree, from ``/proc`` (Linux)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True, slots=True)
class ProcStat:
    """The fields of ``/proc/<pid>/stat`` the benchmark uses (times in clock ticks)."""

    pid: int
    ppid: int
    utime: int
    stime: int
    num_threads: int

    @property
    def cpu_ticks(self) -> int:
        return self.utime + self.stime


def parse_stat(text: str) -> ProcStat:
    """Parse one ``/proc/<pid>/stat`` line; the command name may contain spaces and parens.

    Raises:
        ValueError: the text is not a stat line.
    """
    open_paren, close_paren = text.find("("), text.rfind(")")
    if open_paren < 0 or close_paren < open_paren:
        raise ValueError("not a /proc stat line")
    pid = int(text[:open_paren])
    # Fields after the name start at field 3 (state); utime/stime are fields 14/15.
    rest = text[close_paren + 2 :].split()
    return ProcStat(
        pid=pid,
        ppid=int(rest[1]),
        utime=int(rest[11]),
        stime=int(rest[12]),
        num_threads=int(rest[17]),
    )


def parse_status_kib(text: str, key: str) -> int | None:
    """The value in KiB of ``key`` (e.g. ``VmHWM``) in a ``/proc/<pid>/status`` text."""
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name == key:
            return int(value.split()[0])
    return None


def read_stat(pid: int) -> ProcStat | None:
    try:
        return parse_stat((PROC / str(pid) / "stat").read_text())
    except (OSError, ValueError, IndexError):
        return None


def descendants(pid: int) -> list[int]:
    """Live descendants of ``pid`` (children, their children, ...), from one /proc scan."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            stat = read_stat(int(entry.name))
            if stat is not None:
                children.setdefault(stat.ppid, []).append(stat.pid)
    out: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), ()):
            out.append(child)
            todo.append(child)
    return out


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid``, all its threads and its live descendants."""
    ticks = 0
    for p in [pid, *descendants(pid)]:
        stat = read_stat(p)
        if stat is not None:
            ticks += stat.cpu_ticks
    return ticks / CLOCK_TICKS


def tree_peak_rss_kib(pid: int) -> int:
    """Sum over ``pid`` and its live descendants of the peak resident set (VmHWM)."""
    total = 0
    for p in [pid, *descendants(pid)]:
        try:
            text = (PROC / str(p) / "status").read_text()
        except OSError:
            continue
        total += parse_status_kib(text, "VmHWM") or 0
    return total


def parse_cpu_list(spec: str) -> list[int]:
    """CPU numbers of a taskset-style list such as ``"1"``, ``"0,2-3"``.

    Raises:
        ValueError: malformed list.
    """
    cpus: list[int] = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        lo, sep, hi = part.partition("-")
        cpus.extend(range(int(lo), int(hi) + 1) if sep else [int(lo)])
    return sorted(set(cpus))


def parse_cpu_times(text: str) -> dict[int, tuple[int, int]]:
    """Per-CPU (busy, total) clock ticks from a ``/proc/stat`` text.

    Busy is everything but idle and iowait.
    """
    out: dict[int, tuple[int, int]] = {}
    for line in text.splitlines():
        name, *values = line.split()
        if not (name.startswith("cpu") and name[3:].isdigit()):
            continue
        ticks = [int(v) for v in values[:8]]  # user nice system idle iowait irq softirq steal
        total = sum(ticks)
        out[int(name[3:])] = (total - ticks[3] - ticks[4], total)
    return out


def read_cpu_times() -> dict[int, tuple[int, int]]:
    try:
        return parse_cpu_times((PROC / "stat").read_text())
    except OSError:
        return {}


def foreign_busy_pct(
    before: dict[int, tuple[int, int]],
    after: dict[int, tuple[int, int]],
    cpus: list[int],
    own_seconds: float,
) -> float | None:
    """Percent of the ``cpus``' time used by processes other than the measured one.

    A gateway pinned to a core shares it with whatever else runs there; this tells how much.
    """
    busy = total = 0
    for cpu in cpus:
        if cpu not in before or cpu not in after:
            return None
        busy += after[cpu][0] - before[cpu][0]
        total += after[cpu][1] - before[cpu][1]
    if total <= 0:
        return None
    foreign = busy - own_seconds * CLOCK_TICKS
    return max(0.0, 100.0 * foreign / total)
