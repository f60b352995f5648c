"""The users schema: ``User @key(id)``, ``user``, paged ``users`` and ``me``."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry.types import Info

from subgraphs.dataset import UserRecord
from subgraphs.kit import RequestContext, federated_schema

MAX_PAGE = 100


@strawberry.enum
class Role(Enum):
    CUSTOMER = "CUSTOMER"
    SUPPORT = "SUPPORT"
    ADMIN = "ADMIN"


@strawberry.federation.type(keys=["id"])
class User:
    id: strawberry.ID
    email: str
    # Shareable: reviews provides an author's name (@provides) from its own snapshot.
    name: str = strawberry.federation.field(shareable=True)
    avatar_url: str | None
    role: Role
    created_at: datetime

    @classmethod
    def from_record(cls, r: UserRecord) -> User:
        return cls(
            id=strawberry.ID(r.id),
            email=r.email,
            name=r.name,
            avatar_url=r.avatar_url,
            role=Role(r.role),
            created_at=r.created_at,
        )

    @classmethod
    async def resolve_reference(
        cls, info: Info[RequestContext, None], id: strawberry.ID
    ) -> User | None:
        return await _load_user(info.context, id)


async def _load_user(context: RequestContext, user_id: str) -> User | None:
    record = await context.loader("user").load(user_id)
    return None if record is None else User.from_record(record)


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class UserConnection:
    nodes: list[User]
    total_count: int
    page_info: PageInfo


def _offset(after: str | None) -> int:
    if after is None:
        return 0
    if not after.isdigit():
        raise ValueError(f"invalid cursor {after!r}")
    return int(after)


@strawberry.type
class Query:
    @strawberry.field
    async def user(self, info: Info[RequestContext, None], id: strawberry.ID) -> User | None:
        return await _load_user(info.context, id)

    @strawberry.field(description="Users in id order; `after` is the previous page's endCursor.")
    async def users(
        self, info: Info[RequestContext, None], first: int = 20, after: str | None = None
    ) -> UserConnection:
        if not 0 <= first <= MAX_PAGE:
            raise ValueError(f"first must be between 0 and {MAX_PAGE}")
        offset = _offset(after)
        records, total = await info.context.loader("page").load((offset, first))
        end = offset + len(records)
        return UserConnection(
            nodes=[User.from_record(r) for r in records],
            total_count=total,
            page_info=PageInfo(has_next_page=end < total, end_cursor=str(end) if records else None),
        )

    @strawberry.field(description="The user named by the router's x-user-id header.")
    async def me(self, info: Info[RequestContext, None]) -> User | None:
        if info.context.user_id is None:
            return None
        return await _load_user(info.context, info.context.user_id)


schema = federated_schema(query=Query)
