"""The sample data: one deterministic generator shared by the four sample subgraphs.

Every subgraph builds the same records from a fixed seed, so ids, names and prices agree
across processes without a shared database. The generator is a splitmix64 stream (not
``random``), so the data is identical on every Python version and platform. Each subgraph keeps
only its own slice (plus the denormalised snapshots a real service would hold).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

__all__ = [
    "AddressRecord",
    "Dataset",
    "OrderItemRecord",
    "OrderRecord",
    "ProductRecord",
    "ReviewRecord",
    "UserRecord",
    "dataset",
]

SEED = 20240611
USER_COUNT = 400
PRODUCT_COUNT = 100
ORDER_COUNT = 4000
REVIEW_COUNT = 2500
EPOCH = datetime(2023, 1, 1, tzinfo=UTC)

_MASK = (1 << 64) - 1


class _Stream:
    """splitmix64: a tiny, well-mixed, fully specified pseudo-random stream."""

    def __init__(self, seed: int) -> None:
        self._state = seed & _MASK

    def next(self) -> int:
        self._state = (self._state + 0x9E3779B97F4A7C15) & _MASK
        z = self._state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return z ^ (z >> 31)

    def below(self, n: int) -> int:
        return self.next() % n

    def pick(self, items: tuple[str, ...]) -> str:
        return items[self.below(len(items))]

    def weighted(self, items: tuple[tuple[str, int], ...]) -> str:
        roll = self.below(sum(w for _, w in items))
        for item, weight in items:
            if roll < weight:
                return item
            roll -= weight
        raise AssertionError("unreachable")


@dataclass(frozen=True, slots=True)
class UserRecord:
    id: str
    email: str
    name: str
    avatar_url: str
    role: str
    created_at: datetime
    currency: str


@dataclass(frozen=True, slots=True)
class ProductRecord:
    upc: str
    sku: str
    name: str
    price: float
    weight: float
    stock: int
    sales_rank: int


@dataclass(frozen=True, slots=True)
class AddressRecord:
    street: str
    city: str
    postal_code: str
    country: str


@dataclass(frozen=True, slots=True)
class OrderItemRecord:
    product_upc: str
    product_name: str
    quantity: int
    unit_price: float


@dataclass(frozen=True, slots=True)
class OrderRecord:
    id: str
    user_id: str
    status: str
    currency: str
    items: tuple[OrderItemRecord, ...]
    shipping_address: AddressRecord
    created_at: datetime

    @property
    def total_amount(self) -> float:
        return round(sum(i.unit_price * i.quantity for i in self.items), 2)


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    id: str
    author_id: str
    author_name: str
    product_upc: str
    rating: int
    body: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Dataset:
    users: tuple[UserRecord, ...]
    products: tuple[ProductRecord, ...]
    orders: tuple[OrderRecord, ...]
    reviews: tuple[ReviewRecord, ...]


def _words(text: str, sep: str = " ") -> tuple[str, ...]:
    return tuple(text.split(sep))


_FIRST = _words(
    "Ada Alan Grace Linus Barbara Ken Margaret Dennis Frances Edsger Radia Tim Hedy John "
    "Katherine Donald Lynn Niklaus"
)
_LAST = _words(
    "Lovelace Turing Hopper Torvalds Liskov Thompson Hamilton Ritchie Allen Dijkstra Perlman "
    "Berners-Lee Lamarr Backus Johnson Knuth Conway Wirth"
)
_ROLES = (("CUSTOMER", 90), ("SUPPORT", 7), ("ADMIN", 3))
_ADJ = _words("Compact Deluxe Classic Rugged Smart Silent Portable Modular Eco Vintage")
_NOUN = _words(
    "Kettle|Backpack|Headphones|Desk Lamp|Keyboard|Water Bottle|Tent|Camera|Blender|Monitor|"
    "Chair|Speaker",
    "|",
)
_STATUSES = (("DELIVERED", 55), ("SHIPPED", 15), ("PAID", 12), ("PENDING", 10), ("CANCELLED", 8))
_PLACES = {
    "USD": (("Springfield", "US"), ("Portland", "US"), ("Austin", "US")),
    "EUR": (("Lyon", "FR"), ("Leipzig", "DE"), ("Porto", "PT")),
    "GBP": (("Leeds", "GB"), ("Bristol", "GB"), ("York", "GB")),
}
_STREETS = ("Main St", "High Street", "Station Road", "Rue de la Gare", "Mill Lane", "Elm Street")
_OPINIONS = (
    ("Stopped working after a month.", "Not worth the price.", "Flimsy and noisy."),
    ("Arrived late but works.", "Does the job.", "Fine for the price."),
    ("Exactly as described.", "Sturdy and well made.", "Would buy again.", "Great value."),
)
_TONE = (0, 0, 1, 2, 2)  # rating 1..5 -> negative, neutral or positive opinions


def _users(rng: _Stream) -> tuple[UserRecord, ...]:
    users = []
    for n in range(1, USER_COUNT + 1):
        first, last = rng.pick(_FIRST), rng.pick(_LAST)
        users.append(
            UserRecord(
                id=f"u{n}",
                email=f"{first}.{last}.{n}@example.com".lower(),
                name=f"{first} {last}",
                avatar_url=f"https://avatars.example.com/u{n}.png",
                role=rng.weighted(_ROLES),
                created_at=EPOCH + timedelta(minutes=rng.below(365 * 24 * 60)),
                currency=rng.weighted((("USD", 5), ("EUR", 3), ("GBP", 2))),
            )
        )
    return tuple(users)


def _products(rng: _Stream) -> tuple[ProductRecord, ...]:
    ranks = list(range(1, PRODUCT_COUNT + 1))
    for i in range(len(ranks) - 1, 0, -1):  # Fisher-Yates with our stream
        j = rng.below(i + 1)
        ranks[i], ranks[j] = ranks[j], ranks[i]
    products = []
    for n in range(1, PRODUCT_COUNT + 1):
        stock = rng.below(60)
        products.append(
            ProductRecord(
                upc=f"{400000000000 + n * 7919:012d}",
                sku=f"SKU-{n:04d}",
                name=f"{rng.pick(_ADJ)} {rng.pick(_NOUN)} {n}",
                price=round(4.99 + rng.below(25000) / 100, 2),
                weight=round(0.1 + rng.below(250) / 10, 1),
                stock=stock if stock > 6 else 0,
                sales_rank=ranks[n - 1],
            )
        )
    return tuple(products)


def _orders(
    rng: _Stream, users: tuple[UserRecord, ...], products: tuple[ProductRecord, ...]
) -> tuple[OrderRecord, ...]:
    orders = []
    for n in range(1, ORDER_COUNT + 1):
        user = users[rng.below(len(users))]
        items = []
        for _ in range(1 + rng.below(4)):
            product = products[rng.below(len(products))]
            items.append(
                OrderItemRecord(product.upc, product.name, 1 + rng.below(3), product.price)
            )
        city, country = _PLACES[user.currency][rng.below(3)]
        address = AddressRecord(
            street=f"{1 + rng.below(300)} {rng.pick(_STREETS)}",
            city=city,
            postal_code=f"{10000 + rng.below(89999)}",
            country=country,
        )
        orders.append(
            OrderRecord(
                id=f"o{n}",
                user_id=user.id,
                status=rng.weighted(_STATUSES),
                currency=user.currency,
                items=tuple(items),
                shipping_address=address,
                created_at=user.created_at + timedelta(minutes=1 + rng.below(365 * 24 * 60)),
            )
        )
    return tuple(orders)


def _reviews(
    rng: _Stream, users: tuple[UserRecord, ...], products: tuple[ProductRecord, ...]
) -> tuple[ReviewRecord, ...]:
    reviews = []
    for n in range(1, REVIEW_COUNT + 1):
        user = users[rng.below(len(users))]
        product = products[rng.below(len(products))]
        rating = 1 + rng.below(5)
        reviews.append(
            ReviewRecord(
                id=f"r{n}",
                author_id=user.id,
                author_name=user.name,
                product_upc=product.upc,
                rating=rating,
                body=f"{rng.pick(_OPINIONS[_TONE[rating - 1]])} ({rating}/5, {product.name})",
                created_at=user.created_at + timedelta(minutes=1 + rng.below(365 * 24 * 60)),
            )
        )
    return tuple(reviews)


@cache
def dataset() -> Dataset:
    """Build (once per process) the full deterministic dataset."""
    rng = _Stream(SEED)
    users = _users(rng)
    products = _products(rng)
    return Dataset(users, products, _orders(rng, users, products), _reviews(rng, users, products))
