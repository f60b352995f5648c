"""The lexer of the fast SDL parser (``composer.supergraph.sdl_parser``): graphql-core's
tokens, with the same offsets, lines, columns and values, cut by one regular expression.

Anything unusual (invalid characters, unterminated strings, escapes beyond the classic ones,
surrogates) raises ``Unsupported``: the document is then left to graphql-core, whose error is
the one reported.
"""

from __future__ import annotations

import re

from graphql.language.ast import Token
from graphql.language.block_string import dedent_block_string_lines
from graphql.language.token_kind import TokenKind

__all__ = ["Unsupported", "has_unusual_characters", "tokens"]


class Unsupported(Exception):
    """The fast path does not handle this document; graphql-core parses it."""


# One match per significant token: the ignored text before it (whitespace, commas, line breaks,
# comments), then one alternative per token class. A position where no token starts (an
# invalid character, an unterminated string, ...) does not match, and the document falls back.
# Possessive quantifiers: the ignored text is never re-read as tokens, and an unterminated
# block string is never taken for an empty string followed by a quote.
_TOKEN = re.compile(
    r"""
    (?P<ignored>(?:[ \t,\ufeff]+|\r\n|[\n\r]|\#[^\n\r]*+)*+)
    (?:
    (?P<name>[_A-Za-z][_0-9A-Za-z]*)
    |(?P<punct>[!$&():=@\[\]{|}])
    |(?P<block>\"\"\"(?:\\\"\"\"|[^"\\]|\\(?!\"\"\")|"(?!""))*+\"\"\")
    |(?P<string>(?!\"\"\")"(?:[^"\\\n\r]|\\["\\/bfnrt]|\\u[0-9A-Fa-f]{4})*+")
    |(?P<number>-?(?:0|[1-9][0-9]*)(?P<frac>\.[0-9]+)?(?P<exp>[eE][+-]?[0-9]+)?)
    |(?P<spread>\.\.\.)
    |(?P<eof>\Z)
    )
    """,
    re.VERBOSE,
)
# Characters the fast path leaves to graphql-core (it validates them precisely).
_UNUSUAL = re.compile(r"[\ud800-\udfff]")
_AFTER_NUMBER = re.compile(r"[._0-9A-Za-z]")
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|(.))")
_LINE_BREAK = re.compile(r"\r\n|[\n\r]")

_PUNCT_KIND = {
    "!": TokenKind.BANG,
    "$": TokenKind.DOLLAR,
    "&": TokenKind.AMP,
    "(": TokenKind.PAREN_L,
    ")": TokenKind.PAREN_R,
    ":": TokenKind.COLON,
    "=": TokenKind.EQUALS,
    "@": TokenKind.AT,
    "[": TokenKind.BRACKET_L,
    "]": TokenKind.BRACKET_R,
    "{": TokenKind.BRACE_L,
    "|": TokenKind.PIPE,
    "}": TokenKind.BRACE_R,
}


def _unescape(raw: str) -> str:
    def one(m: re.Match[str]) -> str:
        if m.group(1) is not None:
            code = int(m.group(1), 16)
            if 0xD800 <= code <= 0xDFFF:
                raise Unsupported  # surrogate pairs: graphql-core's rules
            return chr(code)
        return _ESCAPES[m.group(2)]

    return _ESCAPE.sub(one, raw)


def _block_value(raw: str) -> str:
    lines = _LINE_BREAK.split(raw.replace('\\"""', '"""'))
    return "\n".join(dedent_block_string_lines(lines))


def tokens(body: str) -> list[Token]:
    """The significant tokens of ``body`` followed by EOF, with graphql-core's positions."""
    out: list[Token] = []
    append = out.append
    line = 1
    line_start = 0
    pos = 0
    end = len(body)
    match = _TOKEN.match
    while True:
        m = match(body, pos)
        if m is None:
            raise Unsupported
        ignored = m.group("ignored")
        if "\n" in ignored or "\r" in ignored:
            line += ignored.count("\n") + ignored.count("\r") - ignored.count("\r\n")
            line_start = pos + max(ignored.rfind("\n"), ignored.rfind("\r")) + 1
        start = pos + len(ignored)
        stop = m.end()
        column = start - line_start + 1
        kind = m.lastgroup
        if kind == "name":
            append(Token(TokenKind.NAME, start, stop, line, column, body[start:stop]))
        elif kind == "punct":
            append(Token(_PUNCT_KIND[body[start]], start, stop, line, column))
        elif kind == "string":
            raw = body[start + 1 : stop - 1]
            value = _unescape(raw) if "\\" in raw else raw
            append(Token(TokenKind.STRING, start, stop, line, column, value))
        elif kind == "block":
            raw = body[start + 3 : stop - 3]
            append(Token(TokenKind.BLOCK_STRING, start, stop, line, column, _block_value(raw)))
            breaks = list(_LINE_BREAK.finditer(raw))
            if breaks:
                line += len(breaks)
                line_start = start + 3 + breaks[-1].end()
        elif kind == "number":
            if stop < end and _AFTER_NUMBER.match(body, stop):
                raise Unsupported
            number_kind = TokenKind.FLOAT if m.group("frac") or m.group("exp") else TokenKind.INT
            append(Token(number_kind, start, stop, line, column, body[start:stop]))
        elif kind == "spread":
            append(Token(TokenKind.SPREAD, start, stop, line, column))
        else:
            append(Token(TokenKind.EOF, end, end, line, column))
            return out
        pos = stop


def has_unusual_characters(text: str) -> bool:
    """Surrogates: graphql-core's rules for them are not reproduced here."""
    return _UNUSUAL.search(text) is not None
