"""Serve a data-driven test subgraph over HTTP: ``python -m tests.conformance.serve_subgraph
--sdl S.graphql --data S.json --port N`` (127.0.0.1; POST /graphql, GET /health)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import uvicorn
from graphql import graphql
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.conformance.subgraph import build_subgraph_schema


def make_app(sdl: str, data: dict[str, Any]) -> Starlette:
    schema = build_subgraph_schema(sdl, data)

    async def handle(request: Request) -> JSONResponse:
        body = await request.json()
        result = await graphql(
            schema,
            body["query"],
            variable_values=body.get("variables"),
            operation_name=body.get("operationName"),
            field_resolver=schema.default_field_resolver,  # type: ignore[attr-defined]
        )
        return JSONResponse(result.formatted)

    async def health(_: Request) -> JSONResponse:
        return JSONResponse({"status": "UP"})

    return Starlette(routes=[Route("/graphql", handle, methods=["POST"]), Route("/health", health)])


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--sdl", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--port", type=int, required=True)
    args = p.parse_args()
    sdl = Path(args.sdl).read_text(encoding="utf-8")
    data = json.loads(Path(args.data).read_text(encoding="utf-8"))
    uvicorn.run(make_app(sdl, data), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
