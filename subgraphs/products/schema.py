"""The products schema: ``Product @key(upc) @key(sku)``, ``topProducts`` and ``product``.

``inStock`` moved here from orders (``@override(from: "orders")``); ``name`` is shareable
because orders provides the name it recorded at purchase time.
"""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from subgraphs.dataset import ProductRecord
from subgraphs.kit import RequestContext, federated_schema

MAX_TOP = 100

Ctx = Info[RequestContext, None]


@strawberry.federation.type(keys=["upc", "sku"])
class Product:
    upc: str
    sku: str
    name: str = strawberry.federation.field(shareable=True)
    price: float
    weight: float = strawberry.field(description="Shipping weight in kilograms.")
    in_stock: bool = strawberry.federation.field(override="orders")

    @classmethod
    def from_record(cls, r: ProductRecord) -> Product:
        return cls(
            upc=r.upc,
            sku=r.sku,
            name=r.name,
            price=r.price,
            weight=r.weight,
            in_stock=r.stock > 0,
        )

    @classmethod
    async def resolve_reference(
        cls, info: Ctx, upc: str | None = None, sku: str | None = None
    ) -> Product | None:
        if upc is not None:
            record = await info.context.loader("by_upc").load(upc)
        elif sku is not None:
            record = await info.context.loader("by_sku").load(sku)
        else:
            raise ValueError("a Product representation needs upc or sku")
        return None if record is None else cls.from_record(record)


@strawberry.type
class Query:
    @strawberry.field(description="Best sellers first.")
    async def top_products(self, info: Ctx, first: int = 5) -> list[Product]:
        if not 0 <= first <= MAX_TOP:
            raise ValueError(f"first must be between 0 and {MAX_TOP}")
        records = await info.context.loader("top").load(first)
        return [Product.from_record(r) for r in records]

    @strawberry.field
    async def product(self, info: Ctx, upc: str) -> Product | None:
        return await Product.resolve_reference(info, upc=upc)


schema = federated_schema(query=Query)
