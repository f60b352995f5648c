"""Switchyard composer: Federation v2 subgraphs in, a standard supergraph SDL out."""

from composer.compose import CompositionResult, compose
from composer.errors import CompositionError, ErrorCode, Hint, HintCode, Location
from composer.sources import SubgraphSource

__all__ = [
    "CompositionError",
    "CompositionResult",
    "ErrorCode",
    "Hint",
    "HintCode",
    "Location",
    "SubgraphSource",
    "compose",
]
