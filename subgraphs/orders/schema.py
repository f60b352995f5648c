"""The orders schema: ``Order @key(id)``; extends ``User`` with orders and ``Product`` with
a shipping estimate that ``@requires`` the product's price and weight."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry.types import Info

from subgraphs.dataset import OrderRecord
from subgraphs.kit import RequestContext, federated_schema

MAX_LIMIT = 100
FREE_SHIPPING_FROM = 100.0

Ctx = Info[RequestContext, None]


@strawberry.enum
class OrderStatus(Enum):
    PENDING = "PENDING"
    PAID = "PAID"
    SHIPPED = "SHIPPED"
    DELIVERED = "DELIVERED"
    CANCELLED = "CANCELLED"


@strawberry.enum
class Currency(Enum):
    USD = "USD"
    EUR = "EUR"
    GBP = "GBP"


def shipping_estimate(price: float, weight: float) -> float:
    """Flat fee plus a per-kilogram rate; free from ``FREE_SHIPPING_FROM``."""
    if price >= FREE_SHIPPING_FROM:
        return 0.0
    return round(4.99 + 0.85 * weight, 2)


@strawberry.federation.type(keys=["upc"])
class Product:
    upc: str
    # External: resolved by products; orders only provides the name it recorded at purchase
    # time (OrderItem.product) and receives price and weight for shippingEstimate.
    name: str | None = strawberry.federation.field(external=True, default=None, graphql_type=str)
    price: float | None = strawberry.federation.field(
        external=True, default=None, graphql_type=float
    )
    weight: float | None = strawberry.federation.field(
        external=True, default=None, graphql_type=float
    )

    # Legacy: products now owns this field (`@override(from: "orders")`); it stays here while
    # older routers still send it to orders, answered from the catalog snapshot.
    @strawberry.field
    async def in_stock(self, info: Ctx) -> bool:
        snapshot = await info.context.loader("catalog").load(self.upc)
        return bool(snapshot and snapshot.in_stock)

    @strawberry.federation.field(requires=["price weight"])
    def shipping_estimate(self) -> float:
        if self.price is None or self.weight is None:
            raise ValueError("shippingEstimate needs the product's price and weight")
        return shipping_estimate(self.price, self.weight)

    @classmethod
    async def resolve_reference(
        cls,
        info: Ctx,
        upc: str,
        price: float | None = None,
        weight: float | None = None,
    ) -> Product | None:
        snapshot = await info.context.loader("catalog").load(upc)
        if snapshot is None:
            return None
        return cls(upc=upc, name=snapshot.name, price=price, weight=weight)


@strawberry.type
class OrderItem:
    product: Product = strawberry.federation.field(provides=["name"])
    quantity: int
    unit_price: float


@strawberry.type
class Address:
    street: str
    city: str
    postal_code: str
    country: str


@strawberry.federation.type(keys=["id"])
class User:
    id: strawberry.ID

    @strawberry.field(description="This user's orders, newest first.")
    async def orders(
        self, info: Ctx, status: OrderStatus | None = None, limit: int = 10
    ) -> list[Order]:
        if not 0 <= limit <= MAX_LIMIT:
            raise ValueError(f"limit must be between 0 and {MAX_LIMIT}")
        records = await info.context.loader("orders_of_user").load(self.id)
        if status is not None:
            records = [r for r in records if r.status == status.value]
        return [Order.from_record(r) for r in records[:limit]]

    @strawberry.field(description="Sum of the user's orders that were not cancelled.")
    async def total_spent(self, info: Ctx) -> float:
        records = await info.context.loader("orders_of_user").load(self.id)
        return round(sum(r.total_amount for r in records if r.status != "CANCELLED"), 2)

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> User:
        # Every user exists for orders (possibly with no orders): the load only prefetches, in
        # one batch, the orders that `orders` and `totalSpent` will read.
        await info.context.loader("orders_of_user").load(id)
        return cls(id=id)


@strawberry.federation.type(keys=["id"])
class Order:
    id: strawberry.ID
    status: OrderStatus
    total_amount: float
    currency: Currency
    items: list[OrderItem]
    shipping_address: Address
    created_at: datetime
    user: User

    @classmethod
    def from_record(cls, r: OrderRecord) -> Order:
        a = r.shipping_address
        return cls(
            id=strawberry.ID(r.id),
            status=OrderStatus(r.status),
            total_amount=r.total_amount,
            currency=Currency(r.currency),
            items=[
                OrderItem(
                    product=Product(upc=i.product_upc, name=i.product_name),
                    quantity=i.quantity,
                    unit_price=i.unit_price,
                )
                for i in r.items
            ],
            shipping_address=Address(
                street=a.street, city=a.city, postal_code=a.postal_code, country=a.country
            ),
            created_at=r.created_at,
            user=User(id=strawberry.ID(r.user_id)),
        )

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> Order | None:
        record = await info.context.loader("order").load(id)
        return None if record is None else cls.from_record(record)


@strawberry.type
class Query:
    @strawberry.field
    async def order(self, info: Ctx, id: strawberry.ID) -> Order | None:
        return await Order.resolve_reference(info, id)


schema = federated_schema(query=Query, types=[User, Product])
