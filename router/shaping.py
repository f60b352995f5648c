"""Response shaping: project merged subgraph data onto the client's selection set.

Field order, aliases, fragments, ``__typename`` and skipped fields follow the request; a null
in a non-null position makes the nearest nullable parent null (GraphQL spec, "Handling Field
Errors") and that null is reported in ``errors`` unless a subgraph error already explains it.
The shaping plan is built once per cached query plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLObjectType,
    GraphQLSchema,
    is_abstract_type,
)
from graphql.type import GraphQLInterfaceType

from router.normalize import Condition, NField, NFragment, NSel
from router.shaping_fast import FastSelection, ObjectShaper, Slow, fast_object, object_shaper
from router.shaping_types import TypeRef, type_ref

__all__ = ["ResponseShape", "TypeRef"]


class _Ctx:
    """Per-response state: the current response path and the errors to report into."""

    __slots__ = ("_explained", "errors", "path", "variables")

    def __init__(self, variables: Mapping[str, Any], errors: list[dict[str, Any]]) -> None:
        self.variables = variables
        self.errors = errors
        self.path: list[str | int] = []
        self._explained: set[tuple[str | int, ...]] | None = None

    def null_in_non_null(self, parent: str, field: str) -> None:
        # DIVERGENCE: @apollo/gateway puts this error in extensions.valueCompletion; the GraphQL
        # spec ("Handling Field Errors") asks for it in ``errors``, as Apollo Router does.
        if self._explained is None:
            self._explained = set()
            for e in self.errors:
                p = e.get("path")
                if isinstance(p, list):
                    self._explained.update(tuple(p[:i]) for i in range(1, len(p) + 1))
        here = tuple(self.path)
        if here in self._explained:
            return
        self._explained.add(here)
        self.errors.append(
            {
                "message": f"Cannot return null for non-nullable field {parent}.{field}.",
                "path": list(here),
                "extensions": {"code": "RESPONSE_VALIDATION_FAILED"},
            }
        )


class _Bubble:
    """Marker: a non-null position got null; the nearest nullable parent becomes null."""


_BUBBLE: _Bubble = _Bubble()


@dataclass(frozen=True, slots=True)
class _Collected:
    key: str
    name: str
    type: TypeRef | None
    selections: tuple[NSel, ...]


def _active(conds: tuple[Condition, ...], variables: Mapping[str, Any]) -> bool:
    return all(bool(variables.get(c.variable)) == c.include for c in conds)


class _SelectionShape:
    """Shaping of one selection set at one parent type, cached per runtime type."""

    __slots__ = ("_cache", "_compiled", "_cond_vars", "owner", "parent", "selections")

    def __init__(self, owner: ResponseShape, parent: str, selections: tuple[NSel, ...]) -> None:
        self.owner = owner
        self.parent = parent
        self.selections = selections
        self._cache: dict[tuple[object, ...], list[tuple[_Collected, _SelectionShape | None]]] = {}
        self._compiled: dict[object, ObjectShaper] = {}
        vars_: set[str] = set()
        self._collect_vars(selections, vars_)
        self._cond_vars = tuple(sorted(vars_))

    def _collect_vars(self, sels: tuple[NSel, ...], out: set[str]) -> None:
        for s in sels:
            out.update(c.variable for c in s.conditions)
            if isinstance(s, NFragment):
                self._collect_vars(s.selections, out)

    def fields(
        self, typename: str, variables: Mapping[str, Any]
    ) -> list[tuple[_Collected, _SelectionShape | None]]:
        key = (typename, *(bool(variables.get(v)) for v in self._cond_vars))
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        grouped: dict[str, list[NField]] = {}
        self._collect(self.selections, typename, variables, grouped)
        out: list[tuple[_Collected, _SelectionShape | None]] = []
        for rkey, occurrences in grouped.items():
            first = occurrences[0]
            sels: tuple[NSel, ...] = ()
            for o in occurrences:
                sels += o.selections or ()
            tref = self.owner.field_type(typename, first.name)
            c = _Collected(rkey, first.name, tref, sels)
            sub = None
            if (
                first.selections is not None
                and tref is not None
                and not first.name.startswith("__")
            ):
                named = tref
                while named.of is not None:
                    named = named.of
                sub = _SelectionShape(self.owner, named.name, sels)
            out.append((c, sub))
        self._cache[key] = out
        return out

    @property
    def conditional(self) -> bool:
        """Whether @skip/@include variables change this selection's fields."""
        return bool(self._cond_vars)

    def compiled(self, typename: str, variables: Mapping[str, Any]) -> ObjectShaper:
        """``fields`` as one function shaping an object of type ``typename`` (fast path)."""
        key: object = typename
        if self._cond_vars:
            key = (typename, *(bool(variables.get(v)) for v in self._cond_vars))
        hit = self._compiled.get(key)
        if hit is not None:
            return hit
        fields: list[tuple[str, str, TypeRef | None, FastSelection | None]] = [
            (c.key, c.name, c.type, sub) for c, sub in self.fields(typename, variables)
        ]
        shaper = object_shaper(fields, typename)
        self._compiled[key] = shaper
        return shaper

    def _collect(
        self,
        sels: tuple[NSel, ...],
        typename: str,
        variables: Mapping[str, Any],
        out: dict[str, list[NField]],
    ) -> None:
        for s in sels:
            if not _active(s.conditions, variables):
                continue
            if isinstance(s, NField):
                out.setdefault(s.response_key, []).append(s)
            elif s.type_condition is None or self.owner.applies(s.type_condition, typename):
                self._collect(s.selections, typename, variables, out)


