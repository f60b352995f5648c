"""Inbound de-duplication: identical client queries in flight at the same time share one
execution and receive the same response bytes.

Identity is decided by :func:`dedup_key`, which keeps everything that can change or privatise an
answer: the HTTP method, the operation text, ``operationName``, ``variables`` and
``extensions`` (as sent, key order included), the ``Authorization`` and ``Cookie`` headers, and
every header the router would send to any subgraph under the header rules. Two users therefore
never share an answer, even when the rules forward nothing. ``x-request-id`` is left out (it
differs per request and only labels logs): the subgraphs see the first request's id.

Only queries are shared; mutations and subscriptions always run on their own. Nothing is kept
once the shared execution finishes: a request arriving after that runs again (this is not a
response cache). The shared work runs in its own task, so a client that disconnects does not
cancel the answer others are waiting for. With ``--workers N`` each worker process
de-duplicates the requests it accepted.

Same idea as Hive Gateway's ``inboundInflightRequestDeduplication`` (whose key takes every
request header) and Hive Router's ``traffic_shaping.router.dedupe``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Mapping
from typing import Any

import orjson

from router.client import HeaderRules

__all__ = ["InflightDeduplicator", "dedup_key"]

# Client headers that decide who is asking, whatever the header rules forward.
_PRIVATE = ("authorization", "cookie")
# Per-request label; propagated, but never part of the answer.
_REQUEST_ID = "x-request-id"


def _raw_json(value: Any) -> tuple[str, bytes] | None:
    """The value as sent, comparable: its JSON (key order kept), else its repr (tagged apart)."""
    if value is None:
        return None
    try:
        return ("json", orjson.dumps(value))
    except TypeError:  # e.g. an integer beyond 64 bits
        return ("repr", repr(value).encode())


def dedup_key(
    method: str,
    payload: Any,
    headers: Mapping[str, str],
    rules: HeaderRules,
) -> tuple[Hashable, ...] | None:
    """The identity of a request for de-duplication, or None when it cannot be shared.

    Args:
        method: the HTTP method.
        payload: the decoded request (JSON body, or the GET parameters with JSON decoded).
        headers: the client's headers, lower-case names, as received (before the router adds
            a request id).
        rules: the header rules applied to subgraph requests.

    Returns:
        None for a payload without a string ``query`` (it fails the same way for everyone and
        is cheap); otherwise a hashable key. The caller still checks that the operation is a
        query.
    """
    if not isinstance(payload, dict):
        return None
    query = payload.get("query")
    if not isinstance(query, str):
        return None
    incoming = {k: v for k, v in headers.items() if k != _REQUEST_ID}
    forwarded: list[tuple[str, tuple[tuple[str, str], ...]]] = [
        (service, tuple(sorted(rules.apply(service, incoming).items())))
        for service in ("", *sorted(rules.subgraphs))
    ]
    return (
        method,
        query,
        _raw_json(payload.get("operationName")),
        _raw_json(payload.get("variables")),
        _raw_json(payload.get("extensions")),
        tuple(headers.get(h) for h in _PRIVATE),
        tuple(forwarded),
    )


class InflightDeduplicator:
    """Single flight per key: the first caller's work is shared by every caller that arrives
    before it completes.

    ``shared`` counts the callers that were answered by someone else's execution.
    """

    def __init__(self) -> None:
        self._inflight: dict[Hashable, asyncio.Task[Any]] = {}
        self.shared = 0

    @property
    def in_flight(self) -> int:
        """How many distinct executions are running now."""
        return len(self._inflight)

    async def run(self, key: Hashable, work: Callable[[], Awaitable[Any]]) -> Any:
        """``await work()``, or wait for the running execution with the same ``key``.

        Exceptions raised by ``work`` reach every caller sharing it.
        """
        task = self._inflight.get(key)
        if task is None:
            task = asyncio.ensure_future(self._lead(key, work))
            task.add_done_callback(_retrieve)
            self._inflight[key] = task
        else:
            self.shared += 1
        # shield: one caller's cancellation (a client gone) must not cancel the others' answer.
        return await asyncio.shield(task)

    async def _lead(self, key: Hashable, work: Callable[[], Awaitable[Any]]) -> Any:
        try:
            return await work()
        finally:
            # Forget the key before the result is published, so that no request arriving after
            # completion can pick it up: nothing outlives the execution.
            if self._inflight.get(key) is asyncio.current_task():
                del self._inflight[key]


def _retrieve(task: asyncio.Task[Any]) -> None:
    """Mark an exception as seen: every waiter may have gone before the work failed."""
    if not task.cancelled():
        task.exception()
