"""Subgraph kit: the few pieces every sample subgraph shares, so a new one is a few lines.

A subgraph built with the kit is a Starlette app with:

* ``POST /graphql``: a JSON body ``{"query", "variables", "operationName"}``, executed by a
  strawberry federation schema; the response is ``{"data", "errors"}`` serialised with orjson.
* ``GET /health``: ``{"status": "ok", "subgraph": NAME}``.
* ``GET /stats``: data-access counters, when the app is given a ``stats`` callable.

Each request gets a fresh :class:`RequestContext` (``info.context`` in resolvers) holding the
headers the router forwards (``x-request-id``, ``x-user-id``, W3C ``traceparent``) and one new
DataLoader per entry of ``loaders``: batching and caching never leak across requests.
The ``traceparent`` and ``x-request-id`` headers are echoed on the response.

A minimal subgraph::

    from subgraphs.kit import create_app, federated_schema, serve

    schema = federated_schema(query=Query)
    app = create_app(schema, name="things", loaders={"thing": store.things_by_ids})

    if __name__ == "__main__":
        serve(lambda: app, name="things", default_port=4010)
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from collections.abc import Callable, Coroutine, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from aiodataloader import DataLoader
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.federation import Schema

__all__ = [
    "AccessCounter",
    "BatchLoadFn",
    "RequestContext",
    "create_app",
    "federated_schema",
    "parse_traceparent",
    "serve",
]

log = logging.getLogger("subgraphs")

BatchLoadFn = Callable[[list[Any]], Coroutine[Any, Any, list[Any]]]
"""An async function loading many keys in one data access, results in key order."""

_TRACEPARENT = re.compile(r"^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")


def parse_traceparent(value: str | None) -> str | None:
    """Return a well-formed W3C ``traceparent`` value, or None.

    Malformed values, version ``ff`` and the all-zero trace or parent ids are rejected, as the
    W3C Trace Context spec asks; a rejected header is dropped rather than propagated.
    """
    if not value:
        return None
    value = value.strip().lower()
    m = _TRACEPARENT.match(value)
    if m is None:
        return None
    version, trace_id, parent_id, _flags = m.groups()
    if version == "ff" or trace_id == "0" * 32 or parent_id == "0" * 16:
        return None
    return value


class AccessCounter:
    """Counts data accesses per name, so tests can check that loaders batch.

    A store calls ``hit("users")`` once per query it runs against its data; ``snapshot()``
    backs the app's ``GET /stats`` route.
    """

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}

    def hit(self, name: str) -> None:
        self._counts[name] = self._counts.get(name, 0) + 1

    def snapshot(self) -> dict[str, int]:
        return dict(sorted(self._counts.items()))


@dataclass(frozen=True, slots=True)
class RequestContext:
    """What resolvers see as ``info.context``: router headers and this request's loaders."""

    request_id: str | None
    user_id: str | None
    traceparent: str | None
    headers: Mapping[str, str]
    loaders: Mapping[str, DataLoader[Any, Any]]

    def loader(self, name: str) -> DataLoader[Any, Any]:
        """The DataLoader registered under ``name`` for this request.

        Raises:
            KeyError: no loader of that name was given to :func:`create_app`.
        """
        return self.loaders[name]


def federated_schema(
    *, query: type, types: Iterable[type] = (), federation_version: str = "2.9"
) -> Schema:
    """A strawberry Federation 2 schema with parse and validation caches.

    Args:
        query: the root query type.
        types: extra types not reachable from ``query`` (entities only reached by ``_entities``).
        federation_version: the ``@link`` federation spec version to print in the SDL.
    """
    return Schema(
        query=query,
        types=list(types),
        federation_version=federation_version,  # type: ignore[arg-type]
        extensions=[lambda: ParserCache(maxsize=256), lambda: ValidationCache(maxsize=256)],
    )


