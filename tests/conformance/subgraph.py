"""Data-driven test subgraphs: a federation SDL plus JSON data becomes an executable schema.

Data format (JSON)::

    {"Query": {"me": {"$ref": ["User", {"id": "1"}]}, "user": {"$args": [
         {"args": {"id": "1"}, "value": {"$ref": ["User", {"id": "1"}]}}]}},
     "Mutation": {...},
     "entities": {"User": [{"id": "1", "name": "Ada", "echo": {"$rep": "weight"}}]}}

Markers:

- ``$ref`` points to an entity record of this subgraph; a record's ``$match`` object, when
  present, is what references and representations are matched against (keys with object
  lists, keys that are a subset of the record).
- ``$args`` picks a value by arguments (entity fields with arguments see the representation).
- ``$rep`` copies a field of the ``_entities`` representation (to observe ``@requires``); with
  ``$prefix``/``$suffix`` (add text), ``$not`` (negate) or ``$gt`` (compare) it derives a
  value and fails when the representation lacks the field, unless ``$missing`` gives the value
  for that case. ``{"$needs": [paths], "$value": v}`` is ``v`` when the representation has
  every path, else an error (a computed ``@requires`` result given as data).
- ``$error`` makes the field raise with that message (``$code`` adds ``extensions.code``).
- ``__typename`` on records of abstract types.
- ``$header`` returns a request header (the context holds ``headers``).
- ``$counter`` ("add" or "mul") applies the field's ``n`` argument to a counter named by its
  ``ns`` argument and returns the new value ("get" only reads it; ``$n``/``$ns`` name other
  arguments). Counters are shared by every subgraph of the process, so mutation order across
  subgraphs is observable.
- ``$echo`` returns the field's coerced arguments as sorted JSON (what a subgraph received).
- A top-level ``$http`` (``{"status", "body"}``) makes the server answer every request with
  that raw response; a top-level ``$executes`` adds SDL to the executable schema that the
  published SDL lacks (resolvers returning types the subgraph does not declare).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLResolveInfo,
    GraphQLSchema,
    GraphQLUnionType,
    build_ast_schema,
    graphql,
    parse,
)
from graphql.language import ast

__all__ = ["InMemoryClient", "build_subgraph_schema"]

_FED_EXTRA = """
scalar _Any
type _Service { sdl: String }
"""


def _keys(doc: ast.DocumentNode) -> dict[str, list[str]]:
    keys: dict[str, list[str]] = {}
    for d in doc.definitions:
        if isinstance(
            d,
            ast.ObjectTypeDefinitionNode
            | ast.ObjectTypeExtensionNode
            | ast.InterfaceTypeDefinitionNode
            | ast.InterfaceTypeExtensionNode,
        ):
            for app in d.directives or ():
                if app.name.value in ("key", "federation__key"):
                    keys.setdefault(d.name.value, [])
    return keys


_EXECUTABLE = {
    "QUERY",
    "MUTATION",
    "SUBSCRIPTION",
    "FIELD",
    "FRAGMENT_DEFINITION",
    "FRAGMENT_SPREAD",
    "INLINE_FRAGMENT",
    "VARIABLE_DEFINITION",
}


def _strip(doc: ast.DocumentNode) -> list[ast.DefinitionNode]:
    """Drop directives and schema extensions; turn type extensions into definitions."""
    merged: dict[str, ast.TypeDefinitionNode] = {}
    out: list[ast.DefinitionNode] = []
    ext_map = {
        ast.ObjectTypeExtensionNode: ast.ObjectTypeDefinitionNode,
        ast.InterfaceTypeExtensionNode: ast.InterfaceTypeDefinitionNode,
        ast.UnionTypeExtensionNode: ast.UnionTypeDefinitionNode,
        ast.EnumTypeExtensionNode: ast.EnumTypeDefinitionNode,
        ast.InputObjectTypeExtensionNode: ast.InputObjectTypeDefinitionNode,
        ast.ScalarTypeExtensionNode: ast.ScalarTypeDefinitionNode,
    }

    def clean(node: Any) -> Any:
        kw = {k: getattr(node, k) for k in node.keys if k != "loc"}
        if "directives" in kw:
            kw["directives"] = ()
        for k in ("fields", "values", "arguments"):
            if kw.get(k):
                kw[k] = tuple(clean(x) for x in kw[k])
        return type(node)(**kw)

    for d in doc.definitions:
        if isinstance(d, ast.SchemaDefinitionNode | ast.SchemaExtensionNode):
            continue
        if isinstance(d, ast.DirectiveDefinitionNode):
            # Executable directives (on operations) stay: the subgraph validates their use.
            if d.locations and all(loc.value in _EXECUTABLE for loc in d.locations):
                out.append(d)
            continue
        if type(d) in ext_map:
            kw = {k: getattr(d, k) for k in d.keys if k != "loc"}
            d = ext_map[type(d)](**kw)
        if isinstance(d, ast.TypeDefinitionNode):
            d = clean(d)
            prev = merged.get(d.name.value)
            if prev is not None and hasattr(prev, "fields"):
                kw = {k: getattr(prev, k) for k in prev.keys if k != "loc"}
                kw["fields"] = tuple(prev.fields or ()) + tuple(getattr(d, "fields", ()) or ())
                merged[d.name.value] = type(prev)(**kw)
                continue
            merged[d.name.value] = d
            continue
        out.append(d)
    return out + list(merged.values())


COUNTERS: defaultdict[str, int] = defaultdict(int)


def _special(value: Any, info: GraphQLResolveInfo, args: dict[str, Any]) -> Any:
    """``$header`` and ``$counter`` values (need the request context or arguments)."""
    if "$echo" in value:
        return json.dumps(args, sort_keys=True)
    if "$header" in value:
        headers = info.context.get("headers", {}) if isinstance(info.context, dict) else {}
        return headers.get(value["$header"])
    ns = args[value.get("$ns", "ns")]
    op = value["$counter"]
    if op != "get":
        n = args[value.get("$n", "n")]
        COUNTERS[ns] = COUNTERS[ns] + n if op == "add" else COUNTERS[ns] * n
    return COUNTERS[ns]


class _Data:
    def __init__(self, data: dict[str, Any], abstract: dict[str, set[str]]) -> None:
        self.data = data
        self.entities: dict[str, list[dict[str, Any]]] = data.get("entities", {})
        self.abstract = abstract

    def find(self, typename: str, match: dict[str, Any]) -> dict[str, Any] | None:
        tables = [typename]
        if typename not in self.entities and typename in self.abstract:
            tables = [t for t in self.entities if t in self.abstract[typename]]
        # An entity interface (no table of its own) is looked up in its implementations.
        for table in tables:
            for rec in self.entities.get(table, []):
                fields = rec.get("$match", rec)
                if all(fields.get(k) == v for k, v in match.items()):
                    return {"__typename": table, **rec}
        return None

    def resolve(self, value: Any, rep: dict[str, Any] | None = None) -> Any:
        if isinstance(value, list):
            return [self.resolve(v, rep) for v in value]
        if isinstance(value, dict):
            if "$ref" in value:
                typename, match = value["$ref"]
                return self.find(typename, match)
            if "$args" in value and rep is not None:
                # Entity fields with arguments see the representation too.
                cases = [{**c, "value": self.resolve(c["value"], rep)} for c in value["$args"]]
                return {"$args": cases}
            if "$rep" in value:
                return _derive(_rep_path(rep, value["$rep"]), value)
            if "$needs" in value:
                lacking = [p for p in value["$needs"] if _rep_path(rep, p) is None]
                if lacking:
                    return GraphQLError(f"representation lacks {', '.join(lacking)}")
                return value["$value"]
            if "$error" in value:
                ext = {"code": value["$code"]} if "$code" in value else None
                return GraphQLError(value["$error"], extensions=ext)
        return value


def _rep_path(rep: dict[str, Any] | None, path: str) -> Any:
    cur: Any = rep or {}
    for step in path.split("."):
        cur = cur.get(step) if isinstance(cur, dict) else None
    return cur


def _derive(cur: Any, value: dict[str, Any]) -> Any:
    """A ``$rep`` value, transformed by ``$prefix``/``$suffix``/``$not``/``$gt`` when given."""
    ops = {"$prefix", "$suffix", "$not", "$gt"} & value.keys()
    if not ops:
        return cur
    if not isinstance(cur, str | int | float):
        if "$missing" in value:
            return value["$missing"]
        return GraphQLError(f"representation lacks {value['$rep']}")
    if {"$prefix", "$suffix"} & ops:
        return f"{value.get('$prefix', '')}{cur}{value.get('$suffix', '')}"
    if "$not" in value:
        return not cur
    return cur > value["$gt"]


def build_subgraph_schema(sdl: str, data: dict[str, Any]) -> GraphQLSchema:
    """An executable schema for a federation subgraph SDL over in-memory JSON data."""
    # ``$executes``: SDL the subgraph executes with beyond what it publishes (a subgraph whose
    # resolvers return types its published schema does not declare).
    doc = parse(sdl + "\n" + data.get("$executes", ""))
    keys = _keys(doc)
    defs = _strip(doc)
    names = {d.name.value for d in defs if isinstance(d, ast.TypeDefinitionNode)}
    extra = _FED_EXTRA
    entity_types = [
        k
        for k in keys
        if k in names
        and any(isinstance(d, ast.ObjectTypeDefinitionNode) and d.name.value == k for d in defs)
    ]
    if entity_types:
        extra += "union _Entity = " + " | ".join(entity_types) + "\n"
    query_fields = "_service: _Service!"
    if entity_types:
        query_fields += "\n_entities(representations: [_Any!]!): [_Entity]!"
    if "Query" in names:
        extra += "extend type Query {" + query_fields + "}"
    else:
        extra += "type Query {" + query_fields + "}"
    full = ast.DocumentNode(definitions=tuple(defs) + parse(extra).definitions)
    schema = build_ast_schema(full)
    abstract = {
        n: {o.name for o in schema.get_possible_types(t)}
        for n, t in schema.type_map.items()
        if isinstance(t, GraphQLInterfaceType | GraphQLUnionType)
    }
    store = _Data(data, abstract)

    def default_resolver(obj: Any, info: GraphQLResolveInfo, **args: Any) -> Any:
        parent = info.parent_type.name
        if obj is None and parent in ("Query", "Mutation"):
            root = data.get(parent, {})
            if info.field_name == "_entities":
                out = []
                for rep in args["representations"]:
                    match = {k: v for k, v in rep.items() if k != "__typename"}
                    rec = store.find(rep["__typename"], _key_part(rep["__typename"], match, store))
                    if rec is not None:
                        rec = {k: store.resolve(v, rep) for k, v in rec.items()}
                    out.append(rec)
                return out
            if info.field_name == "_service":
                return {"sdl": sdl}
            value = root.get(info.field_name)
        elif isinstance(obj, dict):
            value = obj.get(info.field_name)
        else:
            return None
        if isinstance(value, dict) and "$args" in value:
            value = next((c["value"] for c in value["$args"] if c.get("args", {}) == args), None)
        if isinstance(value, dict) and ({"$header", "$counter", "$echo"} & value.keys()):
            return _special(value, info, args)
        result = store.resolve(value)
        if isinstance(result, GraphQLError):
            raise result
        return result

    def type_resolver(value: Any, info: GraphQLResolveInfo, abstract_type: Any) -> Any:
        return value.get("__typename") if isinstance(value, dict) else None

    for t in schema.type_map.values():
        if hasattr(t, "resolve_type") and not t.name.startswith("__"):
            t.resolve_type = type_resolver
    schema.default_field_resolver = default_resolver  # type: ignore[attr-defined]
    return schema


def _key_part(typename: str, match: dict[str, Any], store: _Data) -> dict[str, Any]:
    """Match a representation on the record fields it shares (keys; required fields differ)."""
    recs = store.entities.get(typename, [])
    if not recs:
        return match
    sample = recs[0].get("$match", recs[0])
    return {k: v for k, v in match.items() if k in sample and not _marker(sample[k])}


def _marker(value: Any) -> bool:
    """A ``$rep``/``$error``/... value: computed, never part of an entity's key."""
    return isinstance(value, dict) and any(k.startswith("$") for k in value)


class InMemoryClient:
    """A ``SubgraphClient`` executing requests in process; records every request."""

    def __init__(self, schemas: dict[str, GraphQLSchema], down: set[str] | None = None) -> None:
        self.schemas = schemas
        self.down = down or set()
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.headers: list[tuple[str, dict[str, str]]] = []

    async def request(
        self,
        service: str,
        url: str,
        payload: dict[str, Any],
        headers: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        from router.client import SubgraphRequestError

        self.requests.append((service, payload))
        self.headers.append((service, dict(headers or {})))
        if service in self.down:
            raise SubgraphRequestError("connection refused")
        schema = self.schemas[service]
        result = await graphql(
            schema,
            payload["query"],
            variable_values=payload.get("variables"),
            operation_name=payload.get("operationName"),
            field_resolver=schema.default_field_resolver,  # type: ignore[attr-defined]
        )
        return result.formatted  # type: ignore[return-value]
