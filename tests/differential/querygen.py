"""A hypothesis strategy for valid random queries over an API schema: fields (those whose
arguments are all optional), aliases, inline fragments on possible types, ``__typename``, and
``@skip``/``@include`` with literals that keep the field (excluding literals hit a gateway bug, pinned
in test_gateway_differential.py). Depth and width are bounded."""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
    is_leaf_type,
    is_non_null_type,
)
from hypothesis import strategies as st

Composite = GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType


def _fields(t: Composite) -> list[str]:
    if isinstance(t, GraphQLUnionType):
        return []
    return sorted(
        name
        for name, f in t.fields.items()
        if not name.startswith("__")
        and all(
            not is_non_null_type(a.type) or a.default_value is not None for a in f.args.values()
        )
    )


@st.composite
def selection_set(draw: Any, schema: GraphQLSchema, t: Composite, depth: int) -> str:
    names = _fields(t)
    items: list[str] = []
    for i in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["field", "field", "typename", "fragment"]))
        if kind == "typename" or not names and kind == "field":
            items.append(draw(st.sampled_from(["__typename", f"t{i}: __typename"])))
            continue
        if kind == "fragment":
            possible = sorted(p.name for p in schema.get_possible_types(t)) or [t.name]
            on = draw(st.sampled_from(possible))
            target = schema.get_type(on)
            assert isinstance(target, Composite)
            if depth <= 0 and not _leafy(target):
                items.append("__typename")
                continue
            items.append(f"... on {on} {draw(selection_set(schema, target, depth))}")
            continue
        name = draw(st.sampled_from(names))
        assert not isinstance(t, GraphQLUnionType)
        ftype = get_named_type(t.fields[name].type)
        alias = draw(st.sampled_from(["", f"a{i}_{name}: "]))
        directive = draw(st.sampled_from(["", "", "", " @skip(if: false)", " @include(if: true)"]))
        if is_leaf_type(ftype):
            # An alias keeps the response key unique when a field repeats with a directive.
            items.append(f"{alias or f'k{i}_{name}: '}{name}{directive}")
        elif depth > 0:
            assert isinstance(ftype, Composite)
            sub = draw(selection_set(schema, ftype, depth - 1))
            items.append(f"{alias or f'k{i}_{name}: '}{name}{directive} {sub}")
        else:
            items.append("__typename")
    return "{ " + " ".join(items) + " }"


def _leafy(t: Composite) -> bool:
    return not isinstance(t, GraphQLUnionType) and any(
        is_leaf_type(get_named_type(f.type)) for f in t.fields.values()
    )


def queries(schema: GraphQLSchema, depth: int = 3) -> st.SearchStrategy[str]:
    root = schema.query_type
    assert root is not None
    return selection_set(schema, root, depth)
