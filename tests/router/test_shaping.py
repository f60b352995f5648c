"""Response shaping: the fast path (no path tracking) agrees with the exact shaper."""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    build_schema,
    is_abstract_type,
    is_leaf_type,
    parse,
)
from graphql.language import ast
from hypothesis import given, settings
from hypothesis import strategies as st

from router.normalize import normalize_selections
from router.shaping import ResponseShape

SDL = """
interface Node { id: ID! }
type User implements Node {
  id: ID! name: String tags: [String!] friends: [User] best: User! score: Int!
  kind: Kind kinds: [Kind!] mainKind: Kind!
}
type Post implements Node { id: ID! title: String! author: User matrix: [[Int]] }
type Secret implements Node { id: ID! }
enum Kind { A B HIDDEN }
union Item = User | Post | Secret
type Query { me: User items: [Item!]! node: Node post: Post! maybe: [Item] }
"""
SCHEMA = build_schema(SDL)
# The client's schema: what @inaccessible hides from the supergraph above is gone.
API = build_schema(
    SDL.replace(" HIDDEN", "")
    .replace(" | Secret", "")
    .replace("type Secret implements Node { id: ID! }", "")
)
QUERY = """
query Q($a: Boolean!) {
  me {
    id name tags friends { id ... on User { name } } best { id nick: name score }
    kind kinds mainKind
  }
  maybe { ... on User { id kind } ... on Post { id } }
  items {
    __typename
    ... on User { id tags }
    ... on Post { title author @include(if: $a) { name score } matrix }
  }
  node { id ... on Post { title } }
  post { id2: id id author { best { tags } } }
}
"""
# Response keys that are aliases, per type, and the type of the field they alias.
ALIASES = {"User": {"nick": "name"}, "Post": {"id2": "id"}}


def _shape() -> ResponseShape:
    doc = parse(QUERY)
    op = doc.definitions[0]
    assert isinstance(op, ast.OperationDefinitionNode)
    root = SCHEMA.query_type
    assert root is not None
    return ResponseShape(SCHEMA, "Query", normalize_selections(SCHEMA, root, op, {}), API)


def _value(rng: random.Random, t: GraphQLOutputType, depth: int, clean: bool) -> Any:
    """A merged-data value for type ``t``: mostly right; unless ``clean``, sometimes null
    or of the wrong kind."""
    if isinstance(t, GraphQLNonNull):
        if not clean and rng.random() < 0.05:
            return None
        if depth > 8 and not is_leaf_type(t.of_type):
            # Below what the query selects: an object whose fields are never read.
            return {"__typename": "User"} if not isinstance(t.of_type, GraphQLList) else []
        return _value(rng, t.of_type, min(depth, 9), clean)
    if not clean:
        r = rng.random()
        if r < 0.1:
            return None
        if r < 0.13:
            return rng.choice(["x", 1, [], {}])
    if depth > 8 and not is_leaf_type(t):
        return None
    if isinstance(t, GraphQLList):
        return [_value(rng, t.of_type, depth + 1, clean) for _ in range(rng.randint(0, 3))]
    if isinstance(t, GraphQLEnumType):
        return rng.choice(["A", "B"] if clean else ["A", "B", "HIDDEN"])
    if is_leaf_type(t):
        return rng.choice(["a", "b", "7"]) if t.name in ("String", "ID") else rng.randint(0, 9)  # type: ignore[attr-defined]
    if is_abstract_type(t):
        members = SCHEMA.get_possible_types(t)  # type: ignore[arg-type]
        if clean:
            members = [m for m in members if m.name != "Secret"]
        member = rng.choice(members)
        obj = _object(rng, member, depth, clean)
        if not clean and rng.random() < 0.1:
            del obj["__typename"]
        return obj
    assert isinstance(t, GraphQLObjectType)
    return _object(rng, t, depth, clean)


def _object(rng: random.Random, t: GraphQLObjectType, depth: int, clean: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"__typename": t.name}
    keys = {name: name for name in t.fields} | ALIASES.get(t.name, {})
    for key, name in keys.items():
        if not clean and rng.random() < 0.05:
            continue  # the field never arrived
        out[key] = _value(rng, t.fields[name].type, depth + 1, clean)
    return out


def _data(seed: int, clean: bool) -> dict[str, Any]:
    query = SCHEMA.query_type
    assert query is not None
    return _object(random.Random(seed), query, 0, clean)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1), st.booleans())
def test_fast_path_equals_exact_shaping(seed: int, a: bool) -> None:
    shape = _shape()
    data = _data(seed, clean=False)
    variables = {"a": a}
    fast_errors: list[dict[str, Any]] = []
    exact_errors: list[dict[str, Any]] = []
    fast = shape.shape(copy.deepcopy(data), variables, fast_errors)
    exact = shape.shape_exact(copy.deepcopy(data), variables, exact_errors)
    assert fast == exact
    assert fast_errors == exact_errors


@pytest.mark.parametrize("seed", range(20))
def test_well_formed_data_never_needs_the_exact_shaper(seed: int) -> None:
    shape = _shape()
    data = _data(seed, clean=True)
    expected = shape.shape_exact(copy.deepcopy(data), {"a": True}, [])

    def exact(*_: object) -> None:
        raise AssertionError("fell back to the exact shaper")

    shape.shape_exact = exact  # type: ignore[method-assign]
    errors: list[dict[str, Any]] = []
    assert shape.shape(data, {"a": True}, errors) == expected
    assert errors == []
    # Only the client's keys, in the client's order: aliases and __typename included.
    assert list(expected) == ["me", "maybe", "items", "node", "post"]
    assert list(expected["post"]) == ["id2", "id", "author"]


def test_values_the_api_schema_hides_shape_to_null() -> None:
    shape = _shape()
    me = {
        "__typename": "User",
        "id": "1",
        "name": None,
        "tags": None,
        "friends": None,
        "best": {"__typename": "User", "id": "2", "nick": "n", "score": 1},
        "kind": "HIDDEN",
        "kinds": ["A", "HIDDEN"],
        "mainKind": "A",
    }
    data = {
        "me": me,
        "maybe": [
            {"__typename": "Secret", "id": "s"},
            {"__typename": "User", "id": "3", "kind": "B"},
        ],
        "items": [],
        "node": {"__typename": "Secret", "id": "s"},
        "post": {"__typename": "Post", "id2": "p", "id": "p", "author": None},
    }
    errors: list[dict[str, Any]] = []
    out = shape.shape(copy.deepcopy(data), {"a": False}, errors)
    assert out["me"]["kind"] is None
    assert out["me"]["kinds"] is None  # [Kind!]: the hidden item nulls the list
    assert out["maybe"] == [None, {"id": "3", "kind": "B"}]
    assert out["node"] is None
    assert errors == [
        {
            "message": "Cannot return null for non-nullable field User.kinds.",
            "path": ["me", "kinds", 1],
            "extensions": {"code": "RESPONSE_VALIDATION_FAILED"},
        }
    ]
    # A hidden value in a non-null position nulls the parent, and says why.
    errors = []
    data["me"] = me | {"mainKind": "HIDDEN"}
    assert shape.shape(copy.deepcopy(data), {"a": False}, errors)["me"] is None
    assert [e["path"] for e in errors] == [["me", "kinds", 1], ["me", "mainKind"]]
