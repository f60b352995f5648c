"""Classify the differences between two API schemas as breaking, dangerous or safe.

The rules follow the GraphOS schema check classification: removals and incompatible type
changes break clients; changed defaults and new possible values of output types may surprise
them; additions, compatible type changes, deprecations and descriptions are safe.

DIVERGENCE: GraphOS decides whether a potentially breaking change matters from the operations
clients actually sent; without usage data every potentially breaking change counts here. New
union members, new interface implementations and new values of enums returned by fields are
dangerous (clients switching on them may not handle the new case), as graphql-js rates them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from graphql import (
    GraphQLArgument,
    GraphQLDirective,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    is_specified_directive,
    is_specified_scalar_type,
    print_ast,
)
from graphql.utilities.get_default_value_ast import get_default_value_ast
from graphql.utilities.sort_value_node import sort_value_node

from composer.changes.model import ChangeCode, Level, SchemaChange
from composer.changes.types import (
    is_required_input,
    output_type_names,
    safe_input_change,
    safe_output_change,
)

C = ChangeCode
Emit = Callable[[Level, ChangeCode, str, str], None]


def diff_schemas(old: GraphQLSchema, new: GraphQLSchema) -> list[SchemaChange]:
    """Every change from ``old`` to ``new``, most severe first, then by coordinate.

    Args:
        old: the schema clients use today (an API schema).
        new: the proposed API schema.

    Returns:
        The classified changes, in a deterministic order.
    """
    changes: list[SchemaChange] = []

    def emit(level: Level, code: ChangeCode, coordinate: str, message: str) -> None:
        changes.append(SchemaChange(level, code, coordinate, message))

    _diff_roots(old, new, emit)
    old_types, new_types = _user_types(old), _user_types(new)
    outputs = output_type_names(new)
    for name in sorted(old_types.keys() - new_types.keys()):
        emit(Level.BREAKING, C.TYPE_REMOVED, name, f"Type `{name}` was removed")
    for name in sorted(new_types.keys() - old_types.keys()):
        emit(Level.SAFE, C.TYPE_ADDED, name, f"Type `{name}` was added")
    for name in sorted(old_types.keys() & new_types.keys()):
        _diff_type(old_types[name], new_types[name], name in outputs, emit)
    _diff_directives(old, new, emit)
    return sorted(changes, key=SchemaChange.sort_key)


def _user_types(schema: GraphQLSchema) -> dict[str, GraphQLNamedType]:
    return {
        n: t
        for n, t in schema.type_map.items()
        if not n.startswith("__") and not is_specified_scalar_type(t)
    }


def _kind(t: GraphQLNamedType) -> str:
    return type(t).__name__.removeprefix("GraphQL").removesuffix("Type").upper()


_ROOTS = ("query", "mutation", "subscription")


def _diff_roots(old: GraphQLSchema, new: GraphQLSchema, emit: Emit) -> None:
    for op in _ROOTS:
        was = getattr(old, f"{op}_type") is not None
        now = getattr(new, f"{op}_type") is not None
        if was and not now:
            emit(Level.BREAKING, C.ROOT_OPERATION_REMOVED, "schema", f"`{op}` operations removed")
        elif now and not was:
            emit(Level.SAFE, C.ROOT_OPERATION_ADDED, "schema", f"`{op}` operations added")


def _diff_type(old: GraphQLNamedType, new: GraphQLNamedType, is_output: bool, emit: Emit) -> None:
    name = old.name
    if type(old) is not type(new):
        emit(
            Level.BREAKING,
            C.TYPE_CHANGED_KIND,
            name,
            f"`{name}` changed from {_kind(old).lower()} to {_kind(new).lower()}",
        )
        return
    _diff_description(old.description, new.description, name, emit)
    if isinstance(old, GraphQLObjectType | GraphQLInterfaceType):
        assert isinstance(new, GraphQLObjectType | GraphQLInterfaceType)
        _diff_implements(old, new, emit)
        _diff_fields(name, old.fields, new.fields, emit)
    elif isinstance(old, GraphQLInputObjectType):
        assert isinstance(new, GraphQLInputObjectType)
        _diff_input_fields(name, old.fields, new.fields, emit)
    elif isinstance(old, GraphQLEnumType):
        assert isinstance(new, GraphQLEnumType)
        _diff_enum(old, new, is_output, emit)
    elif isinstance(old, GraphQLUnionType):
        assert isinstance(new, GraphQLUnionType)
        _diff_union(old, new, emit)


def _diff_implements(
    old: GraphQLObjectType | GraphQLInterfaceType,
    new: GraphQLObjectType | GraphQLInterfaceType,
    emit: Emit,
) -> None:
    was = {i.name for i in old.interfaces}
    now = {i.name for i in new.interfaces}
    for i in sorted(was - now):
        msg = f"`{old.name}` no longer implements interface `{i}`"
        emit(Level.BREAKING, C.TYPE_REMOVED_FROM_INTERFACE, old.name, msg)
    for i in sorted(now - was):
        # Fields typed `i` may now return `old.name`: clients switching on __typename see it.
        msg = f"`{old.name}` now implements interface `{i}`"
        emit(Level.DANGEROUS, C.TYPE_ADDED_TO_INTERFACE, old.name, msg)


def _diff_fields(
    type_name: str,
    old: Mapping[str, GraphQLField],
    new: Mapping[str, GraphQLField],
    emit: Emit,
) -> None:
    for f in sorted(old.keys() - new.keys()):
        coord = f"{type_name}.{f}"
        emit(Level.BREAKING, C.FIELD_REMOVED, coord, f"Field `{coord}` was removed")
    for f in sorted(new.keys() - old.keys()):
        coord = f"{type_name}.{f}"
        emit(Level.SAFE, C.FIELD_ADDED, coord, f"Field `{coord}` was added")
    for f in sorted(old.keys() & new.keys()):
        coord = f"{type_name}.{f}"
        before, after = old[f], new[f]
        if str(before.type) != str(after.type):
            safe = safe_output_change(before.type, after.type)
            emit(
                Level.SAFE if safe else Level.BREAKING,
                C.FIELD_CHANGED_TYPE,
                coord,
                f"Field `{coord}` changed type from `{before.type}` to `{after.type}`",
            )
        _diff_args(coord, before.args, after.args, emit)
        _diff_deprecation(before.deprecation_reason, after.deprecation_reason, coord, _FIELD, emit)
        _diff_description(before.description, after.description, coord, emit)


@dataclass(frozen=True, slots=True)
class _InputValueWords:
    """How changes to one kind of input value (argument or input field) are named."""

    noun: str  # "Argument" / "Input field"
    removed: ChangeCode
    required_added: ChangeCode
    optional_added: ChangeCode
    changed_type: ChangeCode
    default_changed: ChangeCode
    deprecation: tuple[ChangeCode, ChangeCode, ChangeCode]


def _diff_input_values(
    old: Mapping[str, GraphQLArgument | GraphQLInputField],
    new: Mapping[str, GraphQLArgument | GraphQLInputField],
    coord_of: Callable[[str], str],
    w: _InputValueWords,
    emit: Emit,
) -> None:
    """Arguments and input fields change the same way; only their names and codes differ."""
    lower = w.noun[0].lower() + w.noun[1:]
    for n in sorted(old.keys() - new.keys()):
        coord = coord_of(n)
        emit(Level.BREAKING, w.removed, coord, f"{w.noun} `{coord}` was removed")
    for n in sorted(new.keys() - old.keys()):
        coord = coord_of(n)
        value = new[n]
        if is_required_input(value.type, _has_default(value)):
            msg = f"Required {lower} `{coord}` of type `{value.type}` was added"
            emit(Level.BREAKING, w.required_added, coord, msg)
        else:
            msg = f"Optional {lower} `{coord}` of type `{value.type}` was added"
            emit(Level.SAFE, w.optional_added, coord, msg)
    for n in sorted(old.keys() & new.keys()):
        coord = coord_of(n)
        before, after = old[n], new[n]
        if str(before.type) != str(after.type):
            safe = safe_input_change(before.type, after.type)
            emit(
                Level.SAFE if safe else Level.BREAKING,
                w.changed_type,
                coord,
                f"{w.noun} `{coord}` changed type from `{before.type}` to `{after.type}`",
            )
        _diff_default(before, after, coord, w.default_changed, emit)
        _diff_deprecation(
            before.deprecation_reason, after.deprecation_reason, coord, w.deprecation, emit
        )
        _diff_description(before.description, after.description, coord, emit)


def _diff_args(
    owner: str,
    old: Mapping[str, GraphQLArgument],
    new: Mapping[str, GraphQLArgument],
    emit: Emit,
) -> None:
    _diff_input_values(old, new, lambda a: f"{owner}({a}:)", _ARG_WORDS, emit)


def _diff_input_fields(
    type_name: str,
    old: Mapping[str, GraphQLInputField],
    new: Mapping[str, GraphQLInputField],
    emit: Emit,
) -> None:
    _diff_input_values(old, new, lambda f: f"{type_name}.{f}", _INPUT_FIELD_WORDS, emit)


def _diff_enum(old: GraphQLEnumType, new: GraphQLEnumType, is_output: bool, emit: Emit) -> None:
    for v in sorted(old.values.keys() - new.values.keys()):
        coord = f"{old.name}.{v}"
        emit(Level.BREAKING, C.VALUE_REMOVED_FROM_ENUM, coord, f"Enum value `{coord}` was removed")
    for v in sorted(new.values.keys() - old.values.keys()):
        coord = f"{old.name}.{v}"
        if is_output:
            msg = f"Enum value `{coord}` was added; clients may receive a value they do not know"
            emit(Level.DANGEROUS, C.VALUE_ADDED_TO_ENUM, coord, msg)
        else:
            emit(Level.SAFE, C.VALUE_ADDED_TO_ENUM, coord, f"Enum value `{coord}` was added")
    for v in sorted(old.values.keys() & new.values.keys()):
        coord = f"{old.name}.{v}"
        before, after = old.values[v], new.values[v]
        _diff_deprecation(
            before.deprecation_reason, after.deprecation_reason, coord, _ENUM_VALUE, emit
        )
        _diff_description(before.description, after.description, coord, emit)


def _diff_union(old: GraphQLUnionType, new: GraphQLUnionType, emit: Emit) -> None:
    was = {t.name for t in old.types}
    now = {t.name for t in new.types}
    for t in sorted(was - now):
        msg = f"`{t}` was removed from union `{old.name}`"
        emit(Level.BREAKING, C.TYPE_REMOVED_FROM_UNION, old.name, msg)
    for t in sorted(now - was):
        msg = f"`{t}` was added to union `{old.name}`"
        emit(Level.DANGEROUS, C.TYPE_ADDED_TO_UNION, old.name, msg)


def _diff_directives(old: GraphQLSchema, new: GraphQLSchema, emit: Emit) -> None:
    was = _user_directives(old)
    now = _user_directives(new)
    for d in sorted(was.keys() - now.keys()):
        emit(Level.BREAKING, C.DIRECTIVE_REMOVED, f"@{d}", f"Directive `@{d}` was removed")
    for d in sorted(now.keys() - was.keys()):
        emit(Level.SAFE, C.DIRECTIVE_ADDED, f"@{d}", f"Directive `@{d}` was added")
    for d in sorted(was.keys() & now.keys()):
        before, after = was[d], now[d]
        lost = {loc.name for loc in before.locations} - {loc.name for loc in after.locations}
        for loc in sorted(lost):
            msg = f"Directive `@{d}` can no longer be used on {loc}"
            emit(Level.BREAKING, C.DIRECTIVE_LOCATION_REMOVED, f"@{d}", msg)
        _diff_args(f"@{d}", before.args, after.args, emit)


def _user_directives(schema: GraphQLSchema) -> dict[str, GraphQLDirective]:
    return {d.name: d for d in schema.directives if not is_specified_directive(d)}


def _diff_default(
    before: GraphQLArgument | GraphQLInputField,
    after: GraphQLArgument | GraphQLInputField,
    coord: str,
    code: ChangeCode,
    emit: Emit,
) -> None:
    old_value = _print_default(before)
    new_value = _print_default(after)
    if old_value == new_value:
        return
    if old_value is not None and new_value is None:
        # Without its default, a non-null input must now be given by every client.
        level = (
            Level.BREAKING if is_required_input(after.type, has_default=False) else Level.DANGEROUS
        )
        msg = f"Default value `{old_value}` of `{coord}` was removed"
    elif old_value is None:
        level = Level.DANGEROUS
        msg = f"Default value `{new_value}` was added to `{coord}`"
    else:
        level = Level.DANGEROUS
        msg = f"Default value of `{coord}` changed from `{old_value}` to `{new_value}`"
    emit(level, code, coord, msg)


def _print_default(owner: GraphQLArgument | GraphQLInputField) -> str | None:
    """The default as clients see it in introspection (object fields sorted), or None."""
    node = get_default_value_ast(owner)
    return print_ast(sort_value_node(node)) if node is not None else None


def _has_default(owner: GraphQLArgument | GraphQLInputField) -> bool:
    return _print_default(owner) is not None


_FIELD = (C.FIELD_DEPRECATED, C.FIELD_DEPRECATION_REMOVED, C.FIELD_DEPRECATED_REASON_CHANGE)
_ARG = (C.ARG_DEPRECATED, C.ARG_DEPRECATION_REMOVED, C.ARG_DEPRECATED_REASON_CHANGE)
_ARG_WORDS = _InputValueWords(
    "Argument",
    C.ARG_REMOVED,
    C.REQUIRED_ARG_ADDED,
    C.OPTIONAL_ARG_ADDED,
    C.ARG_CHANGED_TYPE,
    C.ARG_DEFAULT_VALUE_CHANGE,
    _ARG,
)
_INPUT_FIELD_WORDS = _InputValueWords(
    "Input field",
    C.FIELD_REMOVED_FROM_INPUT_OBJECT,
    C.NON_NULLABLE_FIELD_ADDED_TO_INPUT_OBJECT,
    C.NULLABLE_FIELD_ADDED_TO_INPUT_OBJECT,
    C.FIELD_ON_INPUT_OBJECT_CHANGED_TYPE,
    C.INPUT_FIELD_DEFAULT_VALUE_CHANGE,
    _FIELD,
)
_ENUM_VALUE = (
    C.ENUM_VALUE_DEPRECATED,
    C.ENUM_VALUE_DEPRECATION_REMOVED,
    C.ENUM_VALUE_DEPRECATED_REASON_CHANGE,
)


def _diff_deprecation(
    old: str | None,
    new: str | None,
    coord: str,
    codes: tuple[ChangeCode, ChangeCode, ChangeCode],
    emit: Emit,
) -> None:
    added, removed, changed = codes
    if old == new:
        return
    if old is None:
        emit(Level.SAFE, added, coord, f"`{coord}` was deprecated: {new}")
    elif new is None:
        emit(Level.SAFE, removed, coord, f"`{coord}` is no longer deprecated")
    else:
        msg = f"Deprecation reason of `{coord}` changed from {old!r} to {new!r}"
        emit(Level.SAFE, changed, coord, msg)


def _diff_description(old: str | None, new: str | None, coord: str, emit: Emit) -> None:
    if (old or None) != (new or None):
        emit(Level.SAFE, C.DESCRIPTION_CHANGE, coord, f"Description of `{coord}` changed")
