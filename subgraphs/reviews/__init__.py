"""The ``reviews`` sample subgraph: ``Review`` entity; extends ``User`` and ``Product``."""

from subgraphs.reviews.app import create

__all__ = ["create"]
