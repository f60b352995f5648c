"""Field sets (``@key``/``@requires``/``@provides`` ``fields:`` strings) as selections."""

from __future__ import annotations

from functools import lru_cache

from graphql import GraphQLSyntaxError, parse
from graphql.language import ast


@lru_cache(maxsize=4096)
def parse_fieldset(fields: str) -> ast.SelectionSetNode | None:
    """The selection set of ``{ fields }``, or None when it does not parse."""
    try:
        doc = parse("{" + fields + "}", no_location=True)
    except GraphQLSyntaxError:
        return None
    op = doc.definitions[0]
    assert isinstance(op, ast.OperationDefinitionNode)
    return op.selection_set


def fieldset_field_names(fields: str) -> set[str]:
    """Names of the top-level fields a field set selects (inline fragments flattened)."""
    sel = parse_fieldset(fields)
    out: set[str] = set()
    if sel is None:
        return out
    stack = list(sel.selections)
    while stack:
        s = stack.pop()
        if isinstance(s, ast.FieldNode):
            out.add(s.name.value)
        elif isinstance(s, ast.InlineFragmentNode):
            stack.extend(s.selection_set.selections)
    return out
