"""The HTTP server: ``POST``/``GET /graphql`` and ``GET /health`` (starlette + uvicorn), and its
YAML configuration (typed, unknown keys rejected with a suggestion; names as Apollo Router's).

Never answers 500 for a client's mistake: bad JSON, content types, sizes and methods are 4xx
with a GraphQL error body. Header values are never logged (tokens, cookies).
"""

from __future__ import annotations

import contextlib
import difflib
import logging
import re
import uuid
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
import yaml
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from router.client import HeaderRule, HeaderRules
from router.dedup import InflightDeduplicator, dedup_key
from router.errors import ErrorCode, RequestError, graphql_error
from router.service import Limits, Router, RouterOptions
from router.workers import run_server

__all__ = ["ConfigError", "RouterConfig", "create_app", "load_config", "parse_config", "serve"]

log = logging.getLogger("switchyard.router")

_JSON_TYPES = ("application/json", "application/graphql-response+json")


class ConfigError(ValueError):
    """The router configuration is invalid; the message names the key and a suggestion."""


@dataclass(frozen=True, slots=True)
class RouterConfig:
    """The router's configuration file, typed.

    ``inbound_dedup`` is ``traffic_shaping.router.deduplicate_query`` (or ``--inbound-dedup``):
    identical client queries in flight together share one execution (``router/dedup.py``).
    Apollo Router's ``traffic_shaping.router`` holds the rules for client requests and
    ``deduplicate_query`` is its name for in-flight query de-duplication, which it offers
    towards subgraphs only (``traffic_shaping.all``); Hive Router calls the inbound form
    ``traffic_shaping.router.dedupe``.

    ``workers`` is ``supergraph.workers`` (or ``--workers N``): processes serving the same
    port (``router/workers.py``). DIVERGENCE: Apollo Router is multi-threaded and has no such
    key; it sits next to ``supergraph.listen``, the other setting of the HTTP server.
    """

    host: str = "127.0.0.1"
    port: int | None = None
    options: RouterOptions = RouterOptions()
    headers: HeaderRules = HeaderRules()
    max_request_bytes: int = 2_000_000
    inbound_dedup: bool = False
    workers: int = 1


