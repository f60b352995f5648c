"""Composition outcomes pinned to @apollo/composition's, for rules the corpus found us missing.

Each case names the error codes Apollo reports (none: it composes). Our composer must report
the same codes; a differential test checks the pins against the real @apollo/composition and,
where both compose, that the API schemas and ``join__*`` placements are equal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from tests.composer.test_differential_cases import Case, Outcome, fed2, load_scorer, ours
from tests.reference.apollo import apollo_compose_many_in_background, reference_available

Pinned = dict[str, tuple[Case, tuple[str, ...]]]

_OWNER = fed2("key", "shareable") + (
    'type Query { p: P }\ntype P @key(fields: "id") { id: ID! w: %s @shareable }\n'
)
_OTHER_OWNER = fed2("key", "shareable") + (
    'type Query { q: P }\ntype P @key(fields: "id") { id: ID! w: %s @shareable }\n'
)
_REQUIRER = fed2("key", "external", "requires") + (
    'type P @key(fields: "id") { id: ID! w: %s @external c: Int @requires(fields: "w") }\n'
)
_ITF = "interface N { id: ID! }\ntype X implements N @shareable { id: ID! }\n"
_ITF_OWNER = (
    fed2("key", "shareable")
    + "type Query { %s: P }\n"
    + _ITF
    + 'type P @key(fields: "id") { id: ID! w: %s @shareable }\n'
)
_ITF_REQUIRER = (
    fed2("key", "external", "requires", "shareable")
    + _ITF
    + 'type P @key(fields: "id") { id: ID! w: X @external c: Int @requires(fields: "w { id }") }\n'
)

EXTERNAL_TYPES: Pinned = {
    # the resolving definitions agree: an @external type must be exactly theirs
    "external_stricter_than_owner": (
        [("a", _OWNER % "Int"), ("b", _REQUIRER % "Int!")],
        ("EXTERNAL_TYPE_MISMATCH",),
    ),
    "external_looser_than_owner": (
        [("a", _OWNER % "Int!"), ("b", _REQUIRER % "Int")],
        ("EXTERNAL_TYPE_MISMATCH",),
    ),
    "external_same_as_owner": ([("a", _OWNER % "Int"), ("b", _REQUIRER % "Int")], ()),
    "external_list_stricter_owners_equal": (
        [("a", _OWNER % "[Int]"), ("b", _REQUIRER % "[Int!]"), ("c", _OTHER_OWNER % "[Int]")],
        ("EXTERNAL_TYPE_MISMATCH",),
    ),
    "external_implementation_of_owner_interface": (
        [("a", _ITF_OWNER % ("p", "N")), ("b", _ITF_REQUIRER)],
        ("EXTERNAL_TYPE_MISMATCH",),
    ),
    "external_provided_stricter_than_owner": (
        [
            ("a", _OWNER % "Int"),
            (
                "b",
                fed2("key", "external", "provides")
                + 'type Query { t: [P] @provides(fields: "w") }\n'
                + 'type P @key(fields: "id") { id: ID! w: Int! @external }\n',
            ),
        ],
        ("EXTERNAL_TYPE_MISMATCH",),
    ),
    "external_key_stricter_than_owner": (
        [
            ("a", fed2("key") + 'type Query { p: P }\ntype P @key(fields: "id") { id: ID }\n'),
            (
                "b",
                fed2("key", "external")
                + 'type Query { q: P }\ntype P @key(fields: "id") { id: ID! @external x: Int }\n',
            ),
        ],
        ("EXTERNAL_TYPE_MISMATCH",),
    ),
    # the resolving definitions differ: a strict subtype of the merged type is accepted
    "external_stricter_owners_differ": (
        [("a", _OWNER % "Int"), ("b", _REQUIRER % "Int!"), ("c", _OTHER_OWNER % "Int!")],
        (),
    ),
    "external_list_stricter_owners_differ": (
        [("a", _OWNER % "[Int]"), ("b", _REQUIRER % "[Int!]"), ("c", _OTHER_OWNER % "[Int]!")],
        (),
    ),
    "external_implementation_owners_differ": (
        [("a", _ITF_OWNER % ("p", "N")), ("b", _ITF_REQUIRER), ("c", _ITF_OWNER % ("q", "N!"))],
        (),
    ),
    # Federation 1: the required field keeps its @external, the key field does not
    "fed1_required_external_stricter": (
        [
            ("a", 'type Query { p: P }\ntype P @key(fields: "id") { id: ID! w: Int }\n'),
            (
                "b",
                'extend type P @key(fields: "id") '
                '{ id: ID! @external w: Int! @external x: Int @requires(fields: "w") }\n',
            ),
        ],
        ("EXTERNAL_TYPE_MISMATCH",),
    ),
    "fed1_key_external_stricter": (
        [
            ("a", 'type Query { p: P }\ntype P @key(fields: "id") { id: ID w: Int }\n'),
            ("b", 'extend type P @key(fields: "id") { id: ID! @external x: Int }\n'),
        ],
        (),
    ),
}


def _composed(url: str, directive: str, field: str) -> str:
    """A subgraph linking ``url`` for ``@directive`` and composing it."""
    return (
        fed2("key", "composeDirective")[:-1]
        + f' @link(url: "{url}", import: ["@{directive}"])'
        + f' @composeDirective(name: "@{directive}")\n'
        + f"directive @{directive}(name: String!) on FIELD_DEFINITION\n"
        + f'type Query {{ {field}: Int @{directive}(name: "x") }}\n'
    )


LINK_URLS: Pinned = {
    # the spec name is the whole path segment before the version, whatever its characters
    "link_spec_names_with_dot_and_dash": (
        [
            ("a", _composed("https://specs.apollo.dev/b.ar/v1.0", "bar", "a")),
            ("b", _composed("https://specs.apollo.dev/f-oo/v1.0", "foo", "b")),
        ],
        (),
    ),
    "link_query_string_ignored": (
        [("a", _composed("https://specs.apollo.dev/bar/v1.0?x=1", "bar", "a"))],
        (),
    ),
    "link_trailing_slash": (
        [("a", _composed("https://specs.apollo.dev/bar/v1.0/", "bar", "a"))],
        ("INVALID_LINK_IDENTIFIER",),
    ),
    "link_federation_trailing_slash": (
        [
            (
                "a",
                'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9/", '
                'import: ["@key"])\ntype Query { a: Int }\n',
            )
        ],
        ("INVALID_LINK_IDENTIFIER",),
    ),
    "link_without_name": (
        [("a", _composed("https://specs.apollo.dev/v1.0", "bar", "a"))],
        ("INVALID_LINK_IDENTIFIER",),
    ),
    "link_bad_version": (
        [("a", _composed("https://specs.apollo.dev/bar/1.0", "bar", "a"))],
        ("INVALID_LINK_IDENTIFIER",),
    ),
}


def _links(imports: Sequence[str], extra: str, body: str = "type Query { q: Int }\n") -> str:
    """A Federation 2 subgraph importing ``imports`` that also has the links ``extra``."""
    return fed2(*imports)[:-1] + f" {extra}\n{body}"


def _fed1_links(extra: str, body: str = "type Query { q: Int }\n") -> str:
    """A Federation 1 subgraph (no federation link) with the schema links ``extra``."""
    return f"schema {extra} {{ query: Query }}\n{body}"


_LINK = '@link(url: "https://specs.apollo.dev/link/v1.0")'
_TAG = '@link(url: "https://specs.apollo.dev/tag/v0.2"%s)'
_FOO = '@link(url: "https://x.dev/foo/v1.0"%s)'
_USES_TAG = 'type Query { q: Int @%s(name: "x") }\n'
_PLEASE = ("INVALID_LINK_DIRECTIVE_USAGE",)

LINK_NAMES: Pinned = {
    # the tag spec linked next to federation: only a clash of names is an error
    "link_tag_spec_and_federation_tag": ([("a", _links(["key", "tag"], _TAG % ""))], _PLEASE),
    "link_tag_spec_before_federation_tag": (
        [("a", f"extend schema {_TAG % ''} " + fed2("key", "tag")[14:] + "type Query { q: Int }")],
        _PLEASE,
    ),
    "link_tag_spec_aliased": ([("a", _links(["key", "tag"], _TAG % ', as: "mytag"'))], ()),
    "link_tag_spec_without_federation_tag": (
        [("a", _links(["key"], _TAG % "", _USES_TAG % "tag"))],
        (),
    ),
    "link_inaccessible_spec_and_federation_inaccessible": (
        [
            (
                "a",
                _links(
                    ["key", "inaccessible"],
                    '@link(url: "https://specs.apollo.dev/inaccessible/v0.2")',
                ),
            )
        ],
        _PLEASE,
    ),
    "link_alias_same_as_federation_import": (
        [("a", _links(["key", "tag"], _FOO % ', as: "tag"'))],
        _PLEASE,
    ),
    "link_import_same_as_federation_import": (
        [("a", _links(["key"], _FOO % ', import: ["@key"]'))],
        _PLEASE,
    ),
    "link_alias_with_double_underscore": (
        [("a", _links(["key"], _FOO % ', as: "my__foo"'))],
        _PLEASE,
    ),
    "link_alias_ending_in_underscore": ([("a", _links(["key"], _FOO % ', as: "foo_"'))], _PLEASE),
    "link_alias_not_a_name": ([("a", _links(["key"], _FOO % ', as: "1foo"'))], _PLEASE),
    "link_two_specs_same_alias": (
        [("a", _links(["key"], _FOO % "" + ' @link(url: "https://y.dev/foo/v1.0")'))],
        _PLEASE,
    ),
    # Federation 1: the upgrade links federation (and its @tag) after the subgraph's links
    "fed1_tag_spec": ([("a", _fed1_links(_LINK + " " + _TAG % ""))], _PLEASE),
    "fed1_tag_spec_imported": (
        [("a", _fed1_links(_LINK + " " + _TAG % ', import: ["@tag"]'))],
        _PLEASE,
    ),
    "fed1_tag_spec_aliased": (
        [("a", _fed1_links(_LINK + " " + _TAG % ', as: "mytag"', _USES_TAG % "mytag"))],
        (),
    ),
    "fed1_link_spec_only": ([("a", _fed1_links(_LINK))], ()),
    "fed1_custom_spec": (
        [
            (
                "a",
                _fed1_links(
                    _LINK + " " + _FOO % ', import: ["@foo"]',
                    "directive @foo on FIELD_DEFINITION\ntype Query { q: Int @foo }\n",
                ),
            )
        ],
        (),
    ),
    "fed1_links_without_link_spec_are_not_read": ([("a", _fed1_links(_TAG % ""))], ()),
}

_REQ = fed2("key", "requires", "external", "shareable")


def _requires(external_args: str, fields: str) -> str:
    return _REQ + (
        'type Query { t: T }\ntype T @key(fields: "id") '
        f'{{ id: ID! x{external_args}: Int @external y: Int @requires(fields: "{fields}") }}\n'
    )


def _owner(args: str) -> str:
    return _REQ + f'type T @key(fields: "id") {{ id: ID! x{args}: Int }}\n'


REQUIRES_ARGUMENTS: Pinned = {
    # a @requires selection is valid in its subgraph but checked again on the merged field
    "requires_omits_argument_required_elsewhere": (
        [("a", _requires("(arg: Int)", "x")), ("b", _owner("(arg: Int!)"))],
        ("REQUIRES_INVALID_FIELDS",),
    ),
    "requires_passes_argument_missing_elsewhere": (
        [("a", _requires("(arg: Int)", "x(arg: 42)")), ("b", _owner(""))],
        ("REQUIRES_INVALID_FIELDS",),
    ),
    "requires_passes_argument_required_elsewhere": (
        [("a", _requires("(arg: Int)", "x(arg: 1)")), ("b", _owner("(arg: Int!)"))],
        (),
    ),
    "requires_nested_argument_missing_elsewhere": (
        [
            (
                "a",
                _REQ + 'type Query { t: T }\ntype T @key(fields: "id") { id: ID! o: O @external '
                'y: Int @requires(fields: "o { x(arg: 1) }") }\n'
                "type O @shareable { x(arg: Int): Int }\n",
            ),
            (
                "b",
                _REQ + 'type T @key(fields: "id") { id: ID! o: O }\ntype O @shareable { x: Int }\n',
            ),
        ],
        ("REQUIRES_INVALID_FIELDS",),
    ),
}

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

_K = fed2("key")
_QUERY_AND_USER = _K + "type Query { x: Int }\ntype User { id: ID! }\n"

KIND_MISMATCH: Pinned = {
    # the merged type has the first definition's kind; only those definitions are its sources
    "kind_mismatch_interface_extension_first": (
        [("a", _K + "extend interface User { id: ID! }\n"), ("b", _QUERY_AND_USER)],
        ("EXTENSION_WITH_NO_BASE", "TYPE_KIND_MISMATCH"),
    ),
    "kind_mismatch_object_first": (
        [("a", _QUERY_AND_USER), ("b", _K + "extend interface User { id: ID! }\n")],
        ("TYPE_KIND_MISMATCH",),
    ),
    "kind_mismatch_interface_extension_with_base": (
        [
            ("a", _K + "extend interface User { id: ID! }\n"),
            ("b", _K + "interface User { id: ID! }\n"),
            ("c", _QUERY_AND_USER),
        ],
        ("TYPE_KIND_MISMATCH",),
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

_F26 = fed2("shareable", "key")
_NODE = "interface Node { id: ID! }\n"

MERGED_SCHEMA: Pinned = {
    # a field merged to a supertype must still implement its interfaces' fields
    "merged_field_no_longer_implements_interface": (
        [
            (
                "a",
                _F26
                + "type Query { a: Admin }\ntype Admin implements Node { id: ID! @shareable }\n"
                + _NODE,
            ),
            ("b", _F26 + 'type Query { b: Admin }\ntype Admin @key(fields: "id") { id: ID }\n'),
        ],
        _INVALID,
    ),
    "merged_list_item_no_longer_implements_interface": (
        [
            (
                "a",
                _F26 + "type Query { a: Admin }\ntype Admin implements Node "
                "{ ids: [ID!] @shareable }\ninterface Node { ids: [ID!] }\n",
            ),
            ("b", _F26 + "type Query { b: Admin }\ntype Admin { ids: [ID] @shareable }\n"),
        ],
        _INVALID,
    ),
    "merged_field_still_implements_nullable_interface_field": (
        [
            (
                "a",
                _F26
                + "type Query { a: Admin }\ntype Admin implements Node { id: ID! @shareable }\n"
                "interface Node { id: ID }\n",
            ),
            ("b", _F26 + "type Query { b: Admin }\ntype Admin { id: ID @shareable }\n"),
        ],
        (),
    ),
}

_F23 = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", '
    'import: ["@key", "@composeDirective", "@override"])\n'
)
_BODY = 'type Query { u: User }\ntype User @key(fields: "id") { id: ID! }\n'
_DEF_INVALID = ("DIRECTIVE_DEFINITION_INVALID",)

REDEFINITIONS: Pinned = {
    # an optional argument may be redefined as required, not the reverse
    "redefined_compose_directive_name_required": (
        [("a", _F23 + "directive @composeDirective(name: String!) repeatable on SCHEMA\n" + _BODY)],
        (),
    ),
    "redefined_override_from_optional": (
        [("a", _F23 + "directive @override(from: String) on FIELD_DEFINITION\n" + _BODY)],
        _DEF_INVALID,
    ),
    # @override's label came with federation 2.7
    "redefined_override_label_before_2_7": (
        [
            (
                "a",
                _F23
                + "directive @override(from: String!, label: String!) on FIELD_DEFINITION\n"
                + _BODY,
            )
        ],
        _DEF_INVALID,
    ),
    "redefined_override_label_from_2_7": (
        [
            (
                "a",
                _F23.replace("2.3", "2.7")
                + "directive @override(from: String!, label: String) on FIELD_DEFINITION\n"
                + _BODY,
            )
        ],
        (),
    ),
    "override_label_before_2_7": (
        [
            ("a", _F23 + 'type Query { x: Int @override(from: "b", label: "percent(5)") }\n'),
            ("b", _F23 + "type Query { y: Int }\n"),
        ],
        _INVALID,
    ),
}

_IO = fed2("key", "interfaceObject", "shareable", "override")
_IO_A = 'type Query { i1: I }\ntype I @interfaceObject @key(fields: "k") { k: ID a: Int%s }\n'
_IO_B = (
    'type Query { i2: I }\ninterface I @key(fields: "k") { k: ID a: Int }\n'
    'type A implements I @key(fields: "k") { k: ID a: Int @override(from: "a")%s }\n'
)

INTERFACE_OBJECTS: Pinned = {
    # a subgraph's own definition of a field counts once, not again through @interfaceObject
    "interface_object_subgraph_defining_implementation": (
        [
            (
                "a",
                _IO
                + 'type Query { iFromA: I }\ninterface I @key(fields: "id") { id: ID! x: Int }\n'
                'type A implements I @key(fields: "id") { id: ID! x: Int }\n',
            ),
            (
                "b",
                _IO + 'type Query { iFromB: I }\ntype I @interfaceObject @key(fields: "id") '
                '{ id: ID! y: Int }\ntype A @key(fields: "id") { id: ID! y: Int }\n',
            ),
        ],
        ("INTERFACE_OBJECT_USAGE_ERROR",),
    ),
    # overriding a field its source subgraph only has through an @interfaceObject
    "override_of_field_abstracted_by_interface_object": (
        [("a", _IO + _IO_A % ""), ("b", _IO + _IO_B % "")],
        ("INVALID_FIELD_SHARING", "OVERRIDE_COLLISION_WITH_ANOTHER_DIRECTIVE"),
    ),
    "override_of_shareable_field_abstracted_by_interface_object": (
        [("a", _IO + _IO_A % " @shareable"), ("b", _IO + _IO_B % " @shareable")],
        ("OVERRIDE_COLLISION_WITH_ANOTHER_DIRECTIVE",),
    ),
}

_CTX = fed2("key", "interfaceObject", "context", "fromContext")

_CTX_S = fed2("key", "context", "fromContext", "shareable")
_CTX_USER = (
    _CTX_S + 'type Query { t: T! }\ntype T @key(fields: "id") @context(name: "ctx") '
    "{ id: ID! u: U! prop: String! }\n"
    'type U @key(fields: "id") { id: ID! '
    'field(a: String @fromContext(field: "$ctx { prop }")): Int! @shareable }\n'
)


def _ctx_other(args: str) -> str:
    return (
        _CTX_S + 'type Query { a: Int! }\ntype U @key(fields: "id") '
        f"{{ id: ID! field{args}: Int! @shareable }}\n"
    )


CONTEXTS: Pinned = {
    # an argument contextual in one subgraph must be optional where it is not
    "contextual_argument_required_elsewhere": (
        [("a", _CTX_USER), ("b", _ctx_other("(a: String!)"))],
        ("CONTEXTUAL_ARGUMENT_NOT_CONTEXTUAL_IN_ALL_SUBGRAPHS",),
    ),
    "contextual_argument_optional_elsewhere": (
        [("a", _CTX_USER), ("b", _ctx_other("(a: String)"))],
        (),
    ),
    "contextual_argument_with_default_elsewhere": (
        [("a", _CTX_USER), ("b", _ctx_other('(a: String! = "x")'))],
        (),
    ),
    "contextual_argument_absent_elsewhere": ([("a", _CTX_USER), ("b", _ctx_other(""))], ()),
    # @context/@fromContext problems are subgraph errors: composition stops before merging
    "context_selection_through_interface_object_stops_before_merge": (
        [
            (
                "a",
                _CTX + 'type Query { t: T! }\ntype T @interfaceObject @key(fields: "id") '
                '@context(name: "ctx") { id: ID! u: U! prop: String! }\n'
                'type U @key(fields: "id") '
                '{ id: ID! field(a: String @fromContext(field: "$ctx { prop }")): Int! }\n',
            ),
            ("b", _CTX + 'type Query { a: Int! }\ntype U @key(fields: "id") { id: ID! }\n'),
        ],
        ("CONTEXT_INVALID_SELECTION",),
    ),
}

_XA = fed2("key", "external", "requires", "shareable", "provides")


def _owns(query: str, args: str) -> str:
    return _XA + (
        f'type Query {{ {query}: T }}\ntype T @key(fields: "id") {{ id: ID! w{args}: Int @shareable }}\n'
    )


def _requires_w(args: str, fields: str = "w") -> str:
    return _XA + (
        f'type T @key(fields: "id") {{ id: ID! w{args}: Int @external '
        f'c: Int @requires(fields: "{fields}") }}\n'
    )


EXTERNAL_ARGUMENTS: Pinned = {
    # external arguments are compared with the merged ones
    "external_lacks_argument_the_merge_dropped": (
        [
            ("a", _owns("p", "(x: Int, y: Int)")),
            ("b", _owns("q", "(x: Int)")),
            ("c", _requires_w("(x: Int)")),
        ],
        (),
    ),
    "external_default_against_dropped_merged_default": (
        [
            ("a", _owns("p", "(x: Int = 1)")),
            ("b", _owns("q", "(x: Int)")),
            ("c", _requires_w("(x: Int = 1)")),
        ],
        ("EXTERNAL_ARGUMENT_DEFAULT_MISMATCH",),
    ),
    "external_extra_argument": (
        [("a", _owns("p", "(x: Int)")), ("c", _requires_w("(x: Int, z: Int)"))],
        (),
    ),
    # field sets follow GraphQL's argument rules in their own subgraph
    "requires_omits_its_own_required_argument": (
        [("a", _owns("p", "(x: Int)")), ("c", _requires_w("(x: Int!)"))],
        ("REQUIRES_INVALID_FIELDS",),
    ),
    "requires_passes_unknown_argument": (
        [("a", _owns("p", "(x: Int)")), ("c", _requires_w("(x: Int)", "w(z: 1)"))],
        ("REQUIRES_INVALID_FIELDS",),
    ),
    "key_omits_required_argument": (
        [
            (
                "a",
                _XA
                + 'type Query { p: T }\ntype T @key(fields: "id w") { id: ID! w(x: Int!): Int }\n',
            )
        ],
        ("KEY_INVALID_FIELDS",),
    ),
    "key_passes_unknown_argument": (
        [
            (
                "a",
                _XA + 'type Query { p: T }\ntype T @key(fields: "id w(z: 1)") { id: ID! w: Int }\n',
            )
        ],
        ("KEY_INVALID_FIELDS",),
    ),
    "provides_omits_required_argument": (
        [
            ("a", _owns("p", "(x: Int!)")),
            (
                "c",
                _XA + 'type Query { q: T @provides(fields: "w") }\n'
                'type T @key(fields: "id") { id: ID! w(x: Int!): Int @external }\n',
            ),
        ],
        ("PROVIDES_INVALID_FIELDS",),
    ),
}

PINNED: Pinned = {
    **EXTERNAL_ARGUMENTS,
    **CONTEXTS,
    **INTERFACE_OBJECTS,
    **MERGED_SCHEMA,
    **REDEFINITIONS,
    **FED1_EXTERNAL_TYPES,
    **KIND_MISMATCH,
    **EXTERNAL_TYPES,
    **DIRECTIVE_VALUES,
    **LINK_URLS,
    **LINK_NAMES,
    **REQUIRES_ARGUMENTS,
    **FED1_FIELD_SETS,
}


def check_ours(pinned: Pinned, name: str) -> None:
    """Our composer reports exactly the pinned error codes (none: it composes)."""
    case, codes = pinned[name]
    ok, ours_codes, _ = ours(case)
    assert (ok, ours_codes) == (not codes, sorted(codes))


def apollo_outcomes(pinned: Pinned) -> dict[str, tuple[Outcome, dict[str, Any]]]:
    """Our outcome and Apollo's for every pinned case (one node process for all)."""
    if not reference_available():
        pytest.fail("node and tests/reference/node_modules are needed for differential tests")
    names = sorted(pinned)
    pending = apollo_compose_many_in_background(
        [[(n, f"http://{n}/graphql", s) for n, s in pinned[k][0]] for k in names]
    )
    mine = [ours(pinned[k][0]) for k in names]
    return dict(zip(names, zip(mine, pending.result(), strict=True), strict=True))


