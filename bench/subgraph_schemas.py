"""Executable federated schemas for the four benchmark subgraphs (graphql-core).

Each subgraph's SDL from the shared bench data gets the federation definitions a subgraph
library adds (``_Any``, ``_Entity``, ``_entities``, ``_service``) and resolvers over data.json.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLObjectType, GraphQLSchema, GraphQLUnionType, build_schema, parse
from graphql.language import ObjectTypeDefinitionNode, ObjectTypeExtensionNode

from bench.dataset import Dataset, subgraph_sdl

_FEDERATION_DEFINITIONS = """
scalar _Any
scalar FieldSet
scalar link__Import
enum link__Purpose { SECURITY EXECUTION }
directive @link(url: String!, as: String, for: link__Purpose, import: [link__Import])
  repeatable on SCHEMA
directive @key(fields: FieldSet!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE
directive @shareable repeatable on OBJECT | FIELD_DEFINITION
directive @external on OBJECT | FIELD_DEFINITION
directive @requires(fields: FieldSet!) on FIELD_DEFINITION
directive @provides(fields: FieldSet!) on FIELD_DEFINITION
type _Service { sdl: String }
"""

Row = dict[str, Any]
EntityResolver = Callable[[Row], Row | None]


def entity_type_names(sdl: str) -> list[str]:
    """Object types carrying ``@key`` in ``sdl``, in document order."""
    names: list[str] = []
    for node in parse(sdl).definitions:
        if isinstance(node, ObjectTypeDefinitionNode | ObjectTypeExtensionNode) and any(
            d.name.value == "key" for d in node.directives or ()
        ):
            names.append(node.name.value)
    return names


def federated_sdl(sdl: str) -> str:
    """``sdl`` plus the federation definitions, ``_Entity`` and the two root fields."""
    entities = entity_type_names(sdl)
    has_query = any(
        isinstance(n, ObjectTypeDefinitionNode) and n.name.value == "Query"
        for n in parse(sdl).definitions
    )
    root = "extend type Query" if has_query else "type Query"
    return "\n".join(
        [
            sdl,
            _FEDERATION_DEFINITIONS,
            f"union _Entity = {' | '.join(entities)}",
            f"{root} {{ _entities(representations: [_Any!]!): [_Entity]! _service: _Service! }}",
        ]
    )


def _typed(typename: str, row: Row | None) -> Row | None:
    return None if row is None else {**row, "__typename": typename}


def _resolvers(
    name: str, ds: Dataset
) -> tuple[dict[str, EntityResolver], dict[str, Callable[..., Any]]]:
    """(entity resolvers by type, field resolvers by ``Type.field``) for one subgraph."""
    fields: dict[str, Callable[..., Any]] = {}
    entities: dict[str, EntityResolver] = {}
    if name == "accounts":
        fields["Query.me"] = lambda _o, _i: ds.users[0]
        fields["Query.user"] = lambda _o, _i, id: ds.users_by_id.get(id)
        fields["Query.users"] = lambda _o, _i: ds.users
        entities["User"] = lambda rep: ds.users_by_id.get(rep["id"])
    elif name == "products":
        fields["Query.topProducts"] = lambda _o, _i, first=5: ds.top_products(first)
        entities["Product"] = lambda rep: ds.products_by_upc.get(rep["upc"])
    elif name == "inventory":
        # shippingEstimate stays null: the reference subgraph ignores the required fields.
        entities["Product"] = lambda rep: (
            {"upc": rep["upc"], "inStock": ds.in_stock[rep["upc"]], "shippingEstimate": None}
            if rep["upc"] in ds.in_stock
            else None
        )
    elif name == "reviews":
        fields["Review.product"] = lambda review, _i: {"upc": review["productUpc"]}
        fields["Review.author"] = lambda review, _i: ds.author_of(review)
        fields["User.reviews"] = lambda user, _i: ds.reviews_of_user(user["id"])
        fields["Product.reviews"] = lambda product, _i: ds.reviews_of_product(product["upc"])
        entities["Review"] = lambda rep: ds.reviews_by_id.get(rep["id"])
        entities["User"] = lambda rep: {"id": rep["id"]}
        entities["Product"] = lambda rep: {"upc": rep["upc"]}
    else:
        raise ValueError(f"unknown benchmark subgraph {name!r}")
    return entities, fields


def build_subgraph_schema(name: str, ds: Dataset, sdl: str | None = None) -> GraphQLSchema:
    """The executable schema of benchmark subgraph ``name``.

    Raises:
        ValueError: ``name`` is not one of the four benchmark subgraphs.
    """
    sdl = subgraph_sdl(name) if sdl is None else sdl
    entities, fields = _resolvers(name, ds)
    schema = build_schema(federated_sdl(sdl))

    def resolve_entities(_obj: Any, _info: Any, representations: list[Row]) -> list[Row | None]:
        out: list[Row | None] = []
        for rep in representations:
            typename = rep.get("__typename")
            if not isinstance(typename, str) or typename not in entities:
                out.append(None)
                continue
            out.append(_typed(typename, entities[typename](rep)))
        return out

    fields["Query._entities"] = resolve_entities
    fields["Query._service"] = lambda _o, _i: {"sdl": sdl}
    for path, resolver in fields.items():
        type_name, field_name = path.split(".")
        owner = schema.get_type(type_name)
        assert isinstance(owner, GraphQLObjectType), path
        owner.fields[field_name].resolve = resolver
    entity_union = schema.get_type("_Entity")
    assert isinstance(entity_union, GraphQLUnionType)
    entity_union.resolve_type = lambda obj, _info, _type: obj["__typename"]
    return schema
