"""The reviews schema: ``Review @key(id)``; extends ``User`` and ``Product`` with reviews.

``Review.author`` ``@provides`` the author's name from the snapshot reviews keeps, so a router
can show review authors without a trip to the users subgraph.
"""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from subgraphs.dataset import ReviewRecord
from subgraphs.kit import RequestContext, federated_schema

MAX_LATEST = 100

Ctx = Info[RequestContext, None]


@strawberry.federation.type(keys=["id"])
class User:
    id: strawberry.ID
    known_name: strawberry.Private[str | None] = None

    @strawberry.federation.field(external=True)
    async def name(self, info: Ctx) -> str:
        if self.known_name is not None:
            return self.known_name
        name: str | None = await info.context.loader("author_name").load(self.id)
        if name is None:
            raise ValueError(f"no user {self.id!r}")
        return name

    @strawberry.field(description="Reviews written by this user, newest first.")
    async def reviews(self, info: Ctx) -> list[Review]:
        records = await info.context.loader("reviews_of_author").load(self.id)
        return [Review.from_record(r) for r in records]

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> User:
        await info.context.loader("reviews_of_author").load(id)  # batched prefetch
        return cls(id=id)


@strawberry.federation.type(keys=["upc"])
class Product:
    upc: str

    @strawberry.field(description="Reviews of this product, newest first.")
    async def reviews(self, info: Ctx) -> list[Review]:
        records = await info.context.loader("reviews_of_product").load(self.upc)
        return [Review.from_record(r) for r in records]

    @strawberry.field(description="Mean rating, null when the product has no reviews.")
    async def average_rating(self, info: Ctx) -> float | None:
        records = await info.context.loader("reviews_of_product").load(self.upc)
        if not records:
            return None
        return round(sum(r.rating for r in records) / len(records), 2)

    @strawberry.field
    async def review_count(self, info: Ctx) -> int:
        return len(await info.context.loader("reviews_of_product").load(self.upc))

    @classmethod
    async def resolve_reference(cls, info: Ctx, upc: str) -> Product:
        await info.context.loader("reviews_of_product").load(upc)  # batched prefetch
        return cls(upc=upc)


@strawberry.federation.type(keys=["id"])
class Review:
    id: strawberry.ID
    rating: int
    body: str
    created_at: datetime
    author: User = strawberry.federation.field(provides=["name"])
    product: Product

    @classmethod
    def from_record(cls, r: ReviewRecord) -> Review:
        return cls(
            id=strawberry.ID(r.id),
            rating=r.rating,
            body=r.body,
            created_at=r.created_at,
            author=User(id=strawberry.ID(r.author_id), known_name=r.author_name),
            product=Product(upc=r.product_upc),
        )

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> Review | None:
        record = await info.context.loader("review").load(id)
        return None if record is None else cls.from_record(record)


@strawberry.type
class Query:
    @strawberry.field
    async def review(self, info: Ctx, id: strawberry.ID) -> Review | None:
        return await Review.resolve_reference(info, id)

    @strawberry.field(description="The most recent reviews across all products.")
    async def latest_reviews(self, info: Ctx, first: int = 10) -> list[Review]:
        if not 0 <= first <= MAX_LATEST:
            raise ValueError(f"first must be between 0 and {MAX_LATEST}")
        records = await info.context.loader("latest").load(first)
        return [Review.from_record(r) for r in records]


schema = federated_schema(query=Query, types=[User, Product])
