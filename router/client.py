"""Subgraph clients: the small protocol the executor calls, the header rules applied to each
subgraph request, and the aiohttp implementation.

Header rules are data (``HeaderRule``), named like Apollo Router's ``headers`` configuration:
``propagate`` (by name or regex, optional rename/default), ``insert`` (static value) and
``remove`` (by name or regex), applied in order, first the ``all`` rules then the subgraph's own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

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
    """Production client: one shared ``aiohttp.ClientSession`` with keep-alive connections.

    The session keeps no cookies (a subgraph's ``Set-Cookie`` must never reach another
    client's request). Header values are never logged (they may hold tokens or cookies)."""

    def __init__(
        self,
        timeout_seconds: float = 30.0,
        pool_size: int = 100,
        header_rules: HeaderRules | None = None,
    ) -> None:
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._pool_size = pool_size
        self._session: aiohttp.ClientSession | None = None
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
            async with self._get_session().post(url, data=body, headers=out) as resp:
                data = await resp.read()
                status = resp.status
        except (TimeoutError, aiohttp.ClientError, OSError, ValueError) as exc:
            # ValueError: aiohttp refuses a header value with a line break in it.
            raise SubgraphRequestError(f"request failed: {type(exc).__name__}") from None
        return _decode(status, data)

    async def close(self) -> None:
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
