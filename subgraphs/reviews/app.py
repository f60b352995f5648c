"""Build the reviews subgraph app (a fresh store per app, so tests get their own counters)."""

from __future__ import annotations

from starlette.applications import Starlette

from subgraphs.kit import create_app
from subgraphs.reviews.data import ReviewStore
from subgraphs.reviews.schema import schema


def create(store: ReviewStore | None = None) -> Starlette:
    store = store or ReviewStore()
    return create_app(
        schema,
        name="reviews",
        loaders={
            "review": store.reviews_by_ids,
            "reviews_of_author": store.reviews_by_author_ids,
            "reviews_of_product": store.reviews_by_upcs,
            "author_name": store.author_names,
            "latest": store.latest,
        },
        stats=store.accesses.snapshot,
    )
