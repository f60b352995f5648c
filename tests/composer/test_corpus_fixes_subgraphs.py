"""Composition outcomes pinned to @apollo/composition's: subgraph-level checks, Federation 1
field sets and @external types after the upgrade, and directive argument values (see
test_corpus_fixes.py for the harness).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.composer.test_corpus_fixes import (
    Pinned,
    apollo_outcomes,
    check_apollo,
    check_messages,
    check_ours,
)
from tests.composer.test_differential_cases import Case, Outcome, fed2

_INVALID = ("INVALID_GRAPHQL",)

_FED1_OWNER = (
    'type Query { u: User }\ntype User @key(fields: "id") '
    "{ id: ID! name: String tags(limit: Int): [String] org: Org }\n"
    'type Org @key(fields: "id") { id: ID! n: String }\n'
)
_FED1_USER = 'extend type User @key(fields: "id") { id: ID! @external %s }\n'
_FED1_QUERY = "type Query { u: User }\n"

FED1_FIELD_SETS: Pinned = {
    # Federation 1 field sets are checked once upgraded (lists and unquoted names fixed first)
    "fed1_key_field_with_arguments": (
        [
            (
                "a",
                _FED1_QUERY + 'type User @key(fields: "id tags") '
                "{ id: ID! tags(limit: Int = 10): [String] }\n",
            )
        ],
        ("KEY_FIELDS_HAS_ARGS",),
    ),
    "fed1_key_fields_as_list": (
        [("a", _FED1_QUERY + 'type User @key(fields: ["id", "uuid"]) { id: ID! uuid: ID! }\n')],
        (),
    ),
    "fed1_key_fields_unquoted": (
        [("a", _FED1_QUERY + "type User @key(fields: id) { id: ID! }\n")],
        (),
    ),
    "fed1_key_unknown_field": (
        [("a", _FED1_QUERY + 'type User @key(fields: "nope") { id: ID! }\n')],
        ("KEY_INVALID_FIELDS",),
    ),
    "fed1_requires_unquoted_not_external": (
        [("a", _FED1_OWNER), ("b", _FED1_USER % "x: Int @requires(fields: name)")],
        ("REQUIRES_INVALID_FIELDS",),
    ),
    "fed1_requires_unknown_field": (
        [("a", _FED1_OWNER), ("b", _FED1_USER % 'x: Int @requires(fields: "nope")')],
        ("REQUIRES_INVALID_FIELDS",),
    ),
    "fed1_requires_syntax_error": (
        [
            (
                "a",
                _FED1_OWNER,
            ),
            (
                "b",
                _FED1_USER % 'name: String @external x: Int @requires(fields: "name {")',
            ),
        ],
        ("REQUIRES_INVALID_FIELDS",),
    ),
    "fed1_requires_fields_as_list": (
        [
            ("a", _FED1_OWNER),
            ("b", _FED1_USER % 'name: String @external x: Int @requires(fields: ["name"])'),
        ],
        (),
    ),
    "fed1_provides_composite_without_selection": (
        [
            ("a", _FED1_OWNER),
            (
                "b",
                'type Query { v: User @provides(fields: "org") }\n'
                + _FED1_USER % "org: Org @external"
                + 'extend type Org @key(fields: "id") { id: ID! @external }\n',
            ),
        ],
        ("PROVIDES_INVALID_FIELDS",),
    ),
    "fed1_provides_unknown_field": (
        [
            ("a", _FED1_OWNER),
            ("b", 'type Query { v: User @provides(fields: "nope") }\n' + _FED1_USER % ""),
        ],
        ("PROVIDES_INVALID_FIELDS",),
    ),
    "fed1_provides_field_not_external": (
        [
            ("a", _FED1_OWNER),
            (
                "b",
                'type Query { v: User @provides(fields: "name") }\n' + _FED1_USER % "name: String",
            ),
        ],
        (),
    ),
    # removed by the upgrade: no provides: in the supergraph (the join placements compared)
    "fed1_provides_on_scalar_field": (
        [
            ("a", _FED1_OWNER),
            ("b", 'type Query { v: Int @provides(fields: "name") }\n' + _FED1_USER % ""),
        ],
        (),
    ),
}
_HELLO = (
    fed2("key", "composeDirective", "tag", "override")[:-1]
    + ' @link(url: "https://myspecs.dev/hello/v1.0", import: ["@hello"])'
    + ' @composeDirective(name: "@hello")\n'
)


def _hello(args: str, use: str, extra: str = "") -> Case:
    return [
        (
            "a",
            _HELLO + f"directive @hello({args}) on FIELD_DEFINITION\n{extra}"
            f"type Query {{ words: [String!]! @hello({use}) }}\n",
        )
    ]


_INVALID = ("INVALID_GRAPHQL",)
_P = "input P { a: Int b: String! }\n"

DIRECTIVE_VALUES: Pinned = {
    # applied argument values are checked, read without their types as Apollo reads them
    "value_float_for_int": (_hello("n: Int", "n: 1.5"), _INVALID),
    "value_int_for_float": (_hello("n: Float", "n: 1"), ()),
    "value_boolean_for_string": (_hello("s: String", "s: true"), _INVALID),
    "value_enum_literal_for_string": (_hello("s: String", "s: ABC"), ()),
    "value_string_for_enum": (_hello("e: E", 'e: "A"', "enum E { A B }\n"), ()),
    "value_unknown_enum_value": (_hello("e: E", "e: C", "enum E { A B }\n"), _INVALID),
    "value_int_for_id": (_hello("s: ID", "s: 12"), ()),
    "value_float_for_id": (_hello("s: ID", "s: 1.2"), _INVALID),
    "value_single_item_for_list": (_hello("s: [String]", 's: "x"'), ()),
    "value_bad_list_item": (_hello("s: [Int]", 's: [1, "x"]'), _INVALID),
    "value_input_missing_required_field": (_hello("p: P", "p: {a: 1}", _P), ()),
    "value_input_null_required_field": (_hello("p: P", "p: {a: 1, b: null}", _P), _INVALID),
    "value_input_unknown_field": (_hello("p: P", "p: {c: 1}", _P), _INVALID),
    "value_scalar_for_input": (_hello("p: P", "p: 3", _P), _INVALID),
    "value_anything_for_custom_scalar": (_hello("p: JSON", "p: {x: [1]}", "scalar JSON\n"), ()),
    # falsy values are not checked
    "value_null_for_non_null": (_hello("s: String!", "s: null"), ()),
    "value_false_for_string": (_hello("s: String", "s: false"), ()),
    "value_zero_for_string": (_hello("s: String", "s: 0"), ()),
    "value_one_for_string": (_hello("s: String", "s: 1"), _INVALID),
    # federation and built-in directives too
    "value_tag_name_int": ([("a", _HELLO + "type Query { x: Int @tag(name: 3) }\n")], _INVALID),
    "value_deprecated_reason_int": (
        [("a", _HELLO + "type Query { x: Int @deprecated(reason: 3) }\n")],
        _INVALID,
    ),
    "value_key_redefined_with_input_field_set": (
        [
            (
                "a",
                fed2("key") + "directive @key(fields: FieldSet!, resolvable: Boolean = true) "
                "repeatable on OBJECT | INTERFACE\ninput FieldSet { fields: [String!]! }\n"
                'type User @key(fields: "id") { id: ID! }\ntype Query { u: User }\n',
            )
        ],
        _INVALID,
    ),
    "value_compose_directive_null_name": (
        [
            (
                "a",
                fed2("key", "composeDirective")[:-1]
                + " @composeDirective(name: null)\ntype Query { x: Int }\n",
            )
        ],
        ("DIRECTIVE_COMPOSITION_ERROR",),
    ),
}
_I = "input I { a: Int! b: Int }\n"


def _default(definitions: str) -> Case:
    return [("a", fed2("key") + _I + definitions)]


DEFAULT_VALUES: Pinned = {
    # an input object default may leave out a required field; its values are still checked
    "default_argument_missing_required_field": (
        _default("type Query { f(x: I = {b: 1}): Int }\n"),
        (),
    ),
    "default_argument_empty_object": (_default("type Query { f(x: I = {}): Int }\n"), ()),
    "default_list_item_missing_required_field": (
        _default("type Query { f(x: [I] = [{b: 1}]): Int }\n"),
        (),
    ),
    "default_nested_object_missing_required_field": (
        _default("input J { i: I }\ntype Query { f(x: J = {i: {b: 2}}): Int }\n"),
        (),
    ),
    "default_input_field_missing_required_field": (
        _default("input J { i: I = {b: 2} }\ntype Query { f(x: J): Int }\n"),
        (),
    ),
    "default_directive_argument_missing_required_field": (
        _default("directive @d(x: I = {b: 1}) on FIELD_DEFINITION\ntype Query { f: Int @d }\n"),
        (),
    ),
    "default_missing_required_field_and_wrong_type": (
        _default('type Query { f(x: I = {b: "s"}): Int }\n'),
        _INVALID,
    ),
    "default_unknown_input_field": (
        _default("type Query { f(x: I = {a: 1, c: 1}): Int }\n"),
        _INVALID,
    ),
    "default_null_for_required_field": (
        _default("type Query { f(x: I = {a: null}): Int }\n"),
        _INVALID,
    ),
}
_KEY_BODY = 'type Query { u: User }\ntype User @key(fields: "id") { id: ID! }\n'
_KEY_REPEATABLE = " repeatable on OBJECT | INTERFACE\n"


def _key_definition(definition: str, link: str = fed2("key")) -> Case:
    return [("users", link + definition + _KEY_BODY)]


SPEC_TYPES_IN_DEFINITIONS: Pinned = {
    # a directive definition may name a federation type only if the subgraph declares it
    "fed1_key_definition_undeclared_fieldset": (
        _key_definition("directive @key(fields: _FieldSet!)" + _KEY_REPEATABLE, ""),
        _INVALID,
    ),
    "fed1_key_definition_declared_fieldset": (
        _key_definition(
            "scalar _FieldSet\ndirective @key(fields: _FieldSet!)" + _KEY_REPEATABLE, ""
        ),
        (),
    ),
    "fed1_requires_definition_undeclared_fieldset": (
        _key_definition("directive @requires(fields: _FieldSet!) on FIELD_DEFINITION\n", ""),
        _INVALID,
    ),
    "fed1_custom_definition_undeclared_fieldset": (
        _key_definition("directive @foo(f: _FieldSet) on FIELD_DEFINITION\n", ""),
        _INVALID,
    ),
    "key_definition_undeclared_namespaced_fieldset": (
        _key_definition(
            "directive @key(fields: federation__FieldSet!, resolvable: Boolean = true)"
            + _KEY_REPEATABLE
        ),
        _INVALID,
    ),
    "key_definition_declared_namespaced_fieldset": (
        _key_definition(
            "scalar federation__FieldSet\n"
            "directive @key(fields: federation__FieldSet!, resolvable: Boolean = true)"
            + _KEY_REPEATABLE
        ),
        (),
    ),
    # the unknown type comes alone, before the definition is compared with the spec's
    "key_definition_undeclared_nullable_fieldset": (
        _key_definition("directive @key(fields: federation__FieldSet) on OBJECT\n"),
        _INVALID,
    ),
    "custom_definition_undeclared_scope": (
        _key_definition("directive @foo(f: federation__Scope) on FIELD_DEFINITION\n"),
        _INVALID,
    ),
}
_FED1_USERS = (
    'type Query { users: [User] }\ntype User @key(fields: "id") { id: ID! name: String! }\n'
)

FED1_EXTERNAL_TYPES: Pinned = {
    # the upgrade drops @external on object types: their fields resolve, and are shared
    "fed1_external_type_alone": (
        [
            (
                "users",
                'type Query { users: [User] }\ntype User @key(fields: "id") @external '
                "{ id: ID! name: String! }\n",
            )
        ],
        (),
    ),
    "fed1_external_type_extension_shared": (
        [
            ("a", _FED1_USERS),
            (
                "b",
                'type Query { u2: User }\nextend type User @key(fields: "id") @external '
                "{ id: ID! name: String! }\n",
            ),
        ],
        (),
    ),
    "fed1_external_type_with_requires": (
        [
            ("a", _FED1_USERS),
            (
                "b",
                'type User @key(fields: "id") @external { id: ID! name: String! }\n'
                'extend type User { x: Int @requires(fields: "name") }\n',
            ),
        ],
        (),
    ),
}
PINNED: Pinned = {
    **FED1_FIELD_SETS,
    **FED1_EXTERNAL_TYPES,
    **DIRECTIVE_VALUES,
    **DEFAULT_VALUES,
    **SPEC_TYPES_IN_DEFINITIONS,
}


@pytest.fixture(scope="module")
def outcomes() -> dict[str, tuple[Outcome, dict[str, Any]]]:
    return apollo_outcomes(PINNED)


@pytest.mark.parametrize("name", sorted(PINNED))
def test_ours_as_pinned(name: str) -> None:
    check_ours(PINNED, name)


@pytest.mark.parametrize("name", sorted(PINNED))
def test_apollo_as_pinned(name: str, outcomes: dict[str, tuple[Outcome, dict[str, Any]]]) -> None:
    check_apollo(PINNED, outcomes[name], name)


@pytest.mark.parametrize("name", sorted(PINNED))
def test_messages_like_apollo(
    name: str, outcomes: dict[str, tuple[Outcome, dict[str, Any]]]
) -> None:
    check_messages(PINNED, outcomes[name], name)
