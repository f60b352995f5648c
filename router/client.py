"""Subgraph clients: the small protocol the executor calls, and the aiohttp implementation."""

from __future__ import annotations

from typing import Any, Protocol

import aiohttp
import orjson

__all__ = ["AiohttpSubgraphClient", "SubgraphClient", "SubgraphRequestError"]


class SubgraphRequestError(Exception):
    """A subgraph request failed at the transport or HTTP level (no GraphQL response)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class SubgraphClient(Protocol):
    """Sends one GraphQL request to a subgraph and returns its decoded JSON response."""

    async def request(self, service: str, url: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Raises SubgraphRequestError when no GraphQL response could be obtained."""
        ...


class AiohttpSubgraphClient:
    """Production client: one shared keep-alive ``aiohttp.ClientSession``."""

    def __init__(self, timeout_seconds: float = 30.0, pool_size: int = 100) -> None:
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._pool_size = pool_size
        self._session: aiohttp.ClientSession | None = None

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, keepalive_timeout=30)
            self._session = aiohttp.ClientSession(connector=connector, timeout=self._timeout)
        return self._session

    async def request(self, service: str, url: str, payload: dict[str, Any]) -> dict[str, Any]:
        session = self._get_session()
        headers = {"content-type": "application/json", "accept": "application/json"}
        try:
            async with session.post(url, data=orjson.dumps(payload), headers=headers) as resp:
                body = await resp.read()
                status = resp.status
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            raise SubgraphRequestError(f"request failed: {type(exc).__name__}") from None
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

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
