"""Reading the documentation: markdown pages, their links and their shell command lines."""

from __future__ import annotations

import importlib.util
import re
import shlex
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

_FENCE = re.compile(r"^```(?P<lang>[\w-]*)\n(?P<body>.*?)^```", re.DOTALL | re.MULTILINE)
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\((?P<target>[^)\s]+)\)")


def pages() -> list[Path]:
    """Every markdown page of docs/, plus the top-level README."""
    return [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]


def load_generator() -> ModuleType:
    """``docs/generate.py`` as a module (docs/ is not a package)."""
    spec = importlib.util.spec_from_file_location("docs_generate", DOCS / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def relative_links(text: str) -> list[str]:
    """Link targets that are paths in this repository (no URL, no bare #anchor)."""
    prose = _FENCE.sub("", text)
    out = []
    for m in _LINK.finditer(prose):
        target = m.group("target")
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue
        out.append(target.split("#", 1)[0])
    return out


def anchored_links(text: str) -> list[tuple[str, str]]:
    """(path, anchor) of each link to a heading: a page in this repository or ``#anchor``
    alone (path ``""``)."""
    prose = _FENCE.sub("", text)
    out = []
    for m in _LINK.finditer(prose):
        target = m.group("target")
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or "#" not in target:
            continue
        path, anchor = target.split("#", 1)
        out.append((path, anchor))
    return out


_HEADING = re.compile(r"^#{1,6} +(?P<title>.+?) *#*$", re.MULTILINE)


def heading_anchors(text: str) -> set[str]:
    """The anchors GitHub gives the headings of a markdown page (code blocks excluded):
    lower case, punctuation dropped, spaces as hyphens, repeats numbered ``-1``, ``-2``..."""
    out: set[str] = set()
    for m in _HEADING.finditer(_FENCE.sub("", text)):
        slug = re.sub(r"[^\w\- ]", "", m.group("title").lower()).replace(" ", "-")
        anchor, n = slug, 0
        while anchor in out:
            n += 1
            anchor = f"{slug}-{n}"
        out.add(anchor)
    return out


_CODE_PATH = re.compile(
    r"`(?P<path>(?:composer|router|subgraphs|bench|tests|examples|docs)/[^`\s]*)`"
)


def code_paths(text: str) -> list[str]:
    """Repository paths named in inline code in the prose (``router/dedup.py``); globs such as
    ``docs/reference/*.md`` are left out."""
    return [
        m.group("path")
        for m in _CODE_PATH.finditer(_FENCE.sub("", text))
        if "*" not in m.group("path")
    ]


def sh_blocks(text: str) -> list[str]:
    """Bodies of the ```sh code blocks."""
    return [m.group("body") for m in _FENCE.finditer(text) if m.group("lang") in ("sh", "bash")]


_PROGRAMS = {
    ("switchyard",): "switchyard",
    ("python", "-m", "composer"): "composer",
    ("python", "-m", "router"): "router",
}


def commands(block: str) -> list[tuple[str, list[str]]]:
    """(program, arguments) of each Switchyard command line in a shell block.

    Programs: ``switchyard``, ``python -m composer`` and ``python -m router``, with or without
    a ``.venv/bin/`` prefix. Comments, continuations, pipes, ``&&`` and redirections are
    handled (also `&`); other command lines are ignored.
    """
    out: list[tuple[str, list[str]]] = []
    for line in block.replace("\\\n", " ").splitlines():
        tokens = shlex.split(line, comments=True)
        segment: list[str] = []
        for token in [*tokens, "&&"]:
            if token in ("&&", "||", "|", ";", "&"):
                found = _program(segment)
                if found is not None:
                    out.append(found)
                segment = []
            else:
                segment.append(token)
    return out


def _program(tokens: list[str]) -> tuple[str, list[str]] | None:
    while tokens and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", tokens[0]):
        tokens = tokens[1:]  # environment assignments
    words: list[str] = []
    skip = False
    for t in tokens:
        if skip:
            skip = False
        elif re.match(r"^\d?>>?$", t) or t == "<":
            skip = True  # a redirection and its file
        elif not re.match(r"^\d?>>?\S|^<\S", t):
            words.append(t)
    if not words:
        return None
    words[0] = words[0].rsplit("/", 1)[-1]
    for prefix, program in _PROGRAMS.items():
        if tuple(words[: len(prefix)]) == prefix:
            return program, words[len(prefix) :]
    return None
