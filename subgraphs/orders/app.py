"""Build the orders subgraph app (a fresh store per app, so tests get their own counters)."""

from __future__ import annotations

from starlette.applications import Starlette

from subgraphs.kit import create_app
from subgraphs.orders.data import OrderStore
from subgraphs.orders.schema import schema


def create(store: OrderStore | None = None) -> Starlette:
    store = store or OrderStore()
    return create_app(
        schema,
        name="orders",
        loaders={
            "order": store.orders_by_ids,
            "orders_of_user": store.orders_by_user_ids,
            "catalog": store.catalog_by_upcs,
        },
        stats=store.accesses.snapshot,
    )
