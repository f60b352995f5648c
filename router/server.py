"""The HTTP server: ``POST /graphql`` and ``GET /health`` (starlette + uvicorn)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Iterator
from typing import Any

import orjson
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from router.errors import ErrorCode, graphql_error
from router.service import Router

__all__ = ["create_app", "serve"]

log = logging.getLogger("switchyard.router")


def _json(body: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


def create_app(router: Router) -> Starlette:
    """A starlette app serving ``router``; closes the router's client on shutdown."""

    async def graphql(request: Request) -> Response:
        raw = await request.body()
        try:
            payload = orjson.loads(raw)
        except orjson.JSONDecodeError:
            err = graphql_error("The request body is not valid JSON", ErrorCode.BAD_REQUEST)
            return _json({"errors": [err]}, 400)
        try:
            status, body = await router.execute(payload)
        except Exception:
            log.exception("request failed")
            err = graphql_error("Internal server error", ErrorCode.INTERNAL_SERVER_ERROR)
            return _json({"errors": [err]}, 500)
        return _json(body, status)

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
            Route("/graphql", graphql, methods=["POST"]),
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


def serve(router: Router, host: str = "127.0.0.1", port: int = 4000) -> None:
    """Serve until SIGINT/SIGTERM, then finish in-flight requests and return."""
    config = uvicorn.Config(
        create_app(router), host=host, port=port, log_level="warning", access_log=False
    )
    asyncio.run(_Server(config).serve())
