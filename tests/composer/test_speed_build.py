"""The build stage prints type references itself: exactly what graphql-core prints."""

from __future__ import annotations

from graphql import parse_type, print_ast
from graphql.language import ast
from hypothesis import given
from hypothesis import strategies as st

from composer.subgraph.build import type_str

_NAMES = st.sampled_from(["Int", "String", "ID", "User", "federation__FieldSet", "_Any"])


@st.composite
def _types(draw: st.DrawFn) -> str:
    """A type reference: a name wrapped in lists and non-nulls (never twice non-null)."""
    text = draw(_NAMES)
    for wrapper in draw(st.lists(st.sampled_from(["list", "non-null"]), max_size=6)):
        if wrapper == "list":
            text = f"[{text}]"
        elif not text.endswith("!"):
            text += "!"
    return text


@given(_types())
def test_type_references_print_as_graphql_core_prints_them(text: str) -> None:
    node: ast.TypeNode = parse_type(text, no_location=True)
    assert type_str(node) == print_ast(node) == text
