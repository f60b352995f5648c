"""Run the reference implementations (npm packages under tests/reference) from Python tests."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def reference_available() -> bool:
    return shutil.which("node") is not None and (HERE / "node_modules" / "@apollo").is_dir()


def apollo_compose(subgraphs: Sequence[tuple[str, str, str]]) -> dict[str, Any]:
    """Compose with @apollo/composition. ``subgraphs``: (name, url, sdl) triples.

    Returns {"ok", "supergraphSdl", "apiSchemaSdl", "errors": [{code, message}], "hints"}.
    """
    payload = {"subgraphs": [{"name": n, "url": u, "sdl": s} for n, u, s in subgraphs]}
    proc = subprocess.run(
        ["node", str(HERE / "compose.mjs")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def apollo_compose_many(cases: Sequence[Sequence[tuple[str, str, str]]]) -> list[dict[str, Any]]:
    """Compose many subgraph sets with @apollo/composition in one node process.

    Each case is a sequence of (name, url, sdl) triples; the results are in case order and
    shaped like :func:`apollo_compose`'s.
    """
    payload = {
        "cases": [
            {"subgraphs": [{"name": n, "url": u, "sdl": s} for n, u, s in case]} for case in cases
        ]
    }
    proc = subprocess.run(
        ["node", str(HERE / "compose_batch.mjs")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    results: list[dict[str, Any]] = json.loads(proc.stdout)
    return results


def apollo_compose_many_in_background(
    cases: Sequence[Sequence[tuple[str, str, str]]],
) -> Future[list[dict[str, Any]]]:
    """:func:`apollo_compose_many` in a thread, so the caller can compose with ours meanwhile."""
    executor = ThreadPoolExecutor(max_workers=1)
    try:
        return executor.submit(apollo_compose_many, cases)
    finally:
        executor.shutdown(wait=False)
