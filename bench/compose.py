"""Composition benchmark: our composer against @apollo/composition on the same inputs.

    python -m bench.compose [--corpus-limit N] [--generated 10x100,50x600] [--repeat 3]

Inputs: every case of ``../shared/compose-corpus`` and generated large federations
(``SUBGRAPHSxENTITIES``, see ``bench.gen_subgraphs``). Times are medians of ``--repeat`` runs
after a warm-up, SDL parsing included, start-up excluded (Apollo runs in one node process);
wall time and CPU time (user + system of the process, all threads) are both recorded, CPU time
being the steadier figure on a machine shared with other work.
Times are compared only on inputs both composers composed; inputs ours fails on, raises on or
times out on are counted, never fatal. Peak memory for generated inputs: the process peak RSS
increase over one composition in a fresh process, for both, plus tracemalloc's peak for ours.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import signal
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.gen_subgraphs import generate
from bench.launch import project_revision

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CORPUS = ROOT.parent / "shared" / "compose-corpus"


@dataclass(frozen=True)
class Input:
    id: str
    kind: str  # "corpus" or "generated"
    subgraphs: list[tuple[str, str, str]]  # (name, url, sdl) in composition order

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "subgraphs": [{"name": n, "url": u, "sdl": s} for n, u, s in self.subgraphs],
        }


def load_corpus_case(case: Path) -> list[tuple[str, str, str]]:
    """A corpus case's subgraphs in composition order: subgraphs.json order, then the rest of
    the NAME.graphql files sorted; URLs default to ``http://NAME/graphql``."""
    spec: dict[str, Any] = {}
    if (case / "subgraphs.json").exists():
        spec = json.loads((case / "subgraphs.json").read_text(encoding="utf-8"))
    out: list[tuple[str, str, str]] = []
    used: set[str] = set()
    for name, value in spec.items():
        entry = {"url": value} if isinstance(value, str) else (value or {})
        file = entry.get("file") or f"{name}.graphql"
        used.add(file)
        sdl = (case / file).read_text(encoding="utf-8")
        out.append((name, entry.get("url") or f"http://{name}/graphql", sdl))
    for path in sorted(case.glob("*.graphql")):
        if path.name not in used:
            name = path.stem
            out.append((name, f"http://{name}/graphql", path.read_text(encoding="utf-8")))
    return out


def corpus_inputs(corpus: Path, limit: int | None) -> list[Input]:
    cases = sorted(p for p in corpus.iterdir() if p.is_dir() and any(p.glob("*.graphql")))
    if limit is not None:
        cases = cases[:limit]
    return [Input(c.name, "corpus", load_corpus_case(c)) for c in cases]


def generated_inputs(spec: str) -> list[Input]:
    out: list[Input] = []
    for part in spec.split(","):
        if part.strip():
            n, e = (int(x) for x in part.lower().split("x"))
            out.append(Input(f"generated-{n}x{e}", "generated", generate(n, e)))
    return out


