"""``check``: compose, then classify API schema changes against a previous schema."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from graphql import GraphQLError, GraphQLSchema, Source, build_ast_schema, parse
from graphql.validation.validate import validate_sdl

from composer.changes import Level, SchemaChange, diff_schemas, format_text, summarize
from composer.supergraph import ApiSchemaError, build_api_schema


class PreviousSchemaError(Exception):
    """The ``--against`` schema cannot be read, parsed or built."""


def _where(exc: GraphQLError, path: Path) -> str:
    if exc.locations:
        loc = exc.locations[0]
        return f"{path}:{loc.line}:{loc.column}"
    return str(path)


def load_previous(path: Path) -> GraphQLSchema:
    """The schema to compare against: a supergraph (its API schema is used) or an API schema.

    Raises:
        PreviousSchemaError: unreadable file, syntax error (with its location) or invalid schema.
    """
    try:
        sdl = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PreviousSchemaError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise PreviousSchemaError(f"{path}: not UTF-8 text") from None
    try:
        document = parse(Source(sdl, str(path)))
    except GraphQLError as exc:
        raise PreviousSchemaError(f"{_where(exc, path)}: {exc.message}") from None
    if "specs.apollo.dev/join/" in sdl:
        try:
            return build_api_schema(sdl)
        except ApiSchemaError as exc:
            raise PreviousSchemaError(f"{path}: {exc}") from None
    errors = validate_sdl(document)
    if errors:
        first = errors[0]
        raise PreviousSchemaError(f"{_where(first, path)}: invalid schema: {first.message}")
    try:
        return build_ast_schema(document, assume_valid_sdl=True)
    except GraphQLError as exc:
        raise PreviousSchemaError(f"{_where(exc, path)}: invalid schema: {exc.message}") from None
    except TypeError as exc:
        raise PreviousSchemaError(f"{path}: invalid schema: {exc}") from None


def check_document(changes: list[SchemaChange]) -> dict[str, object]:
    """The ``--format json`` document of a check that composed."""
    return {
        "ok": not any(c.level == Level.BREAKING for c in changes),
        "changes": [c.to_json() for c in changes],
        "summary": summarize(changes),
    }


def run_check(args: argparse.Namespace) -> int:
    """Compose from ``args.config`` and compare with ``args.against``; returns the exit code."""
    from composer.cli import (
        EXIT_FAILED,
        EXIT_OK,
        compose_or_exit,
        print_composition_failure,
        result_document,
        usage_error,
    )

    try:
        old = load_previous(args.against)
    except PreviousSchemaError as exc:
        return usage_error(str(exc), args.format, "PREVIOUS_SCHEMA_ERROR")
    result = compose_or_exit(args)
    if isinstance(result, int):
        return result
    if not result.ok or result.supergraph_sdl is None:
        if args.format == "json":
            doc = {**check_document([]), **result_document(result, with_supergraph=False)}
            print(json.dumps(doc, indent=2))
        else:
            print_composition_failure(result, args.format)
        return EXIT_FAILED
    try:
        new = build_api_schema(result.supergraph_sdl)
    except ApiSchemaError as exc:
        return usage_error(f"composed supergraph: {exc}", args.format, "INTERNAL_ERROR")
    changes = diff_schemas(old, new)
    doc = check_document(changes)
    if args.format == "json":
        print(json.dumps(doc, indent=2))
    else:
        sys.stdout.write(format_text(changes))
    return EXIT_OK if doc["ok"] else EXIT_FAILED
