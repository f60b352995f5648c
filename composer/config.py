"""The composition config: rover's ``supergraph.yaml`` format, read into typed data."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import yaml


class ConfigError(Exception):
    """The config file is missing, malformed or names unknown keys."""


@dataclass(frozen=True, slots=True)
class SchemaSource:
    """Where a subgraph's SDL comes from: a file, or a running subgraph's ``_service``."""

    file: Path | None = None
    subgraph_url: str | None = None
    introspection_headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class SubgraphConfig:
    name: str
    routing_url: str
    schema: SchemaSource


@dataclass(frozen=True, slots=True)
class SupergraphConfig:
    federation_version: str
    subgraphs: tuple[SubgraphConfig, ...]
    path: Path


_TOP_KEYS = ("federation_version", "subgraphs")
_SUBGRAPH_KEYS = ("routing_url", "schema")
_SCHEMA_KEYS = ("file", "subgraph_url", "introspection_headers")


def _check_keys(data: dict[str, object], allowed: tuple[str, ...], where: str) -> None:
    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ConfigError(f"{where}: unknown key '{key}'{hint}")


def load_config(path: Path) -> SupergraphConfig:
    """Read and check a ``supergraph.yaml``.

    Args:
        path: the config file; relative schema file paths are resolved against its folder.

    Returns:
        The typed config, subgraphs in file order.

    Raises:
        ConfigError: on a missing file, malformed YAML, or a wrong or unknown key.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or "malformed YAML"
        raise ConfigError(f"{where}: {problem}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping with 'subgraphs'")
    _check_keys(data, _TOP_KEYS, str(path))
    version = data.get("federation_version", "=2.9.0")
    if not isinstance(version, (str, int, float)):
        raise ConfigError(f"{path}: federation_version must be a string")
    subgraphs_data = data.get("subgraphs")
    if not isinstance(subgraphs_data, dict) or not subgraphs_data:
        raise ConfigError(f"{path}: 'subgraphs' must be a non-empty mapping of name -> settings")
    subgraphs: list[SubgraphConfig] = []
    for name, entry in subgraphs_data.items():
        where = f"{path}: subgraph '{name}'"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where}: expected a mapping with 'routing_url' and 'schema'")
        _check_keys(entry, _SUBGRAPH_KEYS, where)
        schema = entry.get("schema")
        if not isinstance(schema, dict):
            raise ConfigError(f"{where}: 'schema' must be a mapping with 'file' or 'subgraph_url'")
        _check_keys(schema, _SCHEMA_KEYS, where)
        file = schema.get("file")
        url = schema.get("subgraph_url")
        if (file is None) == (url is None):
            raise ConfigError(f"{where}: 'schema' needs exactly one of 'file' or 'subgraph_url'")
        if url is not None and not isinstance(url, str):
            raise ConfigError(f"{where}: 'subgraph_url' must be a string")
        headers = _headers(schema.get("introspection_headers"), where)
        routing_url = entry.get("routing_url", url)
        if not isinstance(routing_url, str):
            raise ConfigError(f"{where}: 'routing_url' must be a string")
        file_path = None
        if file is not None:
            file_path = Path(str(file))
            if not file_path.is_absolute():
                file_path = path.parent / file_path
        subgraphs.append(
            SubgraphConfig(
                name=str(name),
                routing_url=routing_url,
                schema=SchemaSource(
                    file=file_path, subgraph_url=url, introspection_headers=headers
                ),
            )
        )
    return SupergraphConfig(federation_version=str(version), subgraphs=tuple(subgraphs), path=path)


def _headers(data: object, where: str) -> tuple[tuple[str, str], ...]:
    if data is None:
        return ()
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str | int | float) for k, v in data.items()
    ):
        raise ConfigError(f"{where}: 'introspection_headers' must map header names to strings")
    return tuple((k, str(v)) for k, v in data.items())
