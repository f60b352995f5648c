"""The expected response of a benchmark query: one in-process execution over data.json.

A single (unfederated) schema with the same resolver semantics as the four subgraphs gives
the answer every gateway must return, independent of any gateway.
"""

from __future__ import annotations

import json
from typing import Any

from graphql import GraphQLObjectType, build_schema, graphql_sync

from bench.dataset import Dataset

MONOLITH_SDL = """
type Query {
  me: User
  user(id: ID!): User
  users: [User]
  topProducts(first: Int = 5): [Product]
}
type User { id: ID! name: String username: String birthday: Int reviews: [Review] }
type Product {
  upc: String! name: String price: Int weight: Int
  inStock: Boolean shippingEstimate: Int reviews: [Review]
}
type Review { id: ID! body: String product: Product author: User }
"""


def expected_result(query: str, ds: Dataset) -> dict[str, Any]:
    """The GraphQL response (``{"data": ...}``) a correct gateway returns for ``query``.

    Raises:
        ValueError: the query does not execute cleanly against the monolith schema.
    """
    schema = build_schema(MONOLITH_SDL)
    resolvers = {
        "Query.me": lambda _o, _i: ds.users[0],
        "Query.user": lambda _o, _i, id: ds.users_by_id.get(id),
        "Query.users": lambda _o, _i: ds.users,
        "Query.topProducts": lambda _o, _i, first=5: ds.top_products(first),
        "User.reviews": lambda user, _i: ds.reviews_of_user(user["id"]),
        "Product.inStock": lambda p, _i: ds.in_stock.get(p["upc"]),
        "Product.shippingEstimate": lambda _p, _i: None,
        "Product.reviews": lambda p, _i: ds.reviews_of_product(p["upc"]),
        "Review.product": lambda r, _i: ds.products_by_upc.get(r["productUpc"]),
        "Review.author": lambda r, _i: ds.author_of(r),
    }
    for path, resolver in resolvers.items():
        type_name, field_name = path.split(".")
        owner = schema.get_type(type_name)
        assert isinstance(owner, GraphQLObjectType)
        owner.fields[field_name].resolve = resolver
    result = graphql_sync(schema, query)
    if result.errors:
        raise ValueError(f"expected response has errors: {result.errors}")
    return {"data": result.data}


def compact(doc: Any) -> bytes:
    """Compact JSON bytes, the size the benchmark quotes."""
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode()


def check_response(body: bytes, expected: dict[str, Any]) -> str | None:
    """None when ``body`` is the expected GraphQL response, else the reason it is not.

    Key order and ``extensions`` are ignored; ``errors`` are not allowed.
    """
    try:
        doc = json.loads(body)
    except ValueError:
        return f"not JSON: {body[:120]!r}"
    if not isinstance(doc, dict):
        return "response is not a JSON object"
    if doc.get("errors"):
        return f"response has errors: {json.dumps(doc['errors'])[:300]}"
    if doc.get("data") != expected["data"]:
        return "data differs from the expected response"
    return None
