"""Subgraph clients: the small protocol the executor calls, the header rules applied to each
subgraph request, and the aiohttp implementation.

Header rules are data (``HeaderRule``), named like Apollo Router's ``headers`` configuration:
``propagate`` (by name or regex, optional rename/default), ``insert`` (static value) and
``remove`` (by name or regex), applied in order, first the ``all`` rules then the subgraph's own.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, cast
from urllib.parse import urlsplit

import aiohttp
import orjson

__all__ = [
    "AiohttpSubgraphClient",
    "HeaderRule",
    "HeaderRules",
    "SubgraphClient",
    "SubgraphRequestError",
]

# Hop-by-hop and body headers are never propagated, whatever the rules say.
_NEVER = frozenset(
    {
        "host",
        "content-length",
        "content-type",
        "accept",
        "accept-encoding",
        "connection",
        "keep-alive",
        "transfer-encoding",
        "te",
        "upgrade",
        "proxy-authorization",
        "proxy-authenticate",
    }
)


class SubgraphRequestError(Exception):
    """A subgraph request failed at the transport or HTTP level (no GraphQL response)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class SubgraphClient(Protocol):
    """Sends one GraphQL request to a subgraph and returns its decoded JSON response."""

    async def request(
        self,
        service: str,
        url: str,
        payload: dict[str, Any],
        headers: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """``headers`` are the client request's headers (lower-case names), for header rules.

        Raises SubgraphRequestError when no GraphQL response could be obtained."""
        ...


@dataclass(frozen=True, slots=True)
class HeaderRule:
    """One rule: ``kind`` is "propagate", "insert" or "remove"; ``named`` or ``matching``
    selects client headers (propagate, remove); ``rename``/``default`` refine propagate;
    ``value`` is the inserted value (``named`` is the inserted header's name)."""

    kind: str
    named: str | None = None
    matching: re.Pattern[str] | None = None
    rename: str | None = None
    default: str | None = None
    value: str | None = None


@dataclass(frozen=True, slots=True)
class HeaderRules:
    """Rules for every subgraph (``all``) and per subgraph name (``subgraphs``)."""

    all: tuple[HeaderRule, ...] = ()
    subgraphs: Mapping[str, tuple[HeaderRule, ...]] = field(default_factory=dict)

    def apply(self, service: str, incoming: Mapping[str, str]) -> dict[str, str]:
        """The headers to send to ``service`` for a client request with ``incoming`` headers.

        ``x-request-id`` is always sent: the client's (the server generates one if missing).
        """
        out: dict[str, str] = {}
        for rule in (*self.all, *self.subgraphs.get(service, ())):
            _apply(rule, incoming, out)
        # DIVERGENCE: Apollo Router does not forward a request id unless configured to; we always
        # send x-request-id so subgraph logs can be joined with the router's request.
        rid = incoming.get("x-request-id")
        if rid and "x-request-id" not in out:
            out["x-request-id"] = rid
        return out


def _apply(rule: HeaderRule, incoming: Mapping[str, str], out: dict[str, str]) -> None:
    if rule.kind == "insert":
        assert rule.named is not None and rule.value is not None
        out[rule.named.lower()] = rule.value
        return
    if rule.kind == "remove":
        for name in list(out):
            if name == (rule.named or "").lower() or (rule.matching and rule.matching.match(name)):
                del out[name]
        return
    if rule.named is not None:
        name = rule.named.lower()
        value = incoming.get(name, rule.default)
        if value is not None and name not in _NEVER:
            out[(rule.rename or name).lower()] = value
        return
    assert rule.matching is not None
    for name, value in incoming.items():
        if name not in _NEVER and rule.matching.match(name):
            out[name] = value


class AiohttpSubgraphClient:
    """Production client: keep-alive connections per subgraph.

    Plain ``http://`` subgraphs go over ``_Http11Pool``, a small HTTP/1.1 keep-alive transport
    (about a tenth of aiohttp's CPU per request on the benchmark); ``https://`` subgraphs, and
    every subgraph when ``lean_http`` is False, go through one shared ``aiohttp.ClientSession``.
    Header values are never logged (they may hold tokens or cookies)."""

    def __init__(
        self,
        timeout_seconds: float = 30.0,
        pool_size: int = 100,
        header_rules: HeaderRules | None = None,
        lean_http: bool = True,
    ) -> None:
        self._timeout_seconds = timeout_seconds
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._pool_size = pool_size
        self._session: aiohttp.ClientSession | None = None
        self._pool = _Http11Pool(pool_size) if lean_http else None
        self.header_rules = header_rules or HeaderRules()

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, keepalive_timeout=30)
            # No cookie jar: a subgraph's Set-Cookie must never reach another client's request.
            self._session = aiohttp.ClientSession(
                connector=connector, timeout=self._timeout, cookie_jar=aiohttp.DummyCookieJar()
            )
        return self._session

    async def request(
        self,
        service: str,
        url: str,
        payload: dict[str, Any],
        headers: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        out = self.header_rules.apply(service, headers or {})
        out |= {"content-type": "application/json", "accept": "application/json"}
        body = orjson.dumps(payload)
        try:
            if self._pool is not None and self._pool.handles(url):
                async with asyncio.timeout(self._timeout_seconds):
                    status, data = await self._pool.post(url, out, body)
            else:
                async with self._get_session().post(url, data=body, headers=out) as resp:
                    data = await resp.read()
                    status = resp.status
        except (TimeoutError, aiohttp.ClientError, OSError, _ProtocolError) as exc:
            raise SubgraphRequestError(f"request failed: {type(exc).__name__}") from None
        return _decode(status, data)

    async def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
        if self._session is not None:
            await self._session.close()
            self._session = None


def _decode(status: int, body: bytes) -> dict[str, Any]:
    try:
        decoded = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise SubgraphRequestError(
            f"{status}: response is not JSON", status if status >= 400 else None
        ) from None
    if not isinstance(decoded, dict) or ("data" not in decoded and "errors" not in decoded):
        raise SubgraphRequestError(f"{status}: not a GraphQL response", status)
    if status >= 400 and decoded.get("data") is None and not decoded.get("errors"):
        raise SubgraphRequestError(f"{status}: HTTP error", status)
    return decoded


# The transport's failures carry aiohttp's exception names, so that the error a client sees
# ("request failed: <name>") does not depend on which transport reached the subgraph.
class ClientConnectorError(OSError):
    """No connection to the subgraph could be opened."""


class ServerDisconnectedError(OSError):
    """The subgraph closed the connection before its response was complete."""


class ClientPayloadError(Exception):
    """The subgraph's HTTP response could not be read."""


_ProtocolError = ClientPayloadError


@dataclass(frozen=True, slots=True)
class _Target:
    host: str
    port: int
    head: bytes  # request line and Host header


def _target(url: str) -> _Target | None:
    """Where to send requests for ``url``; None unless it is plain http without credentials
    (aiohttp handles the rest: TLS, basic auth from the URL)."""
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname is None or "@" in parts.netloc:
        return None
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    head = f"POST {path} HTTP/1.1\r\nhost: {parts.netloc}\r\n"
    return _Target(parts.hostname, parts.port or 80, head.encode("utf-8"))


_FRAMING = frozenset({"host", "content-length", "transfer-encoding", "connection"})


class _Http11Pool:
    """Keep-alive HTTP/1.1 connections for ``http://`` URLs, at most ``size`` at a time.

    No request is retried: a connection the subgraph closed while idle is noticed when its
    close arrives and never reused; one closing under a request fails that request."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._targets: dict[str, _Target | None] = {}
        self._idle: dict[tuple[str, int], list[_Connection]] = {}
        self._slots: asyncio.Semaphore | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def handles(self, url: str) -> bool:
        """Whether ``url`` is sent through this pool (plain http, no credentials)."""
        if url not in self._targets:
            self._targets[url] = _target(url)
        return self._targets[url] is not None

    async def post(self, url: str, headers: Mapping[str, str], body: bytes) -> tuple[int, bytes]:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # connections belong to the loop that opened them
            self.close()
            self._loop, self._slots = loop, asyncio.Semaphore(self._size)
        assert self._slots is not None
        target = self._targets.get(url) or _target(url)
        if target is None:
            raise _ProtocolError("not a plain http URL")
        request = bytearray(target.head)
        for name, value in headers.items():
            if name in _FRAMING:
                continue  # set by the transport itself
            if "\r" in name or "\n" in name or "\r" in value or "\n" in value:
                raise _ProtocolError("header with a line break")
            request += f"{name}: {value}\r\n".encode()
        request += b"content-length: %d\r\n\r\n" % len(body)
        request += body
        async with self._slots:
            idle = self._idle.setdefault((target.host, target.port), [])
            conn = None
            while idle and conn is None:
                c = idle.pop()
                if c.reusable():
                    conn = c
            if conn is None:
                try:
                    _, conn = await loop.create_connection(_Connection, target.host, target.port)
                except OSError as exc:
                    raise ClientConnectorError(str(exc)) from None
            try:
                status, data = await conn.send(bytes(request))
            except BaseException:
                conn.abort()
                raise
            if conn.reusable():
                idle.append(conn)
            else:
                conn.abort()
            return status, data

    def close(self) -> None:
        for conns in self._idle.values():
            for c in conns:
                c.abort()
        self._idle.clear()


class _Connection(asyncio.Protocol):
    """One HTTP/1.1 connection: one request at a time, the response parsed as it arrives
    (Content-Length, chunked, or until close; gzip/deflate bodies decompressed)."""

    def __init__(self) -> None:
        self._transport: asyncio.Transport | None = None
        self._buffer = bytearray()
        self._waiter: asyncio.Future[tuple[int, bytes]] | None = None
        self._closed = False
        self._keep_alive = True
        self._new_response()

    def _new_response(self) -> None:
        self._status = 0
        self._head_done = False
        self._length = -1
        self._chunked = False
        self._encoding = ""
        self._body = bytearray()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass

    def connection_lost(self, exc: Exception | None) -> None:
        self._closed = True
        w = self._waiter
        if w is None or w.done():
            return
        if self._head_done and self._length < 0 and not self._chunked:
            self._finish(bytes(self._buffer))  # a body delimited by the connection's end
        elif self._head_done:
            w.set_exception(ClientPayloadError("response payload is not complete"))
        else:
            w.set_exception(ServerDisconnectedError("connection closed by the subgraph"))

    def reusable(self) -> bool:
        t = self._transport
        return self._keep_alive and not self._closed and t is not None and not t.is_closing()

    def abort(self) -> None:
        self._keep_alive = False
        if self._transport is not None:
            with contextlib.suppress(RuntimeError):  # its event loop is already closed
                self._transport.abort()

    async def send(self, request: bytes) -> tuple[int, bytes]:
        assert self._transport is not None and self._waiter is None
        if self._closed:
            raise ServerDisconnectedError("connection closed by the subgraph")
        self._waiter = asyncio.get_running_loop().create_future()
        try:
            self._transport.write(request)
            return await self._waiter
        finally:
            self._waiter = None

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        w = self._waiter
        if w is None or w.done():
            self.abort()  # bytes nobody asked for: the connection is out of step
            return
        try:
            self._parse()
        except (ValueError, zlib.error) as exc:
            self._keep_alive = False
            w.set_exception(_ProtocolError(str(exc)))

    def _parse(self) -> None:
        buf = self._buffer
        while not self._head_done:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                if len(buf) > 65536:
                    raise ValueError("response head too large")
                return
            self._read_head(bytes(buf[:end]).decode("latin-1"))
            del buf[: end + 4]
        if self._chunked:
            self._read_chunks()
        elif self._length >= 0 and len(buf) >= self._length:
            body = bytes(buf[: self._length])
            del buf[: self._length]
            self._finish(body)

    def _read_head(self, head: str) -> None:
        lines = head.split("\r\n")
        version, _, rest = lines[0].partition(" ")
        if not version.startswith("HTTP/1."):
            raise ValueError("not an HTTP/1.x response")
        status = int(rest[:3])
        if 100 <= status < 200:
            return  # an interim response: the real one follows
        self._status = status
        self._head_done = True
        self._keep_alive = version != "HTTP/1.0"
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            value = value.strip().lower()
            if name == "content-length":
                self._length = int(value)
            elif name == "transfer-encoding":
                self._chunked = value.endswith("chunked")
            elif name == "connection":
                self._keep_alive = "close" not in value and (
                    self._keep_alive or "keep-alive" in value
                )
            elif name == "content-encoding":
                self._encoding = value
        if self._chunked:
            self._length = -1
        elif status in (204, 304):
            self._length = 0

    def _read_chunks(self) -> None:
        buf = self._buffer
        while True:
            end = buf.find(b"\r\n")
            if end < 0:
                return
            size = int(bytes(buf[:end]).split(b";")[0], 16)
            if size == 0:
                trailer = buf.find(b"\r\n\r\n", end)
                if buf[end + 2 : end + 4] == b"\r\n":
                    del buf[: end + 4]
                elif trailer >= 0:
                    del buf[: trailer + 4]
                else:
                    return
                self._finish(bytes(self._body))
                return
            if len(buf) < end + 2 + size + 2:
                return
            self._body += buf[end + 2 : end + 2 + size]
            del buf[: end + 2 + size + 2]

    def _finish(self, body: bytes) -> None:
        if self._encoding in ("gzip", "x-gzip"):
            body = zlib.decompress(body, 16 + zlib.MAX_WBITS)
        elif self._encoding == "deflate":
            body = zlib.decompress(body)
        status = self._status
        if self._buffer:
            self._keep_alive = False  # more bytes than the response: never reuse
        self._new_response()
        assert self._waiter is not None
        self._waiter.set_result((status, body))
