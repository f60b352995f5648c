"""The orders store: orders by id and by user, plus the legacy product stock snapshot."""

from __future__ import annotations

from dataclasses import dataclass

from subgraphs.dataset import OrderRecord, dataset
from subgraphs.kit import AccessCounter


@dataclass(frozen=True, slots=True)
class CatalogSnapshot:
    """What orders kept about a product before the products subgraph took stock over."""

    upc: str
    name: str
    in_stock: bool


class OrderStore:
    """In-memory orders; every method is one data access, counted in ``accesses``."""

    def __init__(self) -> None:
        data = dataset()
        self._by_id = {o.id: o for o in data.orders}
        by_user: dict[str, list[OrderRecord]] = {}
        for order in data.orders:
            by_user.setdefault(order.user_id, []).append(order)
        # Newest first, ties broken by id so the order is total.
        self._by_user = {
            uid: tuple(sorted(orders, key=lambda o: (o.created_at, o.id), reverse=True))
            for uid, orders in by_user.items()
        }
        self._catalog = {p.upc: CatalogSnapshot(p.upc, p.name, p.stock > 0) for p in data.products}
        self.accesses = AccessCounter()

    async def orders_by_ids(self, ids: list[str]) -> list[OrderRecord | None]:
        self.accesses.hit("orders_by_ids")
        return [self._by_id.get(i) for i in ids]

    async def orders_by_user_ids(self, user_ids: list[str]) -> list[tuple[OrderRecord, ...]]:
        """Each user's orders, newest first (empty for a user without orders)."""
        self.accesses.hit("orders_by_user_ids")
        return [self._by_user.get(uid, ()) for uid in user_ids]

    async def catalog_by_upcs(self, upcs: list[str]) -> list[CatalogSnapshot | None]:
        self.accesses.hit("catalog_by_upcs")
        return [self._catalog.get(u) for u in upcs]
