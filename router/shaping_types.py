"""Output types as response shaping sees them: nullability, lists, leaves, composites, and
the enum values and runtime types the API schema hides."""

from __future__ import annotations

from dataclasses import dataclass

from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLOutputType,
    GraphQLSchema,
    is_abstract_type,
    is_composite_type,
)

__all__ = ["TypeRef", "type_ref"]


@dataclass(frozen=True, slots=True)
class TypeRef:
    """An output type: ``kind`` is "nonnull", "list", "leaf" or "composite".

    ``allowed``: when the API schema hides some of them (@inaccessible), the enum values a
    leaf may have, or the runtime types an abstract type may have; anything else is null.
    """

    kind: str
    of: TypeRef | None = None
    name: str = ""
    abstract: bool = False
    allowed: frozenset[str] | None = None


def type_ref(t: GraphQLOutputType, schema: GraphQLSchema, api: GraphQLSchema | None) -> TypeRef:
    if isinstance(t, GraphQLNonNull):
        return TypeRef("nonnull", type_ref(t.of_type, schema, api))
    if isinstance(t, GraphQLList):
        return TypeRef("list", type_ref(t.of_type, schema, api))
    name: str = t.name  # type: ignore[attr-defined]
    visible = api.get_type(name) if api is not None else None
    allowed: frozenset[str] | None = None
    if is_composite_type(t):
        abstract = is_abstract_type(t)
        if api is not None and abstract and visible is not None and is_abstract_type(visible):
            shown = {o.name for o in api.get_possible_types(visible)}  # type: ignore[arg-type]
            if len(shown) < len(schema.get_possible_types(t)):  # type: ignore[arg-type]
                allowed = frozenset(shown)
        return TypeRef("composite", name=name, abstract=abstract, allowed=allowed)
    if (
        isinstance(t, GraphQLEnumType)
        and isinstance(visible, GraphQLEnumType)
        and len(visible.values) < len(t.values)
    ):
        allowed = frozenset(visible.values)
    return TypeRef("leaf", name=name, allowed=allowed)
