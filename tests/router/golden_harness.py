"""Golden plan fixtures: one file per feature with subgraphs, queries and expected plans.

File format (``tests/router/golden/*.golden``)::

    # free comment lines
    == subgraph: NAME
    <subgraph SDL>
    == subgraph-file: NAME PATH
    (a subgraph read at run time from PATH, relative to the repository root)
    == query: CASE NAME
    <operation>
    == plan
    <explain() text>

A plan section written ``== plan: same as apollo`` records that @apollo/query-planner prints
the same plan for this query (after ``normalize_apollo_plan``); the differential test checks
the claim. ``UPDATE_GOLDEN=1`` also refreshes these markers.

The supergraph is composed by the reference composer and cached next to the fixtures in
``golden/supergraphs/FEATURE.graphql`` (first line: hash of the subgraphs). ``UPDATE_GOLDEN=1``
rewrites the ``plan`` sections from the current planner.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from tests.reference.apollo import apollo_compose, reference_available

GOLDEN = Path(__file__).resolve().parent / "golden"
REPO = GOLDEN.parents[2]
_COMPOSED: dict[str, str] = {}
SAME_AS_APOLLO = "same as apollo"
# An ID argument written as a string of digits: Apollo prints it as an Int literal.
_NUMERIC_ID_RE = re.compile(r'([(,] ?[A-Za-z_][A-Za-z0-9_]*: )"(-?[0-9]+)"')


def normalize_apollo_plan(text: str) -> str:
    """Light normalisation before comparing printed plans: Apollo prints ID arguments that are
    digit strings as Int literals (``id: 1``), which subgraphs coerce to the same value."""
    return _NUMERIC_ID_RE.sub(r"\1\2", text).strip()


@dataclass
class Case:
    name: str
    query: str
    plan: str | None = None
    same_as_apollo: bool = False


@dataclass
class Fixture:
    path: Path
    header: str
    subgraphs: list[tuple[str, str]] = field(default_factory=list)
    subgraph_files: list[tuple[str, str]] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)

    @property
    def feature(self) -> str:
        return self.path.stem


def read_fixture(path: Path) -> Fixture:
    fx = Fixture(path, "")
    header: list[str] = []
    section: tuple[str, str] | None = None
    body: list[str] = []

    def flush() -> None:
        if section is None:
            return
        text = "\n".join(body).strip("\n")
        kind, arg = section
        if kind == "subgraph":
            fx.subgraphs.append((arg, text))
        elif kind == "subgraph-file":
            name, _, rel = arg.partition(" ")
            fx.subgraph_files.append((name, rel.strip()))
            fx.subgraphs.append((name, (REPO / rel.strip()).read_text(encoding="utf-8")))
        elif kind == "query":
            fx.cases.append(Case(arg, text))
        elif kind == "plan":
            fx.cases[-1].plan = text
            fx.cases[-1].same_as_apollo = arg == SAME_AS_APOLLO
        else:
            raise ValueError(f"{path}: unknown section {kind!r}")

    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("== "):
            flush()
            head = line[3:]
            kind, _, arg = head.partition(":")
            section = (kind.strip(), arg.strip())
            body = []
        elif section is None:
            header.append(line)
        else:
            body.append(line)
    flush()
    fx.header = "\n".join(header).strip("\n")
    return fx


def write_fixture(fx: Fixture) -> None:
    parts = [fx.header, ""] if fx.header else []
    from_files = {name for name, _ in fx.subgraph_files}
    for name, rel in fx.subgraph_files:
        parts += [f"== subgraph-file: {name} {rel}", ""]
    for name, sdl in fx.subgraphs:
        if name not in from_files:
            parts += [f"== subgraph: {name}", sdl, ""]
    for c in fx.cases:
        parts += [f"== query: {c.name}", c.query, ""]
        if c.plan is not None:
            head = f"== plan: {SAME_AS_APOLLO}" if c.same_as_apollo else "== plan"
            parts += [head, c.plan, ""]
    fx.path.write_text("\n".join(parts), encoding="utf-8")


def subgraphs_hash(subgraphs: list[tuple[str, str]]) -> str:
    h = hashlib.sha256()
    for name, sdl in subgraphs:
        h.update(name.encode() + b"\0" + sdl.encode() + b"\0")
    return h.hexdigest()[:16]


def supergraph_for(fx: Fixture) -> str:
    """The cached supergraph of a fixture, composed by the reference composer when stale."""
    cache = GOLDEN / "supergraphs" / f"{fx.feature}.graphql"
    digest = subgraphs_hash(fx.subgraphs)
    if fx.subgraph_files:
        # Subgraphs read from outside the project are composed at run time, never cached here.
        if digest not in _COMPOSED:
            _COMPOSED[digest] = _compose(fx)
        return _COMPOSED[digest]
    if cache.is_file():
        text = cache.read_text(encoding="utf-8")
        first, _, rest = text.partition("\n")
        if first == f"# subgraphs: {digest}":
            return rest
    if not reference_available():
        raise RuntimeError(f"{cache} is stale and the reference composer is not installed")
    sdl = _compose(fx)
    cache.write_text(f"# subgraphs: {digest}\n{sdl}", encoding="utf-8")
    return sdl


def _compose(fx: Fixture) -> str:
    result = apollo_compose([(n, f"http://{n}/graphql", sdl) for n, sdl in fx.subgraphs])
    if not result["ok"]:
        raise RuntimeError(f"{fx.path.name} does not compose: {result['errors']}")
    return str(result["supergraphSdl"])


def fixtures() -> list[Fixture]:
    return [read_fixture(p) for p in sorted(GOLDEN.glob("*.golden"))]


def updating() -> bool:
    return os.environ.get("UPDATE_GOLDEN") == "1"
