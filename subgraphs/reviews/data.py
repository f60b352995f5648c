"""The reviews store: reviews by id, author and product, plus author name snapshots."""

from __future__ import annotations

from subgraphs.dataset import ReviewRecord, dataset
from subgraphs.kit import AccessCounter


def _newest_first(reviews: list[ReviewRecord]) -> tuple[ReviewRecord, ...]:
    return tuple(sorted(reviews, key=lambda r: (r.created_at, r.id), reverse=True))


class ReviewStore:
    """In-memory reviews; every method is one data access, counted in ``accesses``."""

    def __init__(self) -> None:
        data = dataset()
        self._by_id = {r.id: r for r in data.reviews}
        by_author: dict[str, list[ReviewRecord]] = {}
        by_product: dict[str, list[ReviewRecord]] = {}
        for review in data.reviews:
            by_author.setdefault(review.author_id, []).append(review)
            by_product.setdefault(review.product_upc, []).append(review)
        self._by_author = {k: _newest_first(v) for k, v in by_author.items()}
        self._by_product = {k: _newest_first(v) for k, v in by_product.items()}
        # Reviews shows author names without asking users each time: a display-name snapshot.
        self._author_names = {u.id: u.name for u in data.users}
        self._latest = _newest_first(list(data.reviews))
        self.accesses = AccessCounter()

    async def reviews_by_ids(self, ids: list[str]) -> list[ReviewRecord | None]:
        self.accesses.hit("reviews_by_ids")
        return [self._by_id.get(i) for i in ids]

    async def reviews_by_author_ids(self, ids: list[str]) -> list[tuple[ReviewRecord, ...]]:
        self.accesses.hit("reviews_by_author_ids")
        return [self._by_author.get(i, ()) for i in ids]

    async def reviews_by_upcs(self, upcs: list[str]) -> list[tuple[ReviewRecord, ...]]:
        self.accesses.hit("reviews_by_upcs")
        return [self._by_product.get(u, ()) for u in upcs]

    async def author_names(self, ids: list[str]) -> list[str | None]:
        self.accesses.hit("author_names")
        return [self._author_names.get(i) for i in ids]

    async def latest(self, counts: list[int]) -> list[tuple[ReviewRecord, ...]]:
        self.accesses.hit("latest")
        return [self._latest[:n] for n in counts]