def _keys(where: str, value: Any, allowed: tuple[str, ...]) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a mapping")
    for k in value:
        if k not in allowed:
            near = difflib.get_close_matches(str(k), allowed, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else f"; known keys: {', '.join(allowed)}"
            raise ConfigError(f"{where}: unknown key '{k}'{hint}")
    return value


def _typed(where: str, value: Any, kind: type) -> Any:
    if value is None:
        return None
    if kind is int and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise ConfigError(f"{where}: expected a non-negative integer")
    if not isinstance(value, kind):
        raise ConfigError(f"{where}: expected {kind.__name__}")
    return value


def _regex(where: str, value: Any) -> re.Pattern[str]:
    try:
        return re.compile(_typed(where, value, str), re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"{where}: invalid regex: {exc}") from None


def _rule(where: str, item: Any) -> HeaderRule:
    top = _keys(where, item, ("propagate", "insert", "remove"))
    if len(top) != 1:
        raise ConfigError(f"{where}: a rule has exactly one of propagate, insert, remove")
    kind, body = next(iter(top.items()))
    w = f"{where}.{kind}"
    if kind == "insert":
        b = _keys(w, body, ("name", "value"))
        name = _typed(f"{w}.name", b.get("name"), str)
        value = _typed(f"{w}.value", b.get("value"), str)
        if not name or value is None:
            raise ConfigError(f"{w}: needs name and value")
        return HeaderRule("insert", named=name, value=value)
    allowed = (
        ("named", "matching", "rename", "default") if kind == "propagate" else ("named", "matching")
    )
    b = _keys(w, body, allowed)
    if ("named" in b) == ("matching" in b):
        raise ConfigError(f"{w}: give exactly one of named, matching")
    return HeaderRule(
        kind,
        named=_typed(f"{w}.named", b.get("named"), str),
        matching=_regex(f"{w}.matching", b["matching"]) if "matching" in b else None,
        rename=_typed(f"{w}.rename", b.get("rename"), str),
        default=_typed(f"{w}.default", b.get("default"), str),
    )


def _rules(where: str, value: Any) -> tuple[HeaderRule, ...]:
    section = _keys(where, value, ("request",))
    items = section.get("request") or []
    if not isinstance(items, list):
        raise ConfigError(f"{where}.request: expected a list of rules")
    return tuple(_rule(f"{where}.request[{i}]", item) for i, item in enumerate(items))


def parse_config(raw: Any) -> RouterConfig:
    """Build the typed configuration from decoded YAML.

    Raises:
        ConfigError: an unknown key (with a suggestion) or a value of the wrong type.
    """
    top = _keys(
        "config",
        raw,
        ("supergraph", "headers", "include_subgraph_errors", "limits", "traffic_shaping"),
    )
    sup = _keys("supergraph", top.get("supergraph"), ("listen", "introspection", "workers"))
    given = _typed("supergraph.workers", sup.get("workers"), int)
    workers = 1 if given is None else given
    if workers < 1:
        raise ConfigError("supergraph.workers: expected at least 1")
    shaping = _keys("traffic_shaping", top.get("traffic_shaping"), ("router",))
    inbound = _keys("traffic_shaping.router", shaping.get("router"), ("deduplicate_query",))
    dedup = _typed(
        "traffic_shaping.router.deduplicate_query", inbound.get("deduplicate_query", False), bool
    )
    host, port = "127.0.0.1", None
    if "listen" in sup:
        listen = _typed("supergraph.listen", sup["listen"], str)
        h, sep, p = listen.rpartition(":")
        if not sep or not p.isdigit():
            raise ConfigError("supergraph.listen: expected HOST:PORT")
        host, port = h, int(p)
    lim = _keys(
        "limits",
        top.get("limits"),
        ("max_depth", "max_height", "max_aliases", "max_root_fields", "http_max_request_bytes"),
    )
    limits = Limits(
        **{k: _typed(f"limits.{k}", v, int) for k, v in lim.items() if k.startswith("max_")}
    )
    errs = _keys(
        "include_subgraph_errors", top.get("include_subgraph_errors"), ("all", "subgraphs")
    )
    subs = _keys(
        "include_subgraph_errors.subgraphs",
        errs.get("subgraphs"),
        tuple(errs.get("subgraphs") or ()),
    )
    hdr = _keys("headers", top.get("headers"), ("all", "subgraphs"))
    per = hdr.get("subgraphs") or {}
    _keys("headers.subgraphs", per, tuple(per))
    options = RouterOptions(
        limits=limits,
        introspection=bool(
            _typed("supergraph.introspection", sup.get("introspection", True), bool)
        ),
        include_subgraph_errors=bool(
            _typed("include_subgraph_errors.all", errs.get("all", True), bool)
        ),
        subgraph_errors=tuple(
            sorted(
                (k, bool(_typed(f"include_subgraph_errors.subgraphs.{k}", v, bool)))
                for k, v in subs.items()
            )
        ),
    )
    headers = HeaderRules(
        all=_rules("headers.all", hdr.get("all")),
        subgraphs={k: _rules(f"headers.subgraphs.{k}", v) for k, v in per.items()},
    )
    body = _typed("limits.http_max_request_bytes", lim.get("http_max_request_bytes"), int)
    return RouterConfig(
        host,
        port,
        options,
        headers,
        body if body is not None else 2_000_000,
        inbound_dedup=bool(dedup),
        workers=workers,
    )


def load_config(text: str) -> RouterConfig:
    """Parse a YAML configuration. Raises ConfigError."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"config is not valid YAML: {exc}") from None
    return parse_config(raw)


def _json(body: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    return Response(
        orjson.dumps(body), status_code=status, media_type="application/json", headers=headers
    )


def _error(status: int, message: str, code: ErrorCode) -> Response:
    return _json({"errors": [graphql_error(message, code)]}, status)


async def _read_body(request: Request, limit: int) -> bytes | None:
    """The body, or None when it exceeds ``limit`` bytes (checked while streaming)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _get_payload(request: Request) -> dict[str, Any] | Response:
    params = request.query_params
    payload: dict[str, Any] = {k: params[k] for k in ("query", "operationName") if k in params}
    for k in ("variables", "extensions"):
        if k in params:
            try:
                payload[k] = orjson.loads(params[k])
            except orjson.JSONDecodeError:
                return _error(400, f"`{k}` is not valid JSON", ErrorCode.BAD_REQUEST)
    return payload


def _is_query(router: Router, payload: dict[str, Any]) -> bool:
    """Whether the request's operation is a query (the plan cache makes this a lookup)."""
    name = payload.get("operationName")
    try:
        prepared = router.prepare(payload["query"], name if isinstance(name, str) else None)
    except RequestError:
        return False  # fails alike for everyone; not worth sharing
    except Exception:
        return False  # the request's own execution reports (and logs) it
    return prepared.operation.operation.value == "query"


def create_app(router: Router, config: RouterConfig | None = None) -> Starlette:
    """A starlette app serving ``router``; closes the router's client on shutdown.

    With ``config.inbound_dedup``, identical queries in flight together share one execution
    and the same response bytes (``router/dedup.py``); the app's ``state.dedup`` holds the
    de-duplicator.
    """
    cfg = config or RouterConfig()
    dedup = InflightDeduplicator() if cfg.inbound_dedup else None

    async def answer(payload: Any, headers: dict[str, str], method: str) -> tuple[int, bytes]:
        try:
            status, body = await router.execute(payload, headers, method)
        except Exception:
            log.exception("request failed")  # the traceback only; never the request headers
            status = 500
            body = {
                "errors": [graphql_error("Internal server error", ErrorCode.INTERNAL_SERVER_ERROR)]
            }
        return status, orjson.dumps(body)

    async def graphql(request: Request) -> Response:
        received = {k.lower(): v for k, v in request.headers.items()}
        headers = dict(received)
        rid = headers.get("x-request-id") or uuid.uuid4().hex
        headers["x-request-id"] = rid
        if request.method == "GET":
            got = _get_payload(request)
            if isinstance(got, Response):
                return got
            payload: Any = got
        else:
            ctype = headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype and ctype not in _JSON_TYPES:
                return _error(
                    415,
                    "'content-type' header must be one of: " + ", ".join(_JSON_TYPES),
                    ErrorCode.INVALID_CONTENT_TYPE,
                )
            try:
                raw = await _read_body(request, cfg.max_request_bytes)
            except ClientDisconnect:
                return _error(400, "The request body was not received", ErrorCode.BAD_REQUEST)
            if raw is None:
                return _error(413, "Request body is too large", ErrorCode.PAYLOAD_TOO_LARGE)
            try:
                payload = orjson.loads(raw)
            except orjson.JSONDecodeError:
                return _error(400, "The request body is not valid JSON", ErrorCode.BAD_REQUEST)
        key = None
        if dedup is not None:
            key = dedup_key(request.method, payload, received, cfg.headers)
            if key is not None and not _is_query(router, payload):
                key = None
        if dedup is not None and key is not None:
            status, data = await dedup.run(key, lambda: answer(payload, headers, request.method))
        else:
            status, data = await answer(payload, headers, request.method)
        return Response(
            data, status_code=status, media_type="application/json", headers={"x-request-id": rid}
        )

    async def health(_: Request) -> Response:
        return _json({"status": "UP"})

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        close = getattr(router.client, "close", None)
        if close is not None:
            await close()

    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/health", health, methods=["GET"]),
        ],
        lifespan=lifespan,
    )
    app.state.dedup = dedup
    return app


def serve(
    router: Router,
    host: str = "127.0.0.1",
    port: int = 4000,
    config: RouterConfig | None = None,
) -> int:
    """Serve until SIGINT/SIGTERM, then finish in-flight requests and return the exit status.

    With ``config.workers`` above 1, that many forked processes serve one shared socket, each
    with its own app, event loop and plan cache (``router/workers.py``); this one supervises.
    """
    cfg = config or RouterConfig()
    return run_server(lambda: create_app(router, cfg), host, port, cfg.workers)
