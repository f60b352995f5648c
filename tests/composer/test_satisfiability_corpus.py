"""Satisfiability against Apollo's recorded outcomes in the shared composition corpus.

Two checks: the stage alone never rejects a supergraph Apollo produced (no false positives),
and the full pipeline detects the unsatisfiable cases Apollo reports (a floor that only rises).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from composer.compose import compose
from composer.satisfiability import check_satisfiability
from composer.sources import SubgraphSource

# Corpus cases Apollo fails with SATISFIABILITY_ERROR that our pipeline also fails with it.
DETECTED_FLOOR = 34
# Of those, cases where our messages (example queries and reasons) equal Apollo's exactly.
SAME_MESSAGES_FLOOR = 34


def _cases(shared: Path) -> list[tuple[Path, dict[str, Any]]]:
    corpus = shared / "compose-corpus"
    out = []
    for case in sorted(p for p in corpus.iterdir() if (p / "expected.json").is_file()):
        out.append((case, json.loads((case / "expected.json").read_text(encoding="utf-8"))))
    return out


def _sources(case: Path, expected: dict[str, Any]) -> list[SubgraphSource]:
    out = []
    for sub in expected["subgraphs"]:
        name, file = sub["name"], sub["file"]
        url = sub.get("url") or f"http://{name}/graphql"
        out.append(SubgraphSource(name, url, (case / file).read_text(encoding="utf-8"), file))
    return out


def _apollo_fails_satisfiability(expected: dict[str, Any]) -> bool:
    return any(e["code"] == "SATISFIABILITY_ERROR" for e in expected["apollo"]["errors"])


def test_no_false_positive_on_apollo_supergraphs(shared_dir: Path) -> None:
    rejected = []
    checked = 0
    for case, expected in _cases(shared_dir):
        if not expected["apollo"]["ok"]:
            continue
        checked += 1
        if check_satisfiability(expected["apollo"]["supergraphSdl"]):
            rejected.append(case.name)
    assert checked > 300
    assert rejected == []


def test_detects_apollo_satisfiability_errors(shared_dir: Path) -> None:
    detected = []
    missed = []
    same_messages = []
    for case, expected in _cases(shared_dir):
        if not _apollo_fails_satisfiability(expected):
            continue
        result = compose(_sources(case, expected))
        ours = sorted(e.message for e in result.errors if e.code == "SATISFIABILITY_ERROR")
        if ours:
            detected.append(case.name)
        else:
            missed.append(case.name)
        theirs = sorted(
            e["message"]
            for e in expected["apollo"]["errors"]
            if e["code"] == "SATISFIABILITY_ERROR"
        )
        if ours and ours == theirs:
            same_messages.append(case.name)
    assert len(detected) + len(missed) == 34
    assert len(detected) >= DETECTED_FLOOR, missed
    assert len(same_messages) >= SAME_MESSAGES_FLOOR, sorted(set(detected) - set(same_messages))