class ResponseShape:
    """The shaping plan of one operation (built once, used for every response)."""

    def __init__(
        self,
        schema: GraphQLSchema,
        root_type: str,
        selections: tuple[NSel, ...],
        api_schema: GraphQLSchema | None = None,
    ) -> None:
        """``api_schema``: the client-facing schema; enum values and runtime types it hides
        (@inaccessible) shape to null. Without it, every value of ``schema`` is shown."""
        self.schema = schema
        self.api_schema = api_schema
        self.root_type = root_type
        self.root = _SelectionShape(self, root_type, selections)
        self._types: dict[tuple[str, str], TypeRef | None] = {}

    def applies(self, type_condition: str, typename: str) -> bool:
        if type_condition == typename:
            return True
        tc = self.schema.get_type(type_condition)
        ot = self.schema.get_type(typename)
        if not isinstance(ot, GraphQLObjectType) or tc is None or not is_abstract_type(tc):
            return False
        return self.schema.is_sub_type(tc, ot)  # type: ignore[arg-type]

    def field_type(self, parent: str, name: str) -> TypeRef | None:
        key = (parent, name)
        if key not in self._types:
            t = self.schema.get_type(parent)
            ref = None
            if isinstance(t, GraphQLObjectType | GraphQLInterfaceType) and name in t.fields:
                ref = type_ref(t.fields[name].type, self.schema, self.api_schema)
            self._types[key] = ref
        return self._types[key]

    def shape(
        self,
        data: Mapping[str, Any] | None,
        variables: Mapping[str, Any],
        errors: list[dict[str, Any]] | None = None,
    ) -> Any:
        """The client's ``data``: a dict, or None when null reached the root.

        A null in a non-null position that no error in ``errors`` explains (a subgraph returned
        null, or did not resolve an entity) is appended to ``errors``.
        """
        if data is None:
            return None
        if type(data) is dict:
            try:
                return fast_object(self.root, data, self.root_type, variables)
            except Slow:
                pass  # shaped again, with paths, to report and propagate nulls exactly
        return self.shape_exact(data, variables, errors)

    def shape_exact(
        self,
        data: Mapping[str, Any],
        variables: Mapping[str, Any],
        errors: list[dict[str, Any]] | None = None,
    ) -> Any:
        """``shape`` without the fast path: tracks the response path at every field."""
        ctx = _Ctx(variables, errors if errors is not None else [])
        out = self._object(self.root, data, self.root_type, ctx)
        return None if out is _BUBBLE else out

    def _object(
        self,
        shape: _SelectionShape,
        obj: Mapping[str, Any],
        typename: str,
        ctx: _Ctx,
    ) -> dict[str, Any] | _Bubble:
        out: dict[str, Any] = {}
        path = ctx.path
        for c, sub in shape.fields(typename, ctx.variables):
            if c.name == "__typename":
                out[c.key] = typename
                continue
            value = obj.get(c.key)
            if c.name.startswith("__") or c.type is None:
                out[c.key] = value  # introspection, answered by the router itself
                continue
            path.append(c.key)
            r = self._complete(value, c.type, sub, ctx, (typename, c.name))
            path.pop()
            if isinstance(r, _Bubble):
                return r
            out[c.key] = r
        return out

    def _complete(
        self,
        value: Any,
        t: TypeRef,
        sub: _SelectionShape | None,
        ctx: _Ctx,
        where: tuple[str, str],
    ) -> Any:
        """Complete ``value`` at type ``t``; ``where`` (parent type, field) names errors."""
        if t.kind == "nonnull":
            assert t.of is not None
            r = self._complete(value, t.of, sub, ctx, where)
            if r is None:
                # Reported here when the value was null, or hidden by the API schema; a null
                # bubbling up from below was reported where it started.
                if value is None or t.of.allowed is not None:
                    ctx.null_in_non_null(*where)
                return _BUBBLE
            return r
        if value is None:
            return None
        if t.kind == "list":
            assert t.of is not None
            if not isinstance(value, list):
                return None
            items = []
            path = ctx.path
            for i, v in enumerate(value):
                path.append(i)
                r = self._complete(v, t.of, sub, ctx, where)
                path.pop()
                if r is _BUBBLE:
                    return None
                items.append(r)
            return items
        if t.kind == "leaf":
            if t.allowed is not None and not (isinstance(value, str) and value in t.allowed):
                return None  # DIVERGENCE: @apollo/gateway also reports it in valueCompletion
            return value
        if not isinstance(value, dict) or sub is None:
            return None
        typename = value.get("__typename") if t.abstract else t.name
        if not isinstance(typename, str):
            typename = t.name
        elif t.allowed is not None and typename not in t.allowed:
            return None  # the API schema hides this runtime type
        r = self._object(sub, value, typename, ctx)
        return None if r is _BUBBLE else r
