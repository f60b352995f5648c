"""``check``: compose, then classify API schema changes against a previous schema."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from typing import Literal

from graphql import (
    GraphQLError,
    GraphQLSchema,
    build_ast_schema,
    find_breaking_changes,
    find_dangerous_changes,
    parse,
)

from composer.config import ConfigError
from composer.sources import SourceError
from composer.supergraph import ApiSchemaError, build_api_schema

Level = Literal["breaking", "dangerous"]


@dataclass(frozen=True, slots=True)
class SchemaChange:
    level: Level
    code: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"level": self.level, "code": self.code, "message": self.message}


def diff_api_schemas(old: GraphQLSchema, new: GraphQLSchema) -> list[SchemaChange]:
    """Changes from ``old`` to ``new`` that can break or surprise clients, sorted."""
    changes = [
        SchemaChange("breaking", c.type.name, c.description)
        for c in find_breaking_changes(old, new)
    ]
    changes += [
        SchemaChange("dangerous", c.type.name, c.description)
        for c in find_dangerous_changes(old, new)
    ]
    return sorted(changes, key=lambda c: (c.level, c.code, c.message))


def load_schema(sdl: str) -> GraphQLSchema:
    """A previous schema: a supergraph (its API schema is used) or a plain API schema.

    Raises:
        ApiSchemaError: the SDL does not parse or build.
    """
    if "specs.apollo.dev/join/" in sdl:
        return build_api_schema(sdl)
    try:
        return build_ast_schema(parse(sdl))
    except (GraphQLError, TypeError) as exc:
        raise ApiSchemaError(f"previous schema is invalid: {exc}") from None


def run_check(args: argparse.Namespace) -> int:
    from composer.cli import EXIT_FAILED, EXIT_OK, _print_result, _usage_error, compose_from_config

    try:
        previous_sdl = args.against.read_text(encoding="utf-8")
    except OSError as exc:
        return _usage_error(f"{args.against}: cannot read: {exc.strerror or exc}", args.format)
    try:
        old = load_schema(previous_sdl)
        result = compose_from_config(args.config, args.timeout)
    except (ConfigError, SourceError, ApiSchemaError) as exc:
        return _usage_error(str(exc), args.format)
    if not result.ok or result.supergraph_sdl is None:
        _print_result(result, args.format)
        return EXIT_FAILED
    changes = diff_api_schemas(old, build_api_schema(result.supergraph_sdl))
    breaking = [c for c in changes if c.level == "breaking"]
    if args.format == "json":
        print(json.dumps({"ok": not breaking, "changes": [c.to_json() for c in changes]}, indent=2))
    else:
        for c in changes:
            print(f"{c.level.upper()} {c.code}: {c.message}")
        print(
            f"{len(breaking)} breaking, {len(changes) - len(breaking)} dangerous change(s)",
            file=sys.stderr,
        )
    return EXIT_FAILED if breaking else EXIT_OK
