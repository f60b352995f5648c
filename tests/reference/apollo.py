"""Run the reference implementations (npm packages under tests/reference) from Python tests."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
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