def check_apollo(pinned: Pinned, outcome: tuple[Outcome, dict[str, Any]], name: str) -> None:
    """Apollo reports the pinned codes; where both compose, the outputs match."""
    (ok, _, sdl), ref = outcome
    codes = pinned[name][1]
    assert (ref["ok"], sorted({e["code"] for e in ref["errors"]})) == (not codes, sorted(codes))
    if ok and ref["ok"]:
        assert sdl is not None
        scorer = load_scorer()
        our_api = scorer.normalize_api_sdl(scorer.api_schema_from_supergraph(sdl))
        assert our_api == scorer.normalize_api_sdl(ref["apiSchemaSdl"])
        assert scorer.extract_join(sdl) == scorer.extract_join(ref["supergraphSdl"])


def both_outcomes_seen(pinned: Pinned) -> Sequence[bool]:
    return sorted({not codes for _, codes in pinned.values()})


@pytest.fixture(scope="module")
def outcomes() -> dict[str, tuple[Outcome, dict[str, Any]]]:
    return apollo_outcomes(PINNED)


@pytest.mark.parametrize("name", sorted(PINNED))
def test_ours_as_pinned(name: str) -> None:
    check_ours(PINNED, name)


@pytest.mark.parametrize("name", sorted(PINNED))
def test_apollo_as_pinned(name: str, outcomes: dict[str, tuple[Outcome, dict[str, Any]]]) -> None:
    check_apollo(PINNED, outcomes[name], name)


def test_pins_cover_successes_and_failures() -> None:
    assert both_outcomes_seen(PINNED) == [False, True]
