"""Every Switchyard command line in a ```sh block of docs/ parses with the real CLI parser."""

from __future__ import annotations

import argparse
import contextlib
import io

import pytest

from tests.docs.helpers import DOCS, ROOT, commands, pages, sh_blocks


def _parser(program: str) -> argparse.ArgumentParser:
    from composer.cli import build_parser as composer_parser
    from router.cli import add_router_arguments, build_parser

    if program == "switchyard":
        return build_parser()
    if program == "composer":
        return composer_parser("python -m composer")
    parser = argparse.ArgumentParser(prog="python -m router")
    add_router_arguments(parser)
    return parser


def _parse_error(program: str, argv: list[str]) -> str | None:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            _parser(program).parse_args(argv)
        except SystemExit as exc:
            if exc.code:
                return err.getvalue().strip().splitlines()[-1]
    return None


def _doc_commands() -> list[tuple[str, str, list[str]]]:
    found = []
    for page in pages():
        if page.parent != DOCS and DOCS not in page.parents:
            continue
        for block in sh_blocks(page.read_text(encoding="utf-8")):
            for program, argv in commands(block):
                found.append((str(page.relative_to(ROOT)), program, argv))
    return found


DOC_COMMANDS = _doc_commands()


def test_docs_show_commands() -> None:
    assert len(DOC_COMMANDS) >= 10
    assert {p for _, p, _ in DOC_COMMANDS} >= {"switchyard", "router"}


@pytest.mark.parametrize(
    ("page", "program", "argv"),
    DOC_COMMANDS,
    ids=[f"{p}: {' '.join(a)}" for p, _, a in DOC_COMMANDS],
)
def test_documented_command_parses(page: str, program: str, argv: list[str]) -> None:
    error = _parse_error(program, argv)
    assert error is None, f"{page}: `{program} {' '.join(argv)}`: {error}"


def test_command_reader() -> None:
    block = (
        "# compose\n"
        ".venv/bin/switchyard compose -c a.yaml \\\n  -o out.graphql 2> err.txt  # note\n"
        "FOO=1 python -m router --supergraph s.graphql && curl -s localhost\n"
        "echo switchyard\n"
    )
    assert commands(block) == [
        ("switchyard", ["compose", "-c", "a.yaml", "-o", "out.graphql"]),
        ("router", ["--supergraph", "s.graphql"]),
    ]


def test_a_wrong_flag_is_reported() -> None:
    assert _parse_error("switchyard", ["compose", "--no-such-flag"]) is not None
    assert _parse_error("switchyard", ["plan", "q.graphql"]) is not None  # --supergraph missing
    assert _parse_error("switchyard", ["compose", "--help"]) is None


def test_apollo_guide_configs() -> None:
    """The translated config of the Apollo guide loads; the Apollo original is rejected."""
    import re

    import yaml

    from router.server import ConfigError, parse_config

    text = (DOCS / "guides" / "from-apollo-router.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```yaml\n(.*?)^```", text, re.DOTALL | re.MULTILINE)
    ours = [b for b in blocks if b.startswith("# Switchyard")]
    apollo = [b for b in blocks if b.startswith("# Apollo Router")]
    assert ours and apollo
    for block in ours:
        parse_config(yaml.safe_load(block))
    for block in apollo:
        with pytest.raises(ConfigError):
            parse_config(yaml.safe_load(block))
