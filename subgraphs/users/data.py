"""The users store: the users slice of the sample dataset, with counted batch accesses."""

from __future__ import annotations

from subgraphs.dataset import UserRecord, dataset
from subgraphs.kit import AccessCounter


class UserStore:
    """In-memory users; every method is one data access, counted in ``accesses``."""

    def __init__(self) -> None:
        self._users = dataset().users
        self._by_id = {u.id: u for u in self._users}
        self.accesses = AccessCounter()

    async def users_by_ids(self, ids: list[str]) -> list[UserRecord | None]:
        """One access for a whole batch of ids (the ``user`` DataLoader's batch function)."""
        self.accesses.hit("users_by_ids")
        return [self._by_id.get(i) for i in ids]

    async def pages(
        self, ranges: list[tuple[int, int]]
    ) -> list[tuple[tuple[UserRecord, ...], int]]:
        """Pages of users in id order, one per ``(offset, limit)``, with the total count."""
        self.accesses.hit("pages")
        total = len(self._users)
        return [(self._users[offset : offset + limit], total) for offset, limit in ranges]
