"""The sample subgraphs behind a router, the reference (@apollo/gateway) and Switchyard's: the
example queries return what the dataset says, and entity fetches stay batched. Header
forwarding (``me``) is checked through the reference only.

The expectations are computed from ``subgraphs.dataset`` here, independently of the resolvers.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
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


def router_command(kind: str, supergraph: Path) -> Callable[[int], list[str]]:
    if kind == "reference":
        script = str(HERE / "reference_gateway.mjs")
        return lambda port: ["node", script, "--supergraph", str(supergraph), "--port", str(port)]
    return lambda port: [
        sys.executable,
        "-m",
        "router",
        "--supergraph",
        str(supergraph),
        "--port",
        str(port),
    ]


@pytest.fixture(scope="module", params=["reference", "switchyard"])
def gateway(
    request: pytest.FixtureRequest,
    live: dict[str, Proc],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Proc]:
    """A router over the live subgraphs: @apollo/gateway, then Switchyard's own."""
    kind: str = request.param
    sdls = [
        (n, f"{live[n].url}/graphql", (ROOT / "subgraphs" / n / "schema.graphql").read_text())
        for n in NAMES
    ]
    result = apollo_compose(sdls)
    assert result["ok"], result["errors"]
    path = tmp_path_factory.mktemp(kind) / "supergraph.graphql"
    path.write_text(result["supergraphSdl"], encoding="utf-8")
    with running(router_command(kind, path), name=f"{kind}-router") as proc:
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
def test_dashboard(gateway: Proc, user_id: str) -> None:
    got = data(gateway.url, query("dashboard"), {"userId": user_id, "recent": 4})
    assert got == expected_dashboard(user_id, 4)


def test_mobile(gateway: Proc) -> None:
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


# Only the reference forwards x-user-id so far; Switchyard's router has no header rules yet.
@pytest.mark.parametrize("gateway", ["reference"], indirect=True)
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