def _json(payload: object, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    return Response(
        orjson.dumps(payload), status_code=status, headers=headers, media_type="application/json"
    )


def _error(message: str, status: int, headers: Mapping[str, str]) -> Response:
    return _json({"errors": [{"message": message}]}, status, headers)


def create_app(
    schema: Schema,
    *,
    name: str,
    loaders: Mapping[str, BatchLoadFn] | None = None,
    stats: Callable[[], Mapping[str, int]] | None = None,
) -> Starlette:
    """Build the ASGI app serving ``schema``.

    Args:
        schema: a federation schema, usually from :func:`federated_schema`.
        name: the subgraph name, reported by ``/health``.
        loaders: batch functions; each request gets ``DataLoader(fn)`` for every entry.
        stats: returns counters for ``GET /stats`` (e.g. data accesses); omitted: no route.

    Returns:
        A Starlette app with ``/graphql``, ``/health`` and optionally ``/stats``.
    """
    batch_fns = dict(loaders or {})

    def context_for(request: Request) -> RequestContext:
        headers = request.headers
        return RequestContext(
            request_id=headers.get("x-request-id"),
            user_id=headers.get("x-user-id") or None,
            traceparent=parse_traceparent(headers.get("traceparent")),
            headers=headers,
            loaders={key: DataLoader(fn) for key, fn in batch_fns.items()},
        )

    async def graphql(request: Request) -> Response:
        context = context_for(request)
        echo: dict[str, str] = {}
        if context.traceparent:
            echo["traceparent"] = context.traceparent
        if context.request_id:
            echo["x-request-id"] = context.request_id
        try:
            body = orjson.loads(await request.body())
        except orjson.JSONDecodeError:
            return _error("request body is not valid JSON", 400, echo)
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            return _error("expected a JSON object with a string 'query'", 400, echo)
        variables = body.get("variables")
        if variables is not None and not isinstance(variables, dict):
            return _error("'variables' must be a JSON object", 400, echo)
        operation_name = body.get("operationName")
        if operation_name is not None and not isinstance(operation_name, str):
            return _error("'operationName' must be a string", 400, echo)
        log.debug("graphql request_id=%s traceparent=%s", context.request_id, context.traceparent)
        result = await schema.execute(
            body["query"],
            variable_values=variables,
            context_value=context,
            operation_name=operation_name,
        )
        payload: dict[str, Any] = {}
        if result.errors:
            payload["errors"] = [error.formatted for error in result.errors]
        payload["data"] = result.data
        return _json(payload, 200, echo)

    async def health(_: Request) -> Response:
        return _json({"status": "ok", "subgraph": name})

    routes = [
        Route("/graphql", graphql, methods=["POST"]),
        Route("/health", health, methods=["GET"]),
    ]
    if stats is not None:
        counters = stats

        async def stats_route(_: Request) -> Response:
            return _json(dict(counters()))

        routes.append(Route("/stats", stats_route, methods=["GET"]))
    return Starlette(routes=routes)


def serve(
    app_factory: Callable[[], Starlette],
    *,
    name: str,
    default_port: int,
    argv: Sequence[str] | None = None,
) -> int:
    """Command line entry: ``python -m subgraphs.NAME [--host H] [--port P]``.

    Runs uvicorn in the foreground until SIGINT/SIGTERM. Returns the process exit code
    (1 when the port cannot be bound).
    """
    import errno
    import socket

    import uvicorn

    parser = argparse.ArgumentParser(prog=f"python -m subgraphs.{name}")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=default_port)
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args(argv)
    # Fail with one clear line instead of uvicorn's traceback when the port is taken.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((args.host, args.port))
        except OSError as exc:
            reason = "address already in use" if exc.errno == errno.EADDRINUSE else str(exc)
            print(f"{name}: cannot listen on {args.host}:{args.port}: {reason}", file=sys.stderr)
            return 1
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(message)s")
    print(f"{name} subgraph on http://{args.host}:{args.port}/graphql", flush=True)
    uvicorn.run(
        app_factory(),
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        access_log=False,
        lifespan="off",
    )
    return 0
