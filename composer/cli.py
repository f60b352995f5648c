"""Command line for CI: ``compose`` a supergraph and ``check`` it for breaking changes.

Exit codes: 0 success, 1 composition errors (or breaking changes for ``check``),
2 usage, config or I/O errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from composer.compose import CompositionResult, compose
from composer.config import ConfigError, load_config
from composer.sources import SourceError, read_sources

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def add_compose_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("compose", help="compose subgraphs into a supergraph SDL")
    p.add_argument("--config", "-c", type=Path, default=Path("supergraph.yaml"))
    p.add_argument("--output", "-o", type=Path, help="write the supergraph here (default: stdout)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds per subgraph_url fetch")
    p.set_defaults(func=cmd_compose)


def add_check_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("check", help="compose, then compare the API schema with a previous one")
    p.add_argument("--config", "-c", type=Path, default=Path("supergraph.yaml"))
    p.add_argument(
        "--against", required=True, type=Path, help="previous supergraph or API schema SDL"
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--timeout", type=float, default=10.0)
    p.set_defaults(func=cmd_check)


def compose_from_config(config_path: Path, timeout: float) -> CompositionResult:
    """Load the config, read every subgraph and compose.

    Raises:
        ConfigError, SourceError: bad config or unreadable subgraph.
    """
    config = load_config(config_path)
    return compose(read_sources(config, timeout))


def _print_result(result: CompositionResult, fmt: str) -> None:
    if fmt == "json":
        doc = {
            "ok": result.ok,
            "errors": [e.to_json() for e in result.errors],
            "hints": [h.to_json() for h in result.hints],
        }
        print(json.dumps(doc, indent=2))
        return
    for e in result.errors:
        print(f"error: {e.format()}", file=sys.stderr)
    for h in result.hints:
        print(f"hint: {h.format()}", file=sys.stderr)


def cmd_compose(args: argparse.Namespace) -> int:
    try:
        result = compose_from_config(args.config, args.timeout)
    except (ConfigError, SourceError) as exc:
        return _usage_error(str(exc), args.format)
    if not result.ok or result.supergraph_sdl is None:
        _print_result(result, args.format)
        if args.format == "text":
            print(f"composition failed with {len(result.errors)} error(s)", file=sys.stderr)
        return EXIT_FAILED
    if args.output:
        try:
            args.output.write_text(result.supergraph_sdl, encoding="utf-8")
        except OSError as exc:
            return _usage_error(f"{args.output}: cannot write: {exc.strerror or exc}", args.format)
        if args.format == "json":
            _print_result(result, "json")
        else:
            _print_result(result, "text")
    else:
        if args.format == "json":
            doc = {
                "ok": True,
                "supergraphSdl": result.supergraph_sdl,
                "errors": [],
                "hints": [h.to_json() for h in result.hints],
            }
            print(json.dumps(doc, indent=2))
        else:
            _print_result(result, "text")
            sys.stdout.write(result.supergraph_sdl)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from composer.check import run_check

    return run_check(args)


def _usage_error(message: str, fmt: str) -> int:
    if fmt == "json":
        print(json.dumps({"ok": False, "errors": [{"code": "CONFIG_ERROR", "message": message}]}))
    print(f"error: {message}", file=sys.stderr)
    return EXIT_USAGE


def build_parser(prog: str = "switchyard") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    add_compose_parser(sub)
    add_check_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser("python -m composer")
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code
