"""The standard federation benchmark's data and queries, read from ``../shared/bench-data``.

The resolver semantics follow the reference subgraphs the published numbers were measured
with, including two quirks that the expected 87,599-byte heavy response depends on: every
review's author is user 1, and every user's ``reviews`` are the first two reviews.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATA = ROOT.parent / "shared" / "bench-data"
SUBGRAPH_NAMES = ("accounts", "inventory", "products", "reviews")

_FRAGMENTS = """
fragment User on User { id username name }
fragment Review on Review { id body }
fragment Product on Product { inStock name price shippingEstimate upc weight }
"""

HEAVY_QUERY = (
    """query TestQuery {
  users { ...User reviews { ...Review product { ...Product reviews { ...Review
    author { ...User reviews { ...Review product { ...Product } } } } } } }
  topProducts { ...Product reviews { ...Review
    author { ...User reviews { ...Review product { ...Product } } } } }
}
"""
    + _FRAGMENTS
)

LIGHT_QUERY = "query TopProducts { topProducts { upc name price inStock } }\n"

QUERIES = {"heavy": HEAVY_QUERY, "light": LIGHT_QUERY}

# The compact size of the heavy query's response, as published with the benchmark.
HEAVY_RESPONSE_BYTES = 87_599


def request_body(query: str) -> bytes:
    """The exact POST body every load generator sends for ``query``."""
    return json.dumps({"query": query}, separators=(",", ":")).encode()


def subgraph_sdl(name: str, data_dir: Path = BENCH_DATA) -> str:
    return (data_dir / f"{name}.graphql").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Dataset:
    """Rows of data.json indexed by key, plus the reference relations between them."""

    users: list[dict[str, Any]]
    products: list[dict[str, Any]]
    in_stock: dict[str, bool]
    reviews: list[dict[str, Any]]
    users_by_id: dict[str, dict[str, Any]] = field(init=False)
    products_by_upc: dict[str, dict[str, Any]] = field(init=False)
    reviews_by_id: dict[str, dict[str, Any]] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "users_by_id", {u["id"]: u for u in self.users})
        object.__setattr__(self, "products_by_upc", {p["upc"]: p for p in self.products})
        object.__setattr__(self, "reviews_by_id", {r["id"]: r for r in self.reviews})

    def top_products(self, first: int) -> list[dict[str, Any]]:
        return self.products[: max(first, 0)]

    def reviews_of_product(self, upc: str) -> list[dict[str, Any]]:
        return [r for r in self.reviews if r["productUpc"] == upc]

    def reviews_of_user(self, user_id: str) -> list[dict[str, Any]]:
        # The reference reviews subgraph answers the first two reviews for any user.
        return self.reviews[:2]

    def author_of(self, review: dict[str, Any]) -> dict[str, Any]:
        # The reference reviews subgraph names user 1 as the author of every review.
        return self.users[0]


def load_dataset(data_dir: Path = BENCH_DATA) -> Dataset:
    """Read data.json.

    Raises:
        FileNotFoundError: the shared bench data is missing.
    """
    raw = json.loads((data_dir / "data.json").read_text(encoding="utf-8"))
    return Dataset(
        users=raw["users"],
        products=raw["products"],
        in_stock={row["upc"]: row["inStock"] for row in raw["inventory"]},
        reviews=raw["reviews"],
    )
