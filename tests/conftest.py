"""Shared test fixtures: paths to the project and to the team's shared material.

Property-based tests draw the same examples on every run (a test suite that gates merges
must not pass or fail by chance); ``HYPOTHESIS_EXPLORE=1`` draws new ones, to hunt for
disagreements before pinning them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile("explore" if os.environ.get("HYPOTHESIS_EXPLORE") == "1" else "repeatable")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"shared material missing at {SHARED}")
    return SHARED
