"""The supergraph reader: join versions, renames, implicit rule, clear errors."""

from __future__ import annotations

import pytest

from composer.supergraph.reader import ContextArgument, SupergraphError, read_supergraph
from tests.router.golden_harness import GOLDEN

HEAD_V05 = """schema @link(url: "https://specs.apollo.dev/link/v1.0")
  @link(url: "https://specs.apollo.dev/join/v0.5", for: EXECUTION) { query: Query }
directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA
directive @join__graph(name: String!, url: String!) on ENUM_VALUE
directive @join__type(graph: join__Graph!, key: join__FieldSet, extension: Boolean! = false, resolvable: Boolean! = true, isInterfaceObject: Boolean! = false) repeatable on OBJECT | INTERFACE | UNION | ENUM | INPUT_OBJECT | SCALAR
directive @join__field(graph: join__Graph, requires: join__FieldSet, provides: join__FieldSet, type: String, external: Boolean, override: String, usedOverridden: Boolean, overrideLabel: String) repeatable on FIELD_DEFINITION | INPUT_FIELD_DEFINITION
directive @join__implements(graph: join__Graph!, interface: String!) repeatable on OBJECT | INTERFACE
directive @join__unionMember(graph: join__Graph!, member: String!) repeatable on UNION
directive @join__enumValue(graph: join__Graph!) repeatable on ENUM_VALUE
scalar join__FieldSet
scalar link__Import
enum link__Purpose { SECURITY EXECUTION }
enum join__Graph {
  A @join__graph(name: "a", url: "http://a:1/graphql")
  B_2 @join__graph(name: "b-2", url: "http://b")
}
"""


def test_reads_every_golden_supergraph() -> None:
    for path in sorted((GOLDEN / "supergraphs").glob("*.graphql")):
        sg = read_supergraph(path.read_text(encoding="utf-8"))
        assert sg.join_version == (0, 5)
        assert sg.query_type == "Query"
        assert sg.graphs


def test_graphs_types_and_implicit_rule() -> None:
    sdl = (
        HEAD_V05
        + """
type Query @join__type(graph: A) @join__type(graph: B_2) {
  t: T @join__field(graph: A)
}
type T @join__type(graph: A, key: "id") @join__type(graph: B_2, key: "id org { id }", resolvable: false)
  @join__implements(graph: A, interface: "I") {
  id: ID!
  org: Org
  x: String @join__field(graph: A, requires: "org { id }", type: "String!")
  y: Int @join__field(graph: B_2, override: "a", overrideLabel: "percent(5)")
    @join__field(graph: A, overrideLabel: "percent(5)")
  z: Int @join__field(graph: A, usedOverridden: true) @join__field(graph: B_2, external: true)
}
interface I @join__type(graph: A) { id: ID! }
type Org @join__type(graph: A) @join__type(graph: B_2) { id: ID! }
union U @join__type(graph: A) @join__unionMember(graph: A, member: "T") = T
enum E @join__type(graph: A) @join__type(graph: B_2) { P @join__enumValue(graph: A) Q }
"""
    )
    sg = read_supergraph(sdl)
    assert [(g.enum_value, g.name, g.url) for g in sg.graphs] == [
        ("A", "a", "http://a:1/graphql"),
        ("B_2", "b-2", "http://b"),
    ]
    t = sg.types["T"]
    assert t.graphs == ("a", "b-2")
    assert [k.key.text for k in t.keys("b-2") if k.key] == ["id org { id }"]
    assert t.keys("b-2")[0].resolvable is False
    assert t.implements == (("a", "I"),)
    assert t.fields["id"].implicit and [j.graph for j in t.fields["id"].joins] == ["a", "b-2"]
    x = t.fields["x"].join("a")
    assert x is not None and x.requires is not None and x.requires.text == "org { id }"
    assert x.type == "String!"
    y = t.fields["y"]
    assert [(j.graph, j.override, j.override_label) for j in y.joins] == [
        ("b-2", "a", "percent(5)"),
        ("a", None, "percent(5)"),
    ]
    z = t.fields["z"]
    assert [(j.graph, j.used_overridden, j.external) for j in z.joins] == [
        ("a", True, False),
        ("b-2", False, True),
    ]
    assert sg.types["U"].union_members == (("a", "T"),)
    assert dict(sg.types["E"].enum_values) == {"P": ("a",), "Q": ("a", "b-2")}


