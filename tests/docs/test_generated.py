"""The generated reference pages and command output in docs/ match what the code produces."""

from __future__ import annotations

import argparse

from tests.docs.helpers import ROOT, load_generator


def test_generated_pages_are_fresh() -> None:
    stale = load_generator().stale_files()
    names = sorted(str(p.relative_to(ROOT)) for p in stale)
    assert not names, f"stale generated docs {names}: run python docs/generate.py"


def test_every_router_error_code_is_described() -> None:
    from router.errors import ErrorCode

    meanings = load_generator().ROUTER_CODE_MEANINGS
    assert sorted(meanings) == sorted(c.value for c in ErrorCode)


def test_reference_pages_list_every_code_and_command() -> None:
    from composer.errors import ErrorCode, HintCode
    from router.cli import build_parser

    gen = load_generator()
    errors = gen.composition_errors_page()
    assert all(f"`{c.value}`" in errors for c in [*ErrorCode, *HintCode])
    cli = gen.cli_page()
    for name, _, sub in gen._subcommands(build_parser()):
        assert f"## switchyard {name}" in cli
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            for option in action.option_strings:
                assert f"`{option}`" in cli


def _config_rows() -> dict[str, list[str]]:
    page = load_generator().router_config_page()
    assert page is not None
    rows: dict[str, list[str]] = {}
    for line in page.splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            rows[cells[0].strip("`")] = cells[1:]
    return rows


def test_every_config_key_has_a_type_and_a_meaning() -> None:
    rows = _config_rows()
    undescribed = sorted(k for k, (kind, _, meaning) in rows.items() if not kind or not meaning)
    assert not undescribed, f"describe these keys in CONFIG_KEYS of docs/generate.py: {undescribed}"


def test_config_page_lists_workers_and_inbound_dedup_with_their_defaults() -> None:
    rows = _config_rows()
    assert rows["supergraph.workers"][1] == "`1`"
    assert rows["traffic_shaping.router.deduplicate_query"][1] == "`false`"
    # Sections are probed for their keys, not listed as keys themselves.
    assert "traffic_shaping" not in rows
    assert "traffic_shaping.router" not in rows
