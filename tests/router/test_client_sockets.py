"""The subgraph client over real sockets (127.0.0.1): response framings, encodings, errors and
timeouts from a raw HTTP server, each mapped to a result or a clear error."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import AsyncIterator, Callable
from typing import Any

import orjson
import pytest

from router.client import AiohttpSubgraphClient, SubgraphRequestError

OK = b'{"data":{"a":1}}'


def _response(body: bytes, status: str = "200 OK", extra: bytes = b"") -> bytes:
    return (
        b"HTTP/1.1 " + status.encode() + b"\r\ncontent-type: application/json\r\n"
        b"content-length: %d\r\n" % len(body) + extra + b"\r\n" + body
    )


def _chunked(body: bytes, extra: bytes = b"") -> bytes:
    chunks = b"".join(
        b"%x;ext=1\r\n" % len(body[i : i + 5]) + body[i : i + 5] + b"\r\n"
        for i in range(0, len(body), 5)
    )
    return (
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n"
        + extra
        + b"\r\n"
        + chunks
        + (b"0\r\nx-trailer: 1\r\n\r\n")
    )


class Server:
    """Answers each request with ``respond(request number, raw request)``: bytes to write,
    ``close`` to end the connection, a list of those, or ``hang`` to never answer."""

    def __init__(self, respond: Callable[[int, bytes], bytes | str]) -> None:
        self.respond = respond
        self.requests: list[bytes] = []
        self.connections = 0
        self.port = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
                raw = head + await reader.readexactly(length)
                self.requests.append(raw)
                answer = self.respond(len(self.requests), raw)
                if answer == "hang":
                    await asyncio.sleep(30)
                parts = answer if isinstance(answer, list) else [answer]
                for part in parts:
                    if isinstance(part, bytes):
                        writer.write(part)
                        await writer.drain()
                if "close" in parts or (isinstance(answer, bytes) and b"HTTP/1.0" in answer):
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


@pytest.fixture
async def serve() -> AsyncIterator[Callable[[Callable[[int, bytes], Any]], Any]]:
    servers: list[asyncio.Server] = []

    async def start(respond: Callable[[int, bytes], Any]) -> Server:
        s = Server(respond)
        server = await asyncio.start_server(s.handle, "127.0.0.1", 0)
        s.port = server.sockets[0].getsockname()[1]
        servers.append(server)
        return s

    yield start
    for server in servers:
        server.close()


async def _request(s: Server, headers: dict[str, str] | None = None, timeout: float = 5.0) -> Any:
    client = AiohttpSubgraphClient(timeout_seconds=timeout)
    try:
        url = f"http://127.0.0.1:{s.port}/graphql?x=1"
        return await client.request("svc", url, {"query": "{a}"}, headers)
    finally:
        await client.close()


async def test_content_length_chunked_gzip_and_interim_responses(serve: Any) -> None:
    answers = [
        _response(OK),
        _chunked(OK),
        _response(gzip.compress(OK), extra=b"content-encoding: gzip\r\n"),
        b"HTTP/1.1 100 Continue\r\n\r\n" + _response(OK),
        b"HTTP/1.0 200 OK\r\ncontent-type: application/json\r\n\r\n" + OK,  # until close
    ]
    s = await serve(lambda n, _: answers[n - 1])
    for _ in answers:
        assert await _request(s) == {"data": {"a": 1}}
    first = s.requests[0]
    assert first.startswith(b"POST /graphql?x=1 HTTP/1.1\r\n")
    assert f"host: 127.0.0.1:{s.port}".encode() in first.lower()
    assert orjson.loads(first.split(b"\r\n\r\n", 1)[1]) == {"query": "{a}"}


async def test_connections_are_reused_until_the_subgraph_closes_them(serve: Any) -> None:
    def respond(n: int, _: bytes) -> bytes:
        return _response(OK, extra=b"connection: close\r\n" if n == 3 else b"")

    s = await serve(respond)
    client = AiohttpSubgraphClient()
    url = f"http://127.0.0.1:{s.port}/graphql"
    try:
        for _ in range(3):
            await client.request("svc", url, {"query": "{a}"})
        assert s.connections == 1
        await client.request("svc", url, {"query": "{a}"})
        assert s.connections == 2
        # Concurrent requests each get a connection of their own.
        await asyncio.gather(*(client.request("svc", url, {"query": "{a}"}) for _ in range(3)))
        assert s.connections == 4
    finally:
        await client.close()


async def test_an_idle_connection_closed_by_the_subgraph_is_not_reused(serve: Any) -> None:
    # The first response is keep-alive, then the server ends the idle connection (as a
    # keep-alive timeout does); the next request must open a new one.
    s = await serve(
        lambda n, _: [_response(OK), "close"] if n == 1 else _response(b'{"data":{"a":2}}')
    )
    client = AiohttpSubgraphClient()
    url = f"http://127.0.0.1:{s.port}/graphql"
    try:
        await client.request("svc", url, {"query": "{a}"})
        await asyncio.sleep(0.05)
        assert await client.request("svc", url, {"query": "{a}"}) == {"data": {"a": 2}}
        assert s.connections == 2
    finally:
        await client.close()


@pytest.mark.parametrize(
    ("answer", "message", "status"),
    [
        (_response(b"oops", "500 Internal Server Error"), "500: response is not JSON", 500),
        (_response(b"[1]"), "200: not a GraphQL response", 200),
        (_response(b"{}", "503 Service Unavailable"), "503: not a GraphQL response", 503),
        ("close", "request failed: ServerDisconnectedError", None),
        (
            [b"HTTP/1.1 200 OK\r\ncontent-length: 50\r\n\r\n{", "close"],
            "request failed: ClientPayloadError",
            None,
        ),
    ],
)
async def test_failures_give_clear_errors(
    serve: Any, answer: Any, message: str, status: int | None
) -> None:
    def respond(n: int, _: bytes) -> Any:
        return answer if n == 1 else "close"

    s = await serve(respond)
    with pytest.raises(SubgraphRequestError) as info:
        await _request(s)
    assert str(info.value) == message or str(info.value).startswith(message + ":")
    assert info.value.status == status


async def test_timeouts_and_refused_connections(serve: Any) -> None:
    s = await serve(lambda n, _: "hang")
    with pytest.raises(SubgraphRequestError, match="request failed: TimeoutError"):
        await _request(s, timeout=0.2)
    s.port = 1  # nothing listens there
    with pytest.raises(SubgraphRequestError, match="request failed: ClientConnectorError"):
        await _request(s)


async def test_headers_are_sent_once_and_line_breaks_never(serve: Any) -> None:
    s = await serve(lambda n, _: _response(OK))
    client = AiohttpSubgraphClient()
    url = f"http://127.0.0.1:{s.port}/graphql"
    try:
        await client.request("svc", url, {"query": "{a}"}, {"x-request-id": "r1", "host": "evil"})
        head = s.requests[0].split(b"\r\n\r\n")[0].lower()
        assert head.count(b"host:") == 1 and b"evil" not in head
        assert b"x-request-id: r1" in head
        with pytest.raises(SubgraphRequestError):
            await client.request("svc", url, {"query": "{a}"}, {"x-request-id": "a\r\nx: 1"})
        assert len(s.requests) == 1
    finally:
        await client.close()


async def test_urls_with_credentials_send_basic_auth(serve: Any) -> None:
    s = await serve(lambda n, _: _response(OK))
    client = AiohttpSubgraphClient()
    try:
        url = f"http://user:secret@127.0.0.1:{s.port}/graphql"
        assert await client.request("svc", url, {"query": "{a}"}) == {"data": {"a": 1}}
        head = s.requests[0].split(b"\r\n\r\n")[0].lower()
        assert b"authorization: basic " in head
        assert b"secret" not in head.split(b"authorization")[0]  # not in the Host header
    finally:
        await client.close()
