"""The ``switchyard`` command: composer subcommands plus the router's own."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import orjson

from composer.cli import add_check_parser, add_compose_parser

__all__ = ["add_plan_parser", "add_router_parser", "build_parser", "main", "router_main"]


def _load_router(path: str, config: object = None) -> object:
    from composer.supergraph.api_schema import ApiSchemaError
    from composer.supergraph.reader import SupergraphError
    from router.client import AiohttpSubgraphClient
    from router.server import RouterConfig
    from router.service import Router

    cfg = config if isinstance(config, RouterConfig) else RouterConfig()

    try:
        sdl = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        print(f"error: cannot read supergraph {path}: {exc.strerror}", file=sys.stderr)
        return None
    try:
        client = AiohttpSubgraphClient(header_rules=cfg.headers)
        return Router.from_sdl(sdl, client, options=cfg.options)
    except (SupergraphError, ApiSchemaError) as exc:
        print(f"error: {path}: {exc}", file=sys.stderr)
        return None


def _load_config(path: str | None) -> object:
    from router.server import ConfigError, RouterConfig, load_config

    if path is None:
        return RouterConfig()
    try:
        return load_config(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        print(f"error: cannot read config {path}: {exc.strerror}", file=sys.stderr)
    except ConfigError as exc:
        print(f"error: {path}: {exc}", file=sys.stderr)
    return None


def _run_router(args: argparse.Namespace) -> int:
    import dataclasses

    from router.server import RouterConfig, serve
    from router.service import Router

    config = _load_config(args.config)
    if not isinstance(config, RouterConfig):
        return 2
    # Command-line flags win over the file.
    if args.workers is not None:
        config = dataclasses.replace(config, workers=args.workers)
    if args.inbound_dedup:
        config = dataclasses.replace(config, inbound_dedup=True)
    router = _load_router(args.supergraph, config)
    if not isinstance(router, Router):
        return 2
    host = args.host or (config.host if config.port is not None else "127.0.0.1")
    port = args.port or config.port or 4000
    return serve(router, host=host, port=port, config=config)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def _run_plan(args: argparse.Namespace) -> int:
    from router.errors import RequestError
    from router.plan import explain, plan_to_json
    from router.service import Router

    router = _load_router(args.supergraph)
    if not isinstance(router, Router):
        return 2
    try:
        query = Path(args.query).read_text(encoding="utf-8")
    except OSError as exc:
        print(f"error: cannot read {args.query}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        prepared = router.prepare(query, args.operation_name)
    except RequestError as exc:
        for e in exc.errors:
            print(f"error: {e['extensions']['code']}: {e['message']}", file=sys.stderr)
        return 1
    if args.json:
        sys.stdout.write(
            orjson.dumps(plan_to_json(prepared.plan), option=orjson.OPT_INDENT_2).decode()
        )
        sys.stdout.write("\n")
    else:
        print(explain(prepared.plan))
    return 0


def add_router_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("router", help="serve a supergraph over HTTP (POST /graphql)")
    add_router_arguments(p)
    p.set_defaults(func=_run_router)


def add_router_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--supergraph", required=True, help="supergraph SDL file")
    p.add_argument("--port", type=int, default=None, help="default: supergraph.listen, or 4000")
    p.add_argument("--host", default=None, help="default: supergraph.listen, or 127.0.0.1")
    p.add_argument("--config", default=None, help="router.yaml (Apollo Router's key names)")
    p.add_argument(
        "--workers",
        type=_positive,
        default=None,
        metavar="N",
        help="processes serving the port, each with its own event loop and plan cache "
        "(default: supergraph.workers, or 1)",
    )
    p.add_argument(
        "--inbound-dedup",
        action="store_true",
        help="identical queries in flight together share one execution "
        "(traffic_shaping.router.deduplicate_query)",
    )


def add_plan_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("plan", help="print the query plan of an operation")
    p.add_argument("--supergraph", required=True, help="supergraph SDL file")
    p.add_argument("query", help="file holding the GraphQL operation")
    p.add_argument("--operation-name", default=None)
    p.add_argument("--json", action="store_true", help="print Apollo's JSON plan shape")
    p.set_defaults(func=_run_plan)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="switchyard", description="GraphQL Federation v2: compose, check, plan and route."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    add_compose_parser(sub)
    add_check_parser(sub)
    add_router_parser(sub)
    add_plan_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


def router_main(argv: Sequence[str] | None = None) -> int:
    """``python -m router --supergraph FILE --port N``."""
    parser = argparse.ArgumentParser(prog="python -m router", description="Serve a supergraph.")
    add_router_arguments(parser)
    return _run_router(parser.parse_args(argv))
