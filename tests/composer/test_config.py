"""``supergraph.yaml`` read into typed data."""

from __future__ import annotations

from pathlib import Path

import pytest

from composer.config import ConfigError, SchemaSource, SubgraphConfig, load_config


def test_typed_config_in_file_order(tmp_path: Path) -> None:
    cfg = tmp_path / "supergraph.yaml"
    cfg.write_text(
        "federation_version: =2.9.0\n"
        "subgraphs:\n"
        "  zeta:\n    routing_url: http://zeta/graphql\n    schema: {file: schemas/zeta.graphql}\n"
        "  alpha:\n    schema:\n      subgraph_url: http://127.0.0.1:4001/graphql\n"
        "      introspection_headers: {Authorization: Bearer x, X-Retries: 3}\n",
        encoding="utf-8",
    )
    config = load_config(cfg)
    assert config.federation_version == "=2.9.0"
    assert config.subgraphs == (
        SubgraphConfig(
            "zeta", "http://zeta/graphql", SchemaSource(file=tmp_path / "schemas/zeta.graphql")
        ),
        SubgraphConfig(
            "alpha",
            "http://127.0.0.1:4001/graphql",  # routing_url defaults to subgraph_url
            SchemaSource(
                subgraph_url="http://127.0.0.1:4001/graphql",
                introspection_headers=(("Authorization", "Bearer x"), ("X-Retries", "3")),
            ),
        ),
    )


def test_absolute_schema_paths_are_kept(tmp_path: Path) -> None:
    cfg = tmp_path / "s.yaml"
    cfg.write_text(
        "subgraphs:\n  a:\n    routing_url: http://a\n    schema: {file: /abs/a.graphql}\n",
        encoding="utf-8",
    )
    assert load_config(cfg).subgraphs[0].schema.file == Path("/abs/a.graphql")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("subgraphs:\n  a:\n    schema: {file: a.graphql}\n", "'routing_url' must be a string"),
        ("subgraphs:\n  a:\n    schema: {subgraph_url: 3}\n", "'subgraph_url' must be a string"),
        ("federation_version: [2]\nsubgraphs: {a: {}}\n", "federation_version must be a string"),
        ("subgraphs: []\n", "'subgraphs' must be a non-empty mapping"),
    ],
)
def test_wrong_values_are_config_errors(tmp_path: Path, text: str, message: str) -> None:
    cfg = tmp_path / "s.yaml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace("[", r"\[")):
        load_config(cfg)
