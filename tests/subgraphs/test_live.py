"""The four sample subgraphs as real processes: health, SDL, router headers, batching."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from subgraphs.dataset import dataset
from tests.procs import Proc
from tests.subgraphs.conftest import NAMES, data, post

pytestmark = pytest.mark.xdist_group("subgraphs-live")

ROOT = Path(__file__).resolve().parents[2]
TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


@pytest.mark.parametrize("name", NAMES)
def test_health(live: dict[str, Proc], name: str) -> None:
    r = httpx.get(live[name].url + "/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "subgraph": name}


@pytest.mark.parametrize("name", NAMES)
def test_served_sdl_equals_committed_file(live: dict[str, Proc], name: str) -> None:
    sdl = data(live[name].url, "{ _service { sdl } }")["_service"]["sdl"]
    committed = (ROOT / "subgraphs" / name / "schema.graphql").read_text(encoding="utf-8")
    assert sdl.rstrip("\n") == committed.rstrip("\n")


@pytest.mark.parametrize("name", NAMES)
def test_traceparent_and_request_id_are_echoed(live: dict[str, Proc], name: str) -> None:
    headers = {"traceparent": TRACEPARENT, "x-request-id": f"req-{name}"}
    r = post(live[name].url, "{ __typename }", headers=headers)
    assert r.status_code == 200
    assert r.json() == {"data": {"__typename": "Query"}}
    assert r.headers["traceparent"] == TRACEPARENT
    assert r.headers["x-request-id"] == f"req-{name}"


def test_me_reads_the_user_id_header(live: dict[str, Proc]) -> None:
    user = dataset().users[41]
    got = data(live["users"].url, "{ me { id name email role } }", headers={"x-user-id": user.id})
    assert got == {"me": {"id": user.id, "name": user.name, "email": user.email, "role": user.role}}
    assert data(live["users"].url, "{ me { id } }") == {"me": None}
    assert data(live["users"].url, "{ me { id } }", headers={"x-user-id": "ghost"}) == {"me": None}


def test_users_pagination_walks_every_user_once(live: dict[str, Proc]) -> None:
    query = "query($after: String) { users(first: 64, after: $after) { nodes { id } totalCount pageInfo { hasNextPage endCursor } } }"
    seen: list[str] = []
    after = None
    while True:
        page = data(live["users"].url, query, {"after": after})["users"]
        seen += [n["id"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [u.id for u in dataset().users]
    assert page["totalCount"] == len(seen)


def test_users_page_size_is_bounded(live: dict[str, Proc]) -> None:
    body = post(live["users"].url, "{ users(first: 5000) { totalCount } }").json()
    assert body["data"] is None
    assert "first must be between" in body["errors"][0]["message"]


def test_entities_batch_is_one_data_access_in_the_process(live: dict[str, Proc]) -> None:
    url = live["users"].url
    before = httpx.get(url + "/stats").json().get("users_by_ids", 0)
    reps = [{"__typename": "User", "id": u.id} for u in dataset().users[:250]]
    got = data(
        url,
        "query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id name } } }",
        {"r": reps},
    )
    assert len(got["_entities"]) == 250
    after = httpx.get(url + "/stats").json()["users_by_ids"]
    assert after - before == 1


def test_user_orders_filter_and_limit(live: dict[str, Proc]) -> None:
    user_id = dataset().orders[0].user_id
    mine = [o for o in dataset().orders if o.user_id == user_id]
    delivered = sorted(
        (o for o in mine if o.status == "DELIVERED"),
        key=lambda o: (o.created_at, o.id),
        reverse=True,
    )
    got = data(
        live["orders"].url,
        "query($r: [_Any!]!) { _entities(representations: $r) { ... on User { orders(status: DELIVERED, limit: 2) { id status } all: orders(limit: 100) { id } } } }",
        {"r": [{"__typename": "User", "id": user_id}]},
    )["_entities"][0]
    assert got["orders"] == [{"id": o.id, "status": "DELIVERED"} for o in delivered[:2]]
    assert sorted(o["id"] for o in got["all"]) == sorted(o.id for o in mine)


def test_top_products_are_best_sellers_first(live: dict[str, Proc]) -> None:
    got = data(live["products"].url, "{ topProducts(first: 5) { upc } }")["topProducts"]
    ranked = sorted(dataset().products, key=lambda p: p.sales_rank)
    assert [p["upc"] for p in got] == [p.upc for p in ranked[:5]]


def test_order_items_provide_product_names(live: dict[str, Proc]) -> None:
    order = dataset().orders[7]
    got = data(
        live["orders"].url,
        "query($id: ID!) { order(id: $id) { user { id } totalAmount items { quantity product { upc name } } } }",
        {"id": order.id},
    )["order"]
    assert got["user"] == {"id": order.user_id}
    assert got["totalAmount"] == order.total_amount
    assert got["items"] == [
        {"quantity": i.quantity, "product": {"upc": i.product_upc, "name": i.product_name}}
        for i in order.items
    ]


def test_busy_port_is_reported_in_one_line() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        proc = subprocess.run(
            [sys.executable, "-m", "subgraphs.reviews", "--port", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert proc.returncode == 1
    assert (
        proc.stderr.strip() == f"reviews: cannot listen on 127.0.0.1:{port}: address already in use"
    )