class _Timeout(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``_Timeout`` in the main thread after ``seconds`` (SIGALRM)."""

    def on_alarm(_sig: int, _frame: object) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _compose_ours(inp: Input) -> tuple[bool, int, str | None]:
    """(ok, number of errors, the first error's code and message) of one composition."""
    from composer import SubgraphSource, compose

    sources = [SubgraphSource(n, u, s, f"{inp.id}/{n}") for n, u, s in inp.subgraphs]
    result = compose(sources)
    first = None
    if result.errors:
        err = result.errors[0]
        code = getattr(err, "code", None)
        first = f"{getattr(code, 'value', code)}: {getattr(err, 'message', err)}"[:300]
    return bool(result.ok), len(result.errors), first


def run_ours(inp: Input, warmup: int, repeat: int, timeout: float) -> dict[str, Any]:
    """Time our composer on one input; failures and exceptions are results, not crashes."""
    record: dict[str, Any] = {"id": inp.id, "ok": False, "errors": 0, "ms": [], "cpu_ms": []}
    try:
        with time_limit(timeout):
            for _ in range(warmup):
                _compose_ours(inp)
            for _ in range(repeat):
                t0 = time.perf_counter()
                c0 = time.process_time()
                ok, errors, first = _compose_ours(inp)
                record["cpu_ms"].append((time.process_time() - c0) * 1000)
                record["ms"].append((time.perf_counter() - t0) * 1000)
        record.update(ok=ok, errors=errors, first_error=first)
    except _Timeout:
        record.update(ms=[], cpu_ms=[], timeout=True)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # the composer under test must not stop the benchmark
        record.update(ms=[], cpu_ms=[], exception=f"{type(exc).__name__}: {str(exc)[:200]}")
    return record


def ours_tracemalloc_peak_mib(inp: Input, timeout: float) -> float | None:
    tracemalloc.start()
    try:
        with time_limit(timeout):
            _compose_ours(inp)
        return tracemalloc.get_traced_memory()[1] / 2**20
    except KeyboardInterrupt:
        raise
    except BaseException:
        return None
    finally:
        tracemalloc.stop()


def _vm_hwm_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def rss_worker(path: Path) -> None:
    """Child mode: compose one input once; print the peak RSS increase (KiB) it caused."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    inp = Input(doc["id"], "generated", [(s["name"], s["url"], s["sdl"]) for s in doc["subgraphs"]])
    import composer  # noqa: F401  (imported before the baseline is read)

    before = _vm_hwm_kib()
    try:
        ok, _, _ = _compose_ours(inp)
    except Exception:
        ok = False
    print(json.dumps({"ok": ok, "rss_delta_kib": _vm_hwm_kib() - before}))


def run_apollo(
    inputs: Sequence[Input], work: Path, warmup: int, repeat: int
) -> list[dict[str, Any]]:
    path = work / f"apollo-inputs-{len(inputs)}.json"
    path.write_text(json.dumps([i.to_json() for i in inputs]), encoding="utf-8")
    proc = subprocess.run(
        [
            "node",
            str(BENCH / "compose_apollo.mjs"),
            "--inputs",
            str(path),
            "--warmup",
            str(warmup),
            "--repeat",
            str(repeat),
        ],
        capture_output=True,
        text=True,
        cwd=BENCH,
        timeout=3600,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"compose_apollo.mjs failed: {proc.stderr[-1000:]}")
    results: list[dict[str, Any]] = json.loads(proc.stdout)["results"]
    return results


def rss_deltas(inp: Input, work: Path) -> dict[str, float | None]:
    """Peak RSS increase (MiB) of one composition in a fresh process, ours and Apollo's."""
    path = work / f"{inp.id}.json"
    path.write_text(json.dumps(inp.to_json()), encoding="utf-8")
    out: dict[str, float | None] = {"ours_rss_mib": None, "apollo_rss_mib": None}
    try:
        ours = subprocess.run(
            [sys.executable, "-m", "bench.compose", "--rss-worker", str(path)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=600,
        )
        out["ours_rss_mib"] = (
            json.loads(ours.stdout.strip().splitlines()[-1])["rss_delta_kib"] / 1024
        )
    except (subprocess.TimeoutExpired, ValueError, IndexError, KeyError):
        pass
    apollo = run_apollo([inp], work, warmup=0, repeat=1)[0]
    if apollo.get("hwm_before_kib") and apollo.get("hwm_after_kib"):
        out["apollo_rss_mib"] = (apollo["hwm_after_kib"] - apollo["hwm_before_kib"]) / 1024
    return out


def median_ms(record: dict[str, Any]) -> float | None:
    return statistics.median(record["ms"]) if record.get("ms") else None


def median_cpu_ms(record: dict[str, Any]) -> float | None:
    """Median CPU time of the runs (user + system of the process): unlike wall time, barely
    changed by other processes competing for the cores."""
    return statistics.median(record["cpu_ms"]) if record.get("cpu_ms") else None


def _geomean(ratios: Sequence[float]) -> float | None:
    return math.exp(statistics.fmean(math.log(r) for r in ratios)) if ratios else None


def compare(
    ours: dict[str, dict[str, Any]], apollo: dict[str, dict[str, Any]], ids: Sequence[str]
) -> dict[str, Any]:
    """Counts, and time ratios on the inputs both composed."""
    both = [
        i
        for i in ids
        if ours[i]["ok"] and apollo[i]["ok"] and median_ms(ours[i]) and median_ms(apollo[i])
    ]
    ratios = [median_ms(ours[i]) / median_ms(apollo[i]) for i in both]  # type: ignore[operator]
    cpu = [(median_cpu_ms(ours[i]), median_cpu_ms(apollo[i])) for i in both]
    cpu_known = [(o, a) for o, a in cpu if o and a]
    cpu_complete = bool(both) and len(cpu_known) == len(both)
    return {
        "inputs": len(ids),
        "apollo_composed": sum(1 for i in ids if apollo[i]["ok"]),
        "ours_composed": sum(1 for i in ids if ours[i]["ok"]),
        "ours_accepted_apollo_rejected": sum(
            1 for i in ids if ours[i]["ok"] and not apollo[i]["ok"]
        ),
        "ours_exceptions": sum(1 for i in ids if "exception" in ours[i]),
        "ours_timeouts": sum(1 for i in ids if ours[i].get("timeout")),
        "compared": len(both),
        "ours_total_ms": sum(median_ms(ours[i]) or 0 for i in both),
        "apollo_total_ms": sum(median_ms(apollo[i]) or 0 for i in both),
        "ratio_geomean": _geomean(ratios),
        "ratio_median": statistics.median(ratios) if ratios else None,
        "ours_cpu_total_ms": sum(o for o, _ in cpu_known) if cpu_complete else None,
        "apollo_cpu_total_ms": sum(a for _, a in cpu_known) if cpu_complete else None,
        "cpu_ratio_geomean": _geomean([o / a for o, a in cpu_known]) if cpu_complete else None,
    }


def _ratio(ours: float | None, apollo: float | None, ok: bool) -> float | None:
    return ours / apollo if ours and apollo and ok else None


def _fmt(v: float | None, spec: str) -> str:
    return "-" if v is None else format(v, spec)


def render(corpus: dict[str, Any] | None, generated: list[dict[str, Any]]) -> str:
    lines: list[str] = []
    if corpus is not None:
        lines += [
            "| corpus | inputs | Apollo composed | ours composed | ours composed, Apollo failed "
            "| ours raised | ours timed out | compared | ours total ms | Apollo total ms "
            "| ours/Apollo (geomean) | (median) | ours CPU ms | Apollo CPU ms "
            "| CPU ours/Apollo (geomean) |",
            "| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: "
            "| --: | --: | --: |",
            "| compose-corpus | {inputs} | {apollo_composed} | {ours_composed} "
            "| {ours_accepted_apollo_rejected} | {ours_exceptions} "
            "| {ours_timeouts} | {compared} | {ot} | {at} | {rg} | {rm} | {oc} | {ac} "
            "| {cg} |".format(
                **corpus,
                ot=_fmt(corpus["ours_total_ms"], ".0f"),
                at=_fmt(corpus["apollo_total_ms"], ".0f"),
                rg=_fmt(corpus["ratio_geomean"], ".2f"),
                rm=_fmt(corpus["ratio_median"], ".2f"),
                oc=_fmt(corpus.get("ours_cpu_total_ms"), ".0f"),
                ac=_fmt(corpus.get("apollo_cpu_total_ms"), ".0f"),
                cg=_fmt(corpus.get("cpu_ratio_geomean"), ".2f"),
            ),
            "",
        ]
    if generated:
        lines += [
            "| generated | subgraphs | types | ours ok | ours ms | Apollo ms | ours/Apollo "
            "| ours CPU ms | Apollo CPU ms | CPU ours/Apollo "
            "| ours peak RSS MiB | Apollo peak RSS MiB | ours tracemalloc MiB |",
            "| --- | --: | --: | --- | --: | --: | --: | --: | --: | --: | --: | --: | --: |",
        ]
        for g in generated:
            ratio = _ratio(g["ours_ms"], g["apollo_ms"], g["ours_ok"])
            cpu_ratio = _ratio(g.get("ours_cpu_ms"), g.get("apollo_cpu_ms"), g["ours_ok"])
            lines.append(
                f"| {g['id']} | {g['subgraphs']} | {g['types']} | {'yes' if g['ours_ok'] else 'no'} "
                f"| {_fmt(g['ours_ms'], '.0f')} | {_fmt(g['apollo_ms'], '.0f')} | {_fmt(ratio, '.2f')} "
                f"| {_fmt(g.get('ours_cpu_ms'), '.0f')} | {_fmt(g.get('apollo_cpu_ms'), '.0f')} "
                f"| {_fmt(cpu_ratio, '.2f')} "
                f"| {_fmt(g['ours_rss_mib'], '.0f')} | {_fmt(g['apollo_rss_mib'], '.0f')} "
                f"| {_fmt(g['ours_tracemalloc_mib'], '.0f')} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.compose", description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=CORPUS)
    p.add_argument("--corpus-limit", type=int, default=None, help="first N cases only")
    p.add_argument("--no-corpus", action="store_true")
    p.add_argument("--generated", default="10x100,20x300,50x600", help="SUBGRAPHSxENTITIES list")
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--timeout", type=float, default=120.0, help="seconds per input for ours")
    p.add_argument("--out-dir", type=Path, default=BENCH / "results")
    p.add_argument("--rss-worker", type=Path, help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.rss_worker:
        rss_worker(a.rss_worker)
        return 0
    stamp = time.strftime("%Y%m%d-%H%M%S")
    work = a.out_dir / f"compose-{stamp}"
    work.mkdir(parents=True, exist_ok=True)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    results: dict[str, Any] = {
        "started": stamp,
        "project_revision": project_revision(ROOT),
        "options": {k: str(v) for k, v in vars(a).items()},
    }

    corpus_summary = None
    if not a.no_corpus and a.corpus.is_dir():
        inputs = corpus_inputs(a.corpus, a.corpus_limit)
        print(f"corpus: {len(inputs)} cases; Apollo ...", flush=True)
        apollo = {r["id"]: r for r in run_apollo(inputs, work, a.warmup, a.repeat)}
        print("corpus: ours ...", flush=True)
        ours = {i.id: run_ours(i, a.warmup, a.repeat, a.timeout) for i in inputs}
        corpus_summary = compare(ours, apollo, [i.id for i in inputs])
        results["corpus"] = {"summary": corpus_summary, "ours": ours, "apollo": apollo}

    generated_rows: list[dict[str, Any]] = []
    for inp in generated_inputs(a.generated):
        print(f"{inp.id}: Apollo ...", flush=True)
        apollo_rec = run_apollo([inp], work, a.warmup, a.repeat)[0]
        print(f"{inp.id}: ours ...", flush=True)
        ours_rec = run_ours(inp, a.warmup, a.repeat, a.timeout)
        memory = rss_deltas(inp, work)
        n, e = (int(x) for x in inp.id.split("-")[1].split("x"))
        generated_rows.append(
            {
                "id": inp.id,
                "subgraphs": n,
                "types": 2 * e + 1,
                "ours_ok": ours_rec["ok"],
                "ours_problem": ours_rec.get("exception")
                or ("timeout" if ours_rec.get("timeout") else None)
                or ours_rec.get("first_error"),
                "apollo_ok": apollo_rec["ok"],
                "ours_ms": median_ms(ours_rec),
                "apollo_ms": median_ms(apollo_rec),
                "ours_cpu_ms": median_cpu_ms(ours_rec),
                "apollo_cpu_ms": median_cpu_ms(apollo_rec),
                "ours_tracemalloc_mib": ours_tracemalloc_peak_mib(inp, a.timeout),
                **memory,
            }
        )
    results["generated"] = generated_rows
    text = render(corpus_summary, generated_rows)
    problems = [f"- {g['id']}: {g['ours_problem']}" for g in generated_rows if g["ours_problem"]]
    if problems:
        text += "\n\nOur composer on generated inputs:\n" + "\n".join(problems)
    results["table"] = text
    out = a.out_dir / f"compose-{stamp}.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print()
    print(text)
    print(f"\nresults: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
