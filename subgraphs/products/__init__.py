"""The ``products`` sample subgraph: the ``Product`` catalog, keyed by upc and by sku."""

from subgraphs.products.app import create

__all__ = ["create"]
