"""Build the products subgraph app (a fresh store per app, so tests get their own counters)."""

from __future__ import annotations

from starlette.applications import Starlette

from subgraphs.kit import create_app
from subgraphs.products.data import ProductStore
from subgraphs.products.schema import schema


def create(store: ProductStore | None = None) -> Starlette:
    store = store or ProductStore()
    return create_app(
        schema,
        name="products",
        loaders={
            "by_upc": store.products_by_upcs,
            "by_sku": store.products_by_skus,
            "top": store.top,
        },
        stats=store.accesses.snapshot,
    )
