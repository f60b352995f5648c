"""The products store: the catalog by upc, by sku and by sales rank."""

from __future__ import annotations

from subgraphs.dataset import ProductRecord, dataset
from subgraphs.kit import AccessCounter


class ProductStore:
    """In-memory catalog; every method is one data access, counted in ``accesses``."""

    def __init__(self) -> None:
        products = dataset().products
        self._by_upc = {p.upc: p for p in products}
        self._by_sku = {p.sku: p for p in products}
        self._ranked = tuple(sorted(products, key=lambda p: p.sales_rank))
        self.accesses = AccessCounter()

    async def products_by_upcs(self, upcs: list[str]) -> list[ProductRecord | None]:
        self.accesses.hit("products_by_upcs")
        return [self._by_upc.get(u) for u in upcs]

    async def products_by_skus(self, skus: list[str]) -> list[ProductRecord | None]:
        self.accesses.hit("products_by_skus")
        return [self._by_sku.get(s) for s in skus]

    async def top(self, counts: list[int]) -> list[tuple[ProductRecord, ...]]:
        """Best sellers first, one slice per requested count."""
        self.accesses.hit("top")
        return [self._ranked[:n] for n in counts]
