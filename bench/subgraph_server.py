"""The four benchmark subgraphs in one process, one port each, at next to no cost per request.

Each port answers real GraphQL (graphql-core over data.json, with ``_entities`` and
``_service``) the first time it sees a request body and replays the memoised response bytes
for the same body afterwards, so that a gateway benchmark measures the gateway. ``GET
/__stats`` returns that port's counts of requests, executions and accepted connections.

    python -m bench.subgraph_server --base-port 4201   # accounts 4201, inventory 4202, ...
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import signal
from dataclasses import dataclass, field

from graphql import GraphQLSchema, graphql_sync

from bench.dataset import SUBGRAPH_NAMES, load_dataset
from bench.http11 import HttpError, parse_request, response
from bench.subgraph_schemas import build_subgraph_schema

# Memoised responses per port; past this many distinct bodies the rest are executed each time.
MEMO_LIMIT = 10_000


@dataclass
class Subgraph:
    """One subgraph endpoint: its schema, memo of response bytes, and request counters."""

    name: str
    schema: GraphQLSchema
    memo: dict[bytes, bytes] = field(default_factory=dict)
    requests: int = 0
    executions: int = 0
    connections: int = 0

    def execute(self, body: bytes) -> bytes:
        """The full HTTP response to a GraphQL POST body."""
        try:
            doc = json.loads(body)
            query = doc["query"]
            variables = doc.get("variables")
            operation = doc.get("operationName")
        except (ValueError, KeyError, TypeError):
            return response(400, b'{"errors":[{"message":"malformed GraphQL request"}]}')
        self.executions += 1
        result = graphql_sync(
            self.schema, query, variable_values=variables, operation_name=operation
        )
        out: dict[str, object] = {}
        if result.errors:
            out["errors"] = [e.formatted for e in result.errors]
        out["data"] = result.data
        return response(200, json.dumps(out, separators=(",", ":")).encode())

    def handle(self, method: str, path: str, body: bytes) -> bytes:
        if method == "GET" and path == "/__stats":
            stats = {
                "name": self.name,
                "requests": self.requests,
                "executions": self.executions,
                "connections": self.connections,
            }
            return response(200, json.dumps(stats).encode())
        if method != "POST":
            return response(405, b'{"errors":[{"message":"POST only"}]}')
        self.requests += 1
        cached = self.memo.get(body)
        if cached is not None:
            return cached
        answer = self.execute(body)
        if len(self.memo) < MEMO_LIMIT:
            self.memo[body] = answer
        return answer


class _Connection(asyncio.Protocol):
    def __init__(self, subgraph: Subgraph) -> None:
        self.subgraph = subgraph
        self.buf = bytearray()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.subgraph.connections += 1

    def data_received(self, data: bytes) -> None:
        assert self.transport is not None
        self.buf += data
        while self.buf:
            try:
                parsed = parse_request(self.buf)
            except HttpError:
                self.transport.write(response(400, b"{}"))
                self.transport.close()
                return
            if parsed is None:
                return
            request, used = parsed
            del self.buf[:used]
            self.transport.write(self.subgraph.handle(request.method, request.path, request.body))
            if not request.keep_alive:
                self.transport.close()
                return


async def serve(base_port: int, host: str = "127.0.0.1") -> None:
    """Serve the four subgraphs on consecutive ports (sorted names) until SIGTERM/SIGINT."""
    ds = load_dataset()
    loop = asyncio.get_running_loop()
    servers = []
    for offset, name in enumerate(SUBGRAPH_NAMES):
        sub = Subgraph(name, build_subgraph_schema(name, ds))
        server = await loop.create_server(
            functools.partial(_Connection, sub), host, base_port + offset, backlog=1024
        )
        servers.append(server)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"subgraphs listening on {host}:{base_port}-{base_port + 3}", flush=True)
    await stop.wait()
    for server in servers:
        server.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-port", type=int, default=4201)
    args = parser.parse_args(argv)
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    asyncio.run(serve(args.base_port))


if __name__ == "__main__":
    main()
