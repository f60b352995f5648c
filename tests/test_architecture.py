"""The dependency rule: router may import composer; composer never imports router;
subgraphs import neither. The pure core imports no I/O or server libraries."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Modules of composer allowed to do I/O (reading sources, the CLI).
COMPOSER_IO_MODULES = {"sources.py", "cli.py", "check.py", "__main__.py", "config.py"}
IO_LIBS = {"asyncio", "httpx", "aiohttp", "starlette", "uvicorn", "socket"}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_composer_never_imports_router() -> None:
    for path in (ROOT / "composer").rglob("*.py"):
        assert "router" not in imported_roots(path), path


def test_subgraphs_import_neither() -> None:
    for path in (ROOT / "subgraphs").rglob("*.py"):
        roots = imported_roots(path)
        assert not roots & {"router", "composer"}, path


def test_composer_core_is_pure() -> None:
    for path in (ROOT / "composer").rglob("*.py"):
        if path.name in COMPOSER_IO_MODULES and path.parent.name == "composer":
            continue
        roots = imported_roots(path)
        assert not roots & IO_LIBS, f"{path} imports {roots & IO_LIBS}"
        assert "os" not in roots, f"{path} reads the environment"
