"""Command line for CI: ``compose`` a supergraph and ``check`` it for breaking changes.

Exit codes: 0 success, 1 composition errors (or breaking changes for ``check``),
2 usage, config or I/O errors (one ``error: ...`` line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from composer.compose import CompositionResult, compose
from composer.config import ConfigError, load_config
from composer.errors import CompositionError, Hint
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


def format_error(error: CompositionError) -> str:
    """Compiler-style text: ``error[CODE]: message`` then ``  --> file:line:col`` lines."""
    return _diagnostic("error", error.code.value, error.message, error.subgraph, error)


def format_hint(hint: Hint) -> str:
    return _diagnostic("hint", hint.code.value, hint.message, hint.subgraph, None)


def _diagnostic(
    kind: str, code: str, message: str, subgraph: str | None, error: CompositionError | None
) -> str:
    lines = [f"{kind}[{code}]: {message}"]
    named = f" (subgraph '{subgraph}')" if subgraph else ""
    locations = error.locations if error is not None else ()
    lines += [f"  --> {loc}{named}" for loc in locations]
    if not locations and subgraph:
        lines.append(f"  --> subgraph '{subgraph}'")
    return "\n".join(lines)


def result_document(result: CompositionResult, with_supergraph: bool) -> dict[str, object]:
    """The ``--format json`` document: ok, errors, hints (and the supergraph if asked)."""
    doc: dict[str, object] = {
        "ok": result.ok,
        "errors": [e.to_json() for e in result.errors],
        "hints": [h.to_json() for h in result.hints],
    }
    if with_supergraph and result.ok:
        doc["supergraphSdl"] = result.supergraph_sdl
    return doc


def print_composition_failure(result: CompositionResult, fmt: str) -> None:
    """Errors and hints of a failed composition: JSON on stdout, or text on stderr."""
    if fmt == "json":
        print(json.dumps(result_document(result, with_supergraph=False), indent=2))
        return
    for e in result.errors:
        print(format_error(e), file=sys.stderr)
    for h in result.hints:
        print(format_hint(h), file=sys.stderr)
    print(f"error: composition failed with {len(result.errors)} error(s)", file=sys.stderr)


def compose_or_exit(args: argparse.Namespace) -> CompositionResult | int:
    try:
        return compose_from_config(args.config, args.timeout)
    except ConfigError as exc:
        return usage_error(str(exc), args.format, "CONFIG_ERROR")
    except SourceError as exc:
        return usage_error(str(exc), args.format, "SUBGRAPH_SOURCE_ERROR")


def cmd_compose(args: argparse.Namespace) -> int:
    result = compose_or_exit(args)
    if isinstance(result, int):
        return result
    if not result.ok or result.supergraph_sdl is None:
        print_composition_failure(result, args.format)
        return EXIT_FAILED
    if args.output:
        try:
            args.output.write_text(result.supergraph_sdl, encoding="utf-8")
        except OSError as exc:
            message = f"{args.output}: cannot write: {exc.strerror or exc}"
            return usage_error(message, args.format, "OUTPUT_ERROR")
    if args.format == "json":
        print(json.dumps(result_document(result, with_supergraph=not args.output), indent=2))
        return EXIT_OK
    for h in result.hints:
        print(format_hint(h), file=sys.stderr)
    if not args.output:
        sys.stdout.write(result.supergraph_sdl)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from composer.check import run_check

    return run_check(args)


def usage_error(message: str, fmt: str, code: str = "CONFIG_ERROR") -> int:
    """Report a usage, config or I/O error as one line (and a JSON document in JSON mode)."""
    if fmt == "json":
        error: dict[str, object] = {
            "code": code,
            "message": message,
            "subgraph": None,
            "locations": [],
        }
        print(json.dumps({"ok": False, "errors": [error], "hints": []}))
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
