"""``python -m subgraphs write-schemas``: refresh each ``subgraphs/NAME/schema.graphql``.

The files hold what each subgraph's ``_service { sdl }`` returns; ``supergraph.yaml`` composes
them and a test fails when they drift from the code.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys
from pathlib import Path

NAMES = ("users", "orders", "reviews", "products")
HERE = Path(__file__).resolve().parent


async def service_sdl(name: str) -> str:
    """The SDL subgraph ``name`` serves from ``_service { sdl }``."""
    module = importlib.import_module(f"subgraphs.{name}.schema")
    result = await module.schema.execute("{ _service { sdl } }")
    if result.errors or result.data is None:
        raise RuntimeError(f"{name}: _service query failed: {result.errors}")
    sdl: str = result.data["_service"]["sdl"]
    return sdl if sdl.endswith("\n") else sdl + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m subgraphs")
    parser.add_argument("command", choices=["write-schemas"])
    parser.parse_args(argv)
    for name in NAMES:
        path = HERE / name / "schema.graphql"
        path.write_text(asyncio.run(service_sdl(name)), encoding="utf-8")
        print(f"wrote {path.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
