"""The HTTP server: ``POST``/``GET /graphql`` and ``GET /health`` (starlette + uvicorn), and its
YAML configuration (typed, unknown keys rejected with a suggestion; names as Apollo Router's).

Never answers 500 for a client's mistake: bad JSON, content types, sizes and methods are 4xx
with a GraphQL error body. Header values are never logged (tokens, cookies).
"""

from __future__ import annotations

import asyncio
import contextlib
import difflib
import logging
import re
import signal
import uuid
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
import uvicorn
import yaml
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from router.client import HeaderRule, HeaderRules
from router.errors import ErrorCode, graphql_error
from router.service import Limits, Router, RouterOptions

__all__ = ["ConfigError", "RouterConfig", "create_app", "load_config", "parse_config", "serve"]

log = logging.getLogger("switchyard.router")

_JSON_TYPES = ("application/json", "application/graphql-response+json")


class ConfigError(ValueError):
    """The router configuration is invalid; the message names the key and a suggestion."""


@dataclass(frozen=True, slots=True)
class RouterConfig:
    """The router's configuration file, typed."""

    host: str = "127.0.0.1"
    port: int | None = None
    options: RouterOptions = RouterOptions()
    headers: HeaderRules = HeaderRules()
    max_request_bytes: int = 2_000_000


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
    top = _keys("config", raw, ("supergraph", "headers", "include_subgraph_errors", "limits"))
    sup = _keys("supergraph", top.get("supergraph"), ("listen", "introspection"))
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
    return RouterConfig(host, port, options, headers, body if body is not None else 2_000_000)


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


def create_app(router: Router, config: RouterConfig | None = None) -> Starlette:
    """A starlette app serving ``router``; closes the router's client on shutdown."""
    cfg = config or RouterConfig()

    async def graphql(request: Request) -> Response:
        headers = {k.lower(): v for k, v in request.headers.items()}
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
        try:
            status, body = await router.execute(payload, headers, request.method)
        except Exception:
            log.exception("request failed")  # the traceback only; never the request headers
            status = 500
            body = {
                "errors": [graphql_error("Internal server error", ErrorCode.INTERNAL_SERVER_ERROR)]
            }
        return _json(body, status, {"x-request-id": rid})

    async def health(_: Request) -> Response:
        return _json({"status": "UP"})

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        close = getattr(router.client, "close", None)
        if close is not None:
            await close()

    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/health", health, methods=["GET"]),
        ],
        lifespan=lifespan,
    )


class _Server(uvicorn.Server):
    """uvicorn server whose SIGINT/SIGTERM handling ends in a normal exit (status 0)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self._stop)
        try:
            yield
        finally:
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(sig)

    def _stop(self) -> None:
        self.should_exit = True


def serve(
    router: Router,
    host: str = "127.0.0.1",
    port: int = 4000,
    config: RouterConfig | None = None,
) -> None:
    """Serve until SIGINT/SIGTERM, then finish in-flight requests and return."""
    uv = uvicorn.Config(
        create_app(router, config), host=host, port=port, log_level="warning", access_log=False
    )
    asyncio.run(_Server(uv).serve())