def test_renamed_join_prefix() -> None:
    sdl = (
        HEAD_V05.replace('join/v0.5", for', 'join/v0.5", as: "j", for').replace("join__", "j__")
        + """
type Query @j__type(graph: A) { x: Int }
"""
    )
    sg = read_supergraph(sdl)
    assert sg.types["Query"].graphs == ("a",)


@pytest.mark.parametrize(
    ("sdl", "fragment"),
    [
        ("type Query {", "does not parse"),
        ("type Query { a: Int }", "no schema definition"),
        ("schema { query: Query } type Query { a: Int }", "does not link the join spec"),
        (
            HEAD_V05.replace("join/v0.5", "join/v0.9") + "type Query { a: Int }",
            "unsupported join spec version v0.9",
        ),
        (
            HEAD_V05 + "type Query @join__type(graph: NOPE) { a: Int }",
            "Query: unknown graph NOPE",
        ),
        (
            HEAD_V05 + 'type Query @join__type(graph: A, key: "{") { a: Int }',
            "invalid field set",
        ),
    ],
)
def test_malformed_supergraph_errors(sdl: str, fragment: str) -> None:
    with pytest.raises(SupergraphError) as info:
        read_supergraph(sdl)
    assert fragment in str(info.value)


def test_error_carries_line() -> None:
    with pytest.raises(SupergraphError) as info:
        read_supergraph(HEAD_V05 + "type Query @join__type(graph: NOPE) { a: Int }")
    assert info.value.line == HEAD_V05.count("\n") + 1


def test_reads_fed1_owner_supergraph() -> None:
    sdl = """schema @core(feature: "https://specs.apollo.dev/core/v0.1")
  @core(feature: "https://specs.apollo.dev/join/v0.1") { query: Query }
directive @core(feature: String!) repeatable on SCHEMA
directive @join__owner(graph: join__Graph!) on OBJECT | INTERFACE
directive @join__type(graph: join__Graph!, key: join__FieldSet) repeatable on OBJECT | INTERFACE
directive @join__field(graph: join__Graph, requires: join__FieldSet, provides: join__FieldSet) on FIELD_DEFINITION
directive @join__graph(name: String!, url: String!) on ENUM_VALUE
scalar join__FieldSet
enum join__Graph { A @join__graph(name: "a", url: "http://a") B @join__graph(name: "b", url: "http://b") }
type Query { me: User @join__field(graph: A) }
type User @join__owner(graph: A) @join__type(graph: A, key: "id") @join__type(graph: B, key: "id") {
  id: ID!
  name: String
  reviews: [String] @join__field(graph: B)
}
"""
    sg = read_supergraph(sdl)
    assert sg.join_version == (0, 1)
    user = sg.types["User"]
    assert user.owner == "a"
    assert [j.graph for j in user.fields["name"].joins] == ["a"]
    assert [j.graph for j in user.fields["reviews"].joins] == ["b"]


def test_context_arguments() -> None:
    sdl = (
        HEAD_V05.replace(
            "overrideLabel: String)",
            "overrideLabel: String, contextArguments: [join__ContextArgument!])",
        )
        + """input join__ContextArgument { name: String! type: String! context: String! selection: join__FieldValue! }
scalar join__FieldValue
type Query @join__type(graph: A) { cart: Cart }
type Cart @join__type(graph: A, key: "id") {
  id: ID!
  total: String @join__field(graph: A, contextArguments: [{context: "a__userCtx", name: "lang", type: "String", selection: " { lang }"}])
}
"""
    )
    (j,) = read_supergraph(sdl).types["Cart"].fields["total"].joins
    assert j.context_arguments == (ContextArgument("lang", "String", "a__userCtx", " { lang }"),)
    bad = sdl.replace('name: "lang", ', "")
    with pytest.raises(SupergraphError, match="need name, type, context and selection"):
        read_supergraph(bad)
