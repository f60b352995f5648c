"""Entity resolution batches: one data access per batch of representations, never one per
entity. Runs each sample subgraph app in-process with its own store and reads its counters."""

from __future__ import annotations

from typing import Any

import httpx

from subgraphs import orders, products, reviews, users
from subgraphs.dataset import dataset
from subgraphs.orders.data import OrderStore
from subgraphs.products.data import ProductStore
from subgraphs.reviews.data import ReviewStore
from subgraphs.users.data import UserStore

ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { ... on %s { %s } } }"


async def run(app: Any, query: str, variables: dict[str, Any] | None = None) -> Any:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as c:
        r = await c.post("/graphql", json={"query": query, "variables": variables})
    body = r.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def reps(typename: str, key: str, values: list[str]) -> list[dict[str, str]]:
    return [{"__typename": typename, key: v} for v in values]


async def test_users_entities_one_access_for_many() -> None:
    store = UserStore()
    ids = [u.id for u in dataset().users[:300]] + ["missing-1"]
    data = await run(
        users.create(store), ENTITIES % ("User", "id email"), {"r": reps("User", "id", ids)}
    )
    got = data["_entities"]
    assert [e and e["id"] for e in got] == ids[:-1] + [None]
    assert got[5]["email"] == dataset().users[5].email
    assert store.accesses.snapshot() == {"users_by_ids": 1}


async def test_orders_user_entities_one_access() -> None:
    store = OrderStore()
    ids = [u.id for u in dataset().users[:200]]
    query = ENTITIES % (
        "User",
        "id totalSpent orders(limit: 3) { id items { product { upc name } } }",
    )
    data = await run(orders.create(store), query, {"r": reps("User", "id", ids)})
    assert [e["id"] for e in data["_entities"]] == ids
    assert store.accesses.snapshot() == {"orders_by_user_ids": 1}
    # totalSpent agrees with an independent sum over the dataset.
    expected = {
        uid: round(
            sum(
                o.total_amount
                for o in dataset().orders
                if o.user_id == uid and o.status != "CANCELLED"
            ),
            2,
        )
        for uid in ids[:10]
    }
    assert {e["id"]: e["totalSpent"] for e in data["_entities"][:10]} == expected


async def test_orders_order_and_product_entities_one_access_each() -> None:
    store = OrderStore()
    order_ids = [o.id for o in dataset().orders[:300]]
    data = await run(
        orders.create(store),
        ENTITIES % ("Order", "id status"),
        {"r": reps("Order", "id", order_ids)},
    )
    assert [e["id"] for e in data["_entities"]] == order_ids
    product_reps = [
        {"__typename": "Product", "upc": p.upc, "price": p.price, "weight": p.weight}
        for p in dataset().products
    ]
    data = await run(
        orders.create(store), ENTITIES % ("Product", "upc shippingEstimate"), {"r": product_reps}
    )
    assert len(data["_entities"]) == len(product_reps)
    assert store.accesses.snapshot() == {"catalog_by_upcs": 1, "orders_by_ids": 1}


async def test_reviews_entities_one_access_and_provided_names_need_none() -> None:
    store = ReviewStore()
    ids = [u.id for u in dataset().users[:200]]
    query = ENTITIES % ("User", "id reviews { id author { id name } product { upc } }")
    data = await run(reviews.create(store), query, {"r": reps("User", "id", ids)})
    assert [e["id"] for e in data["_entities"]] == ids
    # Author names come from the review's own snapshot (what @provides promises): no lookup.
    assert store.accesses.snapshot() == {"reviews_by_author_ids": 1}
    upcs = [p.upc for p in dataset().products]
    query = ENTITIES % ("Product", "upc averageRating reviewCount reviews { id }")
    data = await run(reviews.create(store), query, {"r": reps("Product", "upc", upcs)})
    assert sum(e["reviewCount"] for e in data["_entities"]) == len(dataset().reviews)
    assert store.accesses.snapshot() == {"reviews_by_author_ids": 1, "reviews_by_upcs": 1}


async def test_products_both_keys_one_access_per_key() -> None:
    store = ProductStore()
    catalog = dataset().products
    representations = reps("Product", "upc", [p.upc for p in catalog[:60]]) + reps(
        "Product", "sku", [p.sku for p in catalog[40:]]
    )
    data = await run(
        products.create(store), ENTITIES % ("Product", "upc sku"), {"r": representations}
    )
    got = data["_entities"]
    assert [e["upc"] for e in got] == [p.upc for p in catalog[:60]] + [p.upc for p in catalog[40:]]
    assert store.accesses.snapshot() == {"products_by_skus": 1, "products_by_upcs": 1}


async def test_loader_cache_is_per_request() -> None:
    store = UserStore()
    app = users.create(store)
    for _ in range(3):
        await run(app, '{ user(id: "u1") { id } }')
    assert store.accesses.snapshot() == {"users_by_ids": 3}
