"""Serve every conformance scenario's subgraphs from one process: ``python -m
tests.conformance.serve_scenarios --port N`` answers ``POST /SCENARIO/SUBGRAPH/graphql`` and
``GET /health`` on 127.0.0.1. One process keeps start-up cheap however many scenarios exist."""

from __future__ import annotations

import argparse
import json
from typing import Any

import uvicorn
from graphql import GraphQLSchema, graphql
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.conformance.scenario import Scenario, load_scenarios
from tests.conformance.subgraph import build_subgraph_schema


class _Subgraph:
    def __init__(self, schema: GraphQLSchema | None, http: dict[str, Any] | None) -> None:
        self.schema = schema
        self.http = http


def _load(scenarios: list[Scenario]) -> dict[tuple[str, str], _Subgraph]:
    out: dict[tuple[str, str], _Subgraph] = {}
    for s in scenarios:
        for name, sdl in s.subgraphs:
            data = json.loads(s.data_file(name).read_text("utf-8"))
            http = data.get("$http")
            schema = None if http is not None else build_subgraph_schema(sdl, data)
            out[(s.name, name)] = _Subgraph(schema, http)
    return out


def make_app(scenarios: list[Scenario]) -> Starlette:
    subgraphs = _load(scenarios)

    async def handle(request: Request) -> Response:
        sub = subgraphs.get((request.path_params["scenario"], request.path_params["subgraph"]))
        if sub is None:
            return JSONResponse({"error": "no such subgraph"}, status_code=404)
        if sub.http is not None:
            return Response(
                str(sub.http.get("body", "")),
                status_code=int(sub.http.get("status", 500)),
                media_type=str(sub.http.get("contentType", "text/plain")),
            )
        assert sub.schema is not None
        body = await request.json()
        result = await graphql(
            sub.schema,
            body["query"],
            variable_values=body.get("variables"),
            operation_name=body.get("operationName"),
            context_value={"headers": dict(request.headers)},
            field_resolver=sub.schema.default_field_resolver,  # type: ignore[attr-defined]
        )
        return JSONResponse(result.formatted)

    async def health(_: Request) -> JSONResponse:
        return JSONResponse({"status": "UP"})

    return Starlette(
        routes=[
            Route("/{scenario}/{subgraph}/graphql", handle, methods=["POST"]),
            Route("/health", health),
        ]
    )


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    args = p.parse_args()
    uvicorn.run(make_app(load_scenarios()), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
