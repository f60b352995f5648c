"""Reading subgraph SDL from files or from a running subgraph's ``_service { sdl }``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from composer.config import SubgraphConfig, SupergraphConfig


class SourceError(Exception):
    """A subgraph's SDL could not be read or fetched."""


@dataclass(frozen=True, slots=True)
class SubgraphSource:
    """A subgraph's name, routing URL and SDL text, plus where the text came from."""

    name: str
    url: str
    sdl: str
    origin: str


_SERVICE_QUERY = "query SubgraphSdl { _service { sdl } }"


def fetch_sdl(
    url: str,
    timeout: float = 10.0,
    headers: Sequence[tuple[str, str]] = (),
    transport: httpx.BaseTransport | None = None,
) -> str:
    """Fetch a subgraph's SDL with ``{ _service { sdl } }``.

    Args:
        url: the subgraph's GraphQL endpoint.
        timeout: seconds for connecting and for the whole answer.
        headers: extra request headers (``introspection_headers`` in the config).
        transport: an httpx transport to use instead of the network (tests).

    Raises:
        SourceError: on a bad URL, network error, timeout, non-200 answer, GraphQL errors
            or a malformed response.
    """
    try:
        with httpx.Client(transport=transport, timeout=timeout, headers=list(headers)) as client:
            resp = client.post(url, json={"query": _SERVICE_QUERY})
    except httpx.TimeoutException:
        raise SourceError(f"{url}: timed out after {timeout:g}s fetching _service.sdl") from None
    except httpx.ConnectError as exc:
        raise SourceError(f"{url}: cannot connect: {_reason(exc)}") from None
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise SourceError(f"{url}: cannot fetch _service.sdl: {_reason(exc)}") from None
    if resp.status_code != 200:
        raise SourceError(f"{url}: HTTP {resp.status_code} fetching _service.sdl")
    try:
        body = resp.json()
    except ValueError:
        raise SourceError(f"{url}: the answer to _service.sdl is not JSON") from None
    errors = body.get("errors") if isinstance(body, dict) else None
    if errors:
        first = errors[0].get("message") if isinstance(errors[0], dict) else errors[0]
        raise SourceError(f"{url}: _service.sdl answered with an error: {first}")
    try:
        sdl = body["data"]["_service"]["sdl"]
    except (KeyError, TypeError):
        raise SourceError(f"{url}: response has no data._service.sdl") from None
    if not isinstance(sdl, str):
        raise SourceError(f"{url}: data._service.sdl is not a string")
    return sdl


def _reason(exc: Exception) -> str:
    text = str(exc)
    return text or type(exc).__name__


def read_sources(config: SupergraphConfig, timeout: float = 10.0) -> list[SubgraphSource]:
    """Read every subgraph's SDL named by the config, in config order.

    Raises:
        SourceError: the first source that cannot be read.
    """
    return [read_source(sub, timeout) for sub in config.subgraphs]


def read_source(sub: SubgraphConfig, timeout: float = 10.0) -> SubgraphSource:
    """Read one subgraph's SDL from its file or its running server.

    Raises:
        SourceError: naming the subgraph, when the SDL cannot be read.
    """
    if sub.schema.file is not None:
        try:
            sdl = sub.schema.file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise SourceError(f"subgraph '{sub.name}': {sub.schema.file} is not UTF-8") from None
        except OSError as exc:
            raise SourceError(
                f"subgraph '{sub.name}': cannot read {sub.schema.file}: {exc.strerror or exc}"
            ) from None
        return SubgraphSource(sub.name, sub.routing_url, sdl, str(sub.schema.file))
    assert sub.schema.subgraph_url is not None
    try:
        sdl = fetch_sdl(sub.schema.subgraph_url, timeout, sub.schema.introspection_headers)
    except SourceError as exc:
        raise SourceError(f"subgraph '{sub.name}': {exc}") from None
    return SubgraphSource(sub.name, sub.routing_url, sdl, sub.schema.subgraph_url)
