"""The ``switchyard`` command: composer subcommands plus the router's own."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from composer.cli import add_check_parser, add_compose_parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="switchyard", description="GraphQL Federation v2: compose, check, plan and route."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    add_compose_parser(sub)
    add_check_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code
