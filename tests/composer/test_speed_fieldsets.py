"""Field sets are parsed once per distinct text: the same node for the same text, the same
syntax errors as parsing afresh, and nodes no field-set check changes."""

from __future__ import annotations

import pytest
from graphql import GraphQLSyntaxError, parse, print_ast

from bench.gen_subgraphs import generate
from composer import SubgraphSource, compose
from composer.validate.fieldsets import parse_selection


def test_same_text_same_node() -> None:
    assert parse_selection("id org { id }") is parse_selection("id org { id }")


@pytest.mark.parametrize("text", ["a {", "id(", "... on", "{ id }}"])
def test_syntax_errors_as_when_parsed_afresh(text: str) -> None:
    with pytest.raises(GraphQLSyntaxError) as fresh:
        parse("{" + text + "}", no_location=True)
    with pytest.raises(GraphQLSyntaxError) as ours:
        parse_selection(text)
    assert ours.value.message == fresh.value.message
    with pytest.raises(GraphQLSyntaxError):
        parse_selection(text)


def test_composing_leaves_shared_nodes_unchanged() -> None:
    texts = ["id", "weight", "name", "id org { id }"]
    before = [print_ast(parse_selection(t)) for t in texts]
    nodes = [parse_selection(t) for t in texts]
    sources = [SubgraphSource(n, u, s, n) for n, u, s in generate(4, 12)]
    assert compose(sources).ok
    assert all(parse_selection(t) is n for t, n in zip(texts, nodes, strict=True))
    assert [print_ast(n) for n in nodes] == before
