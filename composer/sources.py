"""Reading subgraph SDL from files or from a running subgraph's ``_service { sdl }``."""

from __future__ import annotations

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


def fetch_sdl(url: str, timeout: float = 10.0) -> str:
    """Fetch a subgraph's SDL with ``{ _service { sdl } }``.

    Raises:
        SourceError: on a network error, timeout, non-200 answer or a malformed response.
    """
    try:
        resp = httpx.post(url, json={"query": _SERVICE_QUERY}, timeout=timeout)
    except httpx.TimeoutException:
        raise SourceError(f"{url}: timed out after {timeout:g}s fetching _service.sdl") from None
    except httpx.HTTPError as exc:
        raise SourceError(f"{url}: cannot fetch _service.sdl: {exc}") from None
    if resp.status_code != 200:
        raise SourceError(f"{url}: HTTP {resp.status_code} fetching _service.sdl")
    try:
        sdl = resp.json()["data"]["_service"]["sdl"]
    except (ValueError, KeyError, TypeError):
        raise SourceError(f"{url}: response has no data._service.sdl") from None
    if not isinstance(sdl, str):
        raise SourceError(f"{url}: data._service.sdl is not a string")
    return sdl


def read_sources(config: SupergraphConfig, timeout: float = 10.0) -> list[SubgraphSource]:
    """Read every subgraph's SDL named by the config, in config order.

    Raises:
        SourceError: the first source that cannot be read.
    """
    return [read_source(sub, timeout) for sub in config.subgraphs]


def read_source(sub: SubgraphConfig, timeout: float = 10.0) -> SubgraphSource:
    if sub.schema.file is not None:
        try:
            sdl = sub.schema.file.read_text(encoding="utf-8")
        except OSError as exc:
            raise SourceError(
                f"subgraph '{sub.name}': cannot read {sub.schema.file}: {exc.strerror or exc}"
            ) from None
        return SubgraphSource(sub.name, sub.routing_url, sdl, str(sub.schema.file))
    assert sub.schema.subgraph_url is not None
    sdl = fetch_sdl(sub.schema.subgraph_url, timeout)
    return SubgraphSource(sub.name, sub.routing_url, sdl, sub.schema.subgraph_url)
