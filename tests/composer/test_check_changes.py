"""Schema change classification: each change kind, in both directions."""

from __future__ import annotations

import pytest
from graphql import build_schema

from composer.changes import ChangeCode, Level, diff_schemas, format_text, summarize

B, D, S = Level.BREAKING, Level.DANGEROUS, Level.SAFE
C = ChangeCode

BASE = """
type Query { a: String b: [Int] e: E u: U node: Node }
interface Node { id: ID! }
type X implements Node { id: ID! i: Int }
type Y { i: Int }
union U = X | Y
enum E { A B }
"""


def changes(old: str, new: str) -> set[tuple[Level, ChangeCode, str]]:
    return {
        (c.level, c.code, c.coordinate) for c in diff_schemas(build_schema(old), build_schema(new))
    }


# (old, new, changes old -> new, changes new -> old)
CASES: dict[
    str, tuple[str, str, set[tuple[Level, ChangeCode, str]], set[tuple[Level, ChangeCode, str]]]
] = {
    "type added / removed": (
        "type Query { a: Int }",
        "type Query { a: Int } type T { a: Int }",
        {(S, C.TYPE_ADDED, "T")},
        {(B, C.TYPE_REMOVED, "T")},
    ),
    "field added / removed": (
        "type Query { a: Int }",
        "type Query { a: Int b: Int }",
        {(S, C.FIELD_ADDED, "Query.b")},
        {(B, C.FIELD_REMOVED, "Query.b")},
    ),
    "output made non-null / nullable": (
        "type Query { a: String }",
        "type Query { a: String! }",
        {(S, C.FIELD_CHANGED_TYPE, "Query.a")},
        {(B, C.FIELD_CHANGED_TYPE, "Query.a")},
    ),
    "output list items made non-null": (
        "type Query { a: [Int] }",
        "type Query { a: [Int!]! }",
        {(S, C.FIELD_CHANGED_TYPE, "Query.a")},
        {(B, C.FIELD_CHANGED_TYPE, "Query.a")},
    ),
    "output scalar changed": (
        "type Query { a: Int }",
        "type Query { a: String }",
        {(B, C.FIELD_CHANGED_TYPE, "Query.a")},
        {(B, C.FIELD_CHANGED_TYPE, "Query.a")},
    ),
    "output wrapped in a list": (
        "type Query { a: Int }",
        "type Query { a: [Int] }",
        {(B, C.FIELD_CHANGED_TYPE, "Query.a")},
        {(B, C.FIELD_CHANGED_TYPE, "Query.a")},
    ),
    "required argument added / removed": (
        "type Query { a: Int }",
        "type Query { a(x: Int!): Int }",
        {(B, C.REQUIRED_ARG_ADDED, "Query.a(x:)")},
        {(B, C.ARG_REMOVED, "Query.a(x:)")},
    ),
    "optional argument added / removed": (
        "type Query { a: Int }",
        "type Query { a(x: Int, y: Int! = 1): Int }",
        {(S, C.OPTIONAL_ARG_ADDED, "Query.a(x:)"), (S, C.OPTIONAL_ARG_ADDED, "Query.a(y:)")},
        {(B, C.ARG_REMOVED, "Query.a(x:)"), (B, C.ARG_REMOVED, "Query.a(y:)")},
    ),
    "argument made nullable / non-null": (
        "type Query { a(x: Int!): Int }",
        "type Query { a(x: Int): Int }",
        {(S, C.ARG_CHANGED_TYPE, "Query.a(x:)")},
        {(B, C.ARG_CHANGED_TYPE, "Query.a(x:)")},
    ),
    "argument list items made nullable": (
        "type Query { a(x: [Int!]!): Int }",
        "type Query { a(x: [Int]): Int }",
        {(S, C.ARG_CHANGED_TYPE, "Query.a(x:)")},
        {(B, C.ARG_CHANGED_TYPE, "Query.a(x:)")},
    ),
    "argument scalar changed": (
        "type Query { a(x: Int): Int }",
        "type Query { a(x: Float): Int }",
        {(B, C.ARG_CHANGED_TYPE, "Query.a(x:)")},
        {(B, C.ARG_CHANGED_TYPE, "Query.a(x:)")},
    ),
    "argument default changed": (
        "type Query { a(x: Int = 1): Int }",
        "type Query { a(x: Int = 2): Int }",
        {(D, C.ARG_DEFAULT_VALUE_CHANGE, "Query.a(x:)")},
        {(D, C.ARG_DEFAULT_VALUE_CHANGE, "Query.a(x:)")},
    ),
    "nullable argument default added / removed": (
        "type Query { a(x: Int): Int }",
        "type Query { a(x: Int = 2): Int }",
        {(D, C.ARG_DEFAULT_VALUE_CHANGE, "Query.a(x:)")},
        {(D, C.ARG_DEFAULT_VALUE_CHANGE, "Query.a(x:)")},
    ),
    "non-null argument default added / removed": (
        "type Query { a(x: Int!): Int }",
        "type Query { a(x: Int! = 2): Int }",
        {(D, C.ARG_DEFAULT_VALUE_CHANGE, "Query.a(x:)")},
        {(B, C.ARG_DEFAULT_VALUE_CHANGE, "Query.a(x:)")},
    ),
    "object default compared field-order independently": (
        "type Query { a(x: I = {p: 1, q: 2}): Int } input I { p: Int q: Int }",
        "type Query { a(x: I = {q: 2, p: 1}): Int } input I { p: Int q: Int }",
        set(),
        set(),
    ),
    "required input field added / removed": (
        "type Query { a(x: I): Int } input I { p: Int }",
        "type Query { a(x: I): Int } input I { p: Int q: Int! }",
        {(B, C.NON_NULLABLE_FIELD_ADDED_TO_INPUT_OBJECT, "I.q")},
        {(B, C.FIELD_REMOVED_FROM_INPUT_OBJECT, "I.q")},
    ),
    "optional input field added / removed": (
        "type Query { a(x: I): Int } input I { p: Int }",
        "type Query { a(x: I): Int } input I { p: Int q: Int r: Int! = 3 }",
        {
            (S, C.NULLABLE_FIELD_ADDED_TO_INPUT_OBJECT, "I.q"),
            (S, C.NULLABLE_FIELD_ADDED_TO_INPUT_OBJECT, "I.r"),
        },
        {
            (B, C.FIELD_REMOVED_FROM_INPUT_OBJECT, "I.q"),
            (B, C.FIELD_REMOVED_FROM_INPUT_OBJECT, "I.r"),
        },
    ),
    "input field made nullable / non-null": (
        "type Query { a(x: I): Int } input I { p: Int! }",
        "type Query { a(x: I): Int } input I { p: Int }",
        {(S, C.FIELD_ON_INPUT_OBJECT_CHANGED_TYPE, "I.p")},
        {(B, C.FIELD_ON_INPUT_OBJECT_CHANGED_TYPE, "I.p")},
    ),
    "input field default changed": (
        "type Query { a(x: I): Int } input I { p: Int = 1 }",
        "type Query { a(x: I): Int } input I { p: Int = 5 }",
        {(D, C.INPUT_FIELD_DEFAULT_VALUE_CHANGE, "I.p")},
        {(D, C.INPUT_FIELD_DEFAULT_VALUE_CHANGE, "I.p")},
    ),
    "output enum value added / removed": (
        "type Query { e: E } enum E { A }",
        "type Query { e: E } enum E { A B }",
        {(D, C.VALUE_ADDED_TO_ENUM, "E.B")},
        {(B, C.VALUE_REMOVED_FROM_ENUM, "E.B")},
    ),
    "input-only enum value added / removed": (
        "type Query { a(e: E): Int } enum E { A }",
        "type Query { a(e: E): Int } enum E { A B }",
        {(S, C.VALUE_ADDED_TO_ENUM, "E.B")},
        {(B, C.VALUE_REMOVED_FROM_ENUM, "E.B")},
    ),
    "union member added / removed": (
        "type Query { u: U } union U = X type X { i: Int } type Y { i: Int }",
        "type Query { u: U } union U = X | Y type X { i: Int } type Y { i: Int }",
        {(D, C.TYPE_ADDED_TO_UNION, "U")},
        {(B, C.TYPE_REMOVED_FROM_UNION, "U")},
    ),
    "interface implemented / no longer": (
        "type Query { n: N x: X } interface N { id: ID } type X { id: ID }",
        "type Query { n: N x: X } interface N { id: ID } type X implements N { id: ID }",
        {(D, C.TYPE_ADDED_TO_INTERFACE, "X")},
        {(B, C.TYPE_REMOVED_FROM_INTERFACE, "X")},
    ),
    "type changed kind": (
        "type Query { t: T } type T { i: Int }",
        "type Query { t: T } interface T { i: Int }",
        {(B, C.TYPE_CHANGED_KIND, "T")},
        {(B, C.TYPE_CHANGED_KIND, "T")},
    ),
    "field deprecated / undeprecated": (
        "type Query { a: Int }",
        'type Query { a: Int @deprecated(reason: "use b") }',
        {(S, C.FIELD_DEPRECATED, "Query.a")},
        {(S, C.FIELD_DEPRECATION_REMOVED, "Query.a")},
    ),
    "deprecation reason changed": (
        'type Query { a: Int @deprecated(reason: "one") }',
        'type Query { a: Int @deprecated(reason: "two") }',
        {(S, C.FIELD_DEPRECATED_REASON_CHANGE, "Query.a")},
        {(S, C.FIELD_DEPRECATED_REASON_CHANGE, "Query.a")},
    ),
    "enum value deprecated / undeprecated": (
        "type Query { e: E } enum E { A B }",
        "type Query { e: E } enum E { A B @deprecated }",
        {(S, C.ENUM_VALUE_DEPRECATED, "E.B")},
        {(S, C.ENUM_VALUE_DEPRECATION_REMOVED, "E.B")},
    ),
    "argument deprecated / undeprecated": (
        "type Query { a(x: Int): Int }",
        "type Query { a(x: Int @deprecated): Int }",
        {(S, C.ARG_DEPRECATED, "Query.a(x:)")},
        {(S, C.ARG_DEPRECATION_REMOVED, "Query.a(x:)")},
    ),
    "description changed": (
        'type Query { "one" a: Int }',
        'type Query { "two" a: Int }',
        {(S, C.DESCRIPTION_CHANGE, "Query.a")},
        {(S, C.DESCRIPTION_CHANGE, "Query.a")},
    ),
    "mutation root added / removed": (
        "type Query { a: Int }",
        "type Query { a: Int } type Mutation { m: Int }",
        {(S, C.ROOT_OPERATION_ADDED, "schema"), (S, C.TYPE_ADDED, "Mutation")},
        {(B, C.ROOT_OPERATION_REMOVED, "schema"), (B, C.TYPE_REMOVED, "Mutation")},
    ),
    "directive added / removed": (
        "type Query { a: Int }",
        "directive @cached(ttl: Int) on FIELD type Query { a: Int }",
        {(S, C.DIRECTIVE_ADDED, "@cached")},
        {(B, C.DIRECTIVE_REMOVED, "@cached")},
    ),
    "directive location and argument changes": (
        "directive @cached(ttl: Int) on FIELD | QUERY type Query { a: Int }",
        "directive @cached(ttl: Int, scope: String!) on FIELD type Query { a: Int }",
        {
            (B, C.DIRECTIVE_LOCATION_REMOVED, "@cached"),
            (B, C.REQUIRED_ARG_ADDED, "@cached(scope:)"),
        },
        {(B, C.ARG_REMOVED, "@cached(scope:)")},
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_change_kinds_in_both_directions(name: str) -> None:
    old, new, forward, backward = CASES[name]
    assert changes(old, new) == forward
    assert changes(new, old) == backward


def test_identical_schemas_have_no_changes() -> None:
    assert diff_schemas(build_schema(BASE), build_schema(BASE)) == []


def test_order_is_most_severe_first_then_coordinate() -> None:
    old = build_schema("type Query { a: Int z: Int e: E } enum E { A }")
    new = build_schema("type Query { b: Int e: E y: Int } enum E { A B }")
    got = [(c.level, c.coordinate) for c in diff_schemas(old, new)]
    assert got == [
        (B, "Query.a"),
        (B, "Query.z"),
        (D, "E.B"),
        (S, "Query.b"),
        (S, "Query.y"),
    ]


def test_messages_name_the_types() -> None:
    [change] = diff_schemas(
        build_schema("type Query { a: Int }"), build_schema("type Query { a: Int! }")
    )
    assert change.to_json() == {
        "level": "safe",
        "code": "FIELD_CHANGED_TYPE",
        "coordinate": "Query.a",
        "message": "Field `Query.a` changed type from `Int` to `Int!`",
    }


def test_text_report_groups_by_level() -> None:
    old = build_schema("type Query { a: Int e: E } enum E { A }")
    new = build_schema("type Query { b: Int e: E } enum E { A B }")
    found = diff_schemas(old, new)
    assert summarize(found) == {"breaking": 1, "dangerous": 1, "safe": 1}
    text = format_text(found)
    lines = text.splitlines()
    assert lines[0] == "BREAKING (1)"
    assert lines[1].split()[:2] == ["FIELD_REMOVED", "Query.a"]
    assert "DANGEROUS (1)" in lines and "SAFE (1)" in lines
    assert lines.index("DANGEROUS (1)") < lines.index("SAFE (1)")
    assert lines[-1] == "1 breaking, 1 dangerous, 1 safe"


def test_text_report_without_changes() -> None:
    assert format_text([]) == "No changes to the API schema.\n0 breaking, 0 dangerous, 0 safe\n"


def test_public_api_is_pinned() -> None:
    import composer.changes

    assert sorted(composer.changes.__all__) == [
        "ChangeCode",
        "Level",
        "SchemaChange",
        "diff_schemas",
        "format_text",
        "summarize",
    ]
