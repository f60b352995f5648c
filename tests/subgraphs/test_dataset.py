"""The sample dataset: deterministic, sized as documented, and referentially consistent."""

from __future__ import annotations

from subgraphs import dataset as ds


def test_same_data_on_every_build() -> None:
    ds.dataset.cache_clear()
    first = ds.dataset()
    ds.dataset.cache_clear()
    assert ds.dataset() == first


def test_sizes() -> None:
    d = ds.dataset()
    assert len(d.users) == ds.USER_COUNT >= 200
    assert len(d.products) == ds.PRODUCT_COUNT == 100
    assert len(d.orders) == ds.ORDER_COUNT >= 1000
    assert len(d.reviews) == ds.REVIEW_COUNT >= 1000


def test_ids_unique() -> None:
    d = ds.dataset()
    for ids in (
        [u.id for u in d.users],
        [u.email for u in d.users],
        [p.upc for p in d.products],
        [p.sku for p in d.products],
        [o.id for o in d.orders],
        [r.id for r in d.reviews],
    ):
        assert len(set(ids)) == len(ids)


def test_references_resolve() -> None:
    d = ds.dataset()
    users = {u.id: u for u in d.users}
    products = {p.upc: p for p in d.products}
    for order in d.orders:
        assert order.user_id in users
        assert order.currency == users[order.user_id].currency
        assert order.items
        for item in order.items:
            assert products[item.product_upc].name == item.product_name
            assert products[item.product_upc].price == item.unit_price
    for review in d.reviews:
        assert users[review.author_id].name == review.author_name
        assert review.product_upc in products
        assert 1 <= review.rating <= 5


def test_sales_ranks_are_a_permutation() -> None:
    ranks = sorted(p.sales_rank for p in ds.dataset().products)
    assert ranks == list(range(1, ds.PRODUCT_COUNT + 1))
