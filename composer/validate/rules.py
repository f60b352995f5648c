"""The ordered list of per-subgraph federation rules."""

from __future__ import annotations

from collections.abc import Callable

from composer.errors import CompositionError
from composer.subgraph.model import Subgraph

Rule = Callable[[Subgraph], list[CompositionError]]

SUBGRAPH_RULES: list[Rule] = []
