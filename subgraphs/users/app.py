"""Build the users subgraph app (a fresh store per app, so tests get their own counters)."""

from __future__ import annotations

from starlette.applications import Starlette

from subgraphs.kit import create_app
from subgraphs.users.data import UserStore
from subgraphs.users.schema import schema


def create(store: UserStore | None = None) -> Starlette:
    store = store or UserStore()
    return create_app(
        schema,
        name="users",
        loaders={"user": store.users_by_ids, "page": store.pages},
        stats=store.accesses.snapshot,
    )
