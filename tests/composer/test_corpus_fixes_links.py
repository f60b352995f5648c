"""Composition outcomes pinned to @apollo/composition's: ``@link`` URLs and the names linked
specs give their elements, and federation directives a subgraph redefines (see
test_corpus_fixes.py for the harness).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from tests.composer.test_corpus_fixes import (
    Pinned,
    apollo_outcomes,
    check_apollo,
    check_messages,
    check_ours,
)
from tests.composer.test_differential_cases import Outcome, fed2

_INVALID = ("INVALID_GRAPHQL",)


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
PINNED: Pinned = {
    **LINK_URLS,
    **LINK_NAMES,
    **REDEFINITIONS,
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
