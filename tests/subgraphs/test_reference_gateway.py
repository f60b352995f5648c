"""The sample subgraphs behind the reference router (@apollo/gateway): the example queries
return what the dataset says, headers reach the subgraphs, and entity fetches stay batched.

The expectations are computed from ``subgraphs.dataset`` here, independently of the resolvers.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from subgraphs.dataset import OrderRecord, ProductRecord, dataset
from subgraphs.orders.schema import shipping_estimate
from tests.procs import Proc, running
from tests.reference.apollo import apollo_compose
from tests.subgraphs.conftest import NAMES, data

pytestmark = pytest.mark.xdist_group("subgraphs-live")

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def gateway(live: dict[str, Proc], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proc]:
    assert shutil.which("node"), "node is needed for the reference gateway"
    sdls = [
        (n, f"{live[n].url}/graphql", (ROOT / "subgraphs" / n / "schema.graphql").read_text())
        for n in NAMES
    ]
    result = apollo_compose(sdls)
    assert result["ok"], result["errors"]
    path = tmp_path_factory.mktemp("gateway") / "supergraph.graphql"
    path.write_text(result["supergraphSdl"], encoding="utf-8")
    script = str(HERE / "reference_gateway.mjs")
    with running(
        lambda port: ["node", script, "--supergraph", str(path), "--port", str(port)],
        name="reference-gateway",
    ) as proc:
        yield proc


def newest_first(orders: list[OrderRecord]) -> list[OrderRecord]:
    return sorted(orders, key=lambda o: (o.created_at, o.id), reverse=True)


def average_rating(upc: str) -> float | None:
    ratings = [r.rating for r in dataset().reviews if r.product_upc == upc]
    return round(sum(ratings) / len(ratings), 2) if ratings else None


def expected_dashboard(user_id: str, recent: int) -> dict[str, Any]:
    d = dataset()
    user = next(u for u in d.users if u.id == user_id)
    products: dict[str, ProductRecord] = {p.upc: p for p in d.products}
    mine = newest_first([o for o in d.orders if o.user_id == user_id])
    reviews = sorted(
        (r for r in d.reviews if r.author_id == user_id),
        key=lambda r: (r.created_at, r.id),
        reverse=True,
    )
    top = sorted(d.products, key=lambda p: p.sales_rank)[:5]
    return {
        "user": {
            "id": user.id,
            "name": user.name,
            "email": user.email,
            "avatarUrl": user.avatar_url,
            "role": user.role,
            "createdAt": user.created_at.isoformat(),
            "totalSpent": round(sum(o.total_amount for o in mine if o.status != "CANCELLED"), 2),
            "orders": [
                {
                    "id": o.id,
                    "status": o.status,
                    "totalAmount": o.total_amount,
                    "currency": o.currency,
                    "createdAt": o.created_at.isoformat(),
                    "shippingAddress": {
                        "city": o.shipping_address.city,
                        "country": o.shipping_address.country,
                    },
                    "items": [
                        {
                            "quantity": i.quantity,
                            "unitPrice": i.unit_price,
                            "product": {
                                "upc": i.product_upc,
                                "name": i.product_name,
                                "inStock": products[i.product_upc].stock > 0,
                                "shippingEstimate": shipping_estimate(
                                    products[i.product_upc].price, products[i.product_upc].weight
                                ),
                                "averageRating": average_rating(i.product_upc),
                            },
                        }
                        for i in o.items
                    ],
                }
                for o in mine[:recent]
            ],
            "reviews": [
                {
                    "id": r.id,
                    "rating": r.rating,
                    "body": r.body,
                    "product": {
                        "upc": r.product_upc,
                        "name": products[r.product_upc].name,
                        "price": products[r.product_upc].price,
                    },
                }
                for r in reviews
            ],
        },
        "topProducts": [
            {
                "upc": p.upc,
                "name": p.name,
                "price": p.price,
                "inStock": p.stock > 0,
                "reviewCount": sum(1 for r in dataset().reviews if r.product_upc == p.upc),
                "averageRating": average_rating(p.upc),
            }
            for p in top
        ],
    }


def query(name: str) -> str:
    return (ROOT / "examples" / "queries" / f"{name}.graphql").read_text(encoding="utf-8")


@pytest.mark.parametrize("user_id", ["u1", "u123", "u400"])
def test_dashboard_through_the_reference_gateway(gateway: Proc, user_id: str) -> None:
    got = data(gateway.url, query("dashboard"), {"userId": user_id, "recent": 4})
    assert got == expected_dashboard(user_id, 4)


def test_mobile_through_the_reference_gateway(gateway: Proc) -> None:
    got = data(gateway.url, query("mobile"), {"userId": "u77"})
    full = expected_dashboard("u77", 3)["user"]
    assert got == {
        "user": {
            "name": full["name"],
            "totalSpent": full["totalSpent"],
            "orders": [
                {k: o[k] for k in ("id", "status", "totalAmount", "currency")}
                for o in full["orders"]
            ],
        }
    }


def test_me_uses_the_forwarded_user_header(gateway: Proc) -> None:
    got = data(gateway.url, "{ me { name reviews { id } } }", headers={"x-user-id": "u9"})
    assert got["me"]["name"] == next(u.name for u in dataset().users if u.id == "u9")
    assert len(got["me"]["reviews"]) == sum(1 for r in dataset().reviews if r.author_id == "u9")


def test_a_page_of_users_costs_one_access_per_subgraph(
    gateway: Proc, live: dict[str, Proc]
) -> None:
    def stats() -> dict[str, dict[str, int]]:
        return {n: httpx.get(live[n].url + "/stats").json() for n in NAMES}

    before = stats()
    got = data(
        gateway.url,
        "{ users(first: 50) { nodes { id totalSpent reviews { id author { name } } } } }",
    )
    after = stats()
    assert len(got["users"]["nodes"]) == 50
    delta = {
        n: {k: v - before[n].get(k, 0) for k, v in after[n].items() if v != before[n].get(k, 0)}
        for n in NAMES
    }
    assert delta == {
        "users": {"pages": 1},
        "orders": {"orders_by_user_ids": 1},
        "reviews": {"reviews_by_author_ids": 1},
        "products": {},
    }
