"""The ``orders`` sample subgraph: ``Order`` entity, a user's orders, shipping estimates."""

from subgraphs.orders.app import create

__all__ = ["create"]
