"""Type reference rules for schema changes: covariant outputs, contravariant inputs, usage."""

from __future__ import annotations

from graphql import (
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLType,
    get_named_type,
)


def safe_output_change(old: GraphQLType, new: GraphQLType) -> bool:
    """True when every value of ``new`` is a valid value of ``old`` (clients reading a field
    typed ``old`` still understand it): ``String`` -> ``String!`` is safe, the reverse is not."""
    if isinstance(new, GraphQLNonNull):
        inner_old = old.of_type if isinstance(old, GraphQLNonNull) else old
        return safe_output_change(inner_old, new.of_type)
    if isinstance(old, GraphQLNonNull):
        return False
    if isinstance(old, GraphQLList):
        return isinstance(new, GraphQLList) and safe_output_change(old.of_type, new.of_type)
    if isinstance(new, GraphQLList):
        return False
    return _same_named(old, new)


def safe_input_change(old: GraphQLType, new: GraphQLType) -> bool:
    """True when every value clients could send for ``old`` is accepted by ``new``:
    ``String!`` -> ``String`` is safe, ``String`` -> ``String!`` is not."""
    if isinstance(old, GraphQLNonNull):
        inner_new = new.of_type if isinstance(new, GraphQLNonNull) else new
        return safe_input_change(old.of_type, inner_new)
    if isinstance(new, GraphQLNonNull):
        return False
    if isinstance(old, GraphQLList):
        return isinstance(new, GraphQLList) and safe_input_change(old.of_type, new.of_type)
    if isinstance(new, GraphQLList):
        return False
    return _same_named(old, new)


def _same_named(old: GraphQLType, new: GraphQLType) -> bool:
    return (
        isinstance(old, GraphQLNamedType)
        and isinstance(new, GraphQLNamedType)
        and (old.name == new.name)
    )


def output_type_names(schema: GraphQLSchema) -> frozenset[str]:
    """Names of the types some object or interface field returns (directly or in lists)."""
    names: set[str] = set()
    for t in schema.type_map.values():
        if isinstance(t, GraphQLObjectType | GraphQLInterfaceType) and not t.name.startswith("__"):
            names.update(get_named_type(f.type).name for f in t.fields.values())
    return frozenset(names)


def is_required_input(type_: GraphQLType, has_default: bool) -> bool:
    """A non-null argument or input field without a default must be given by clients."""
    return isinstance(type_, GraphQLNonNull) and not has_default
