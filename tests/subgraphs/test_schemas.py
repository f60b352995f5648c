"""The committed SDL files match the code, supergraph.yaml names them, and Apollo's composition
accepts the four subgraphs with the federation features they are meant to exercise."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from graphql import build_schema, parse, validate

from subgraphs.__main__ import NAMES, service_sdl
from tests.reference.apollo import apollo_compose

ROOT = Path(__file__).resolve().parents[2]
PORTS = {"users": 4001, "orders": 4002, "reviews": 4003, "products": 4004}


def committed(name: str) -> str:
    return (ROOT / "subgraphs" / name / "schema.graphql").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", NAMES)
async def test_committed_sdl_matches_schema(name: str) -> None:
    assert committed(name) == await service_sdl(name), (
        f"subgraphs/{name}/schema.graphql is stale: run .venv/bin/python -m subgraphs write-schemas"
    )


def test_supergraph_yaml_names_the_four_subgraphs() -> None:
    config = yaml.safe_load((ROOT / "supergraph.yaml").read_text(encoding="utf-8"))
    assert config["federation_version"].lstrip("=").startswith("2.")
    assert list(config["subgraphs"]) == list(NAMES)
    for name, sub in config["subgraphs"].items():
        assert sub["routing_url"] == f"http://127.0.0.1:{PORTS[name]}/graphql"
        assert sub["schema"] == {"file": f"subgraphs/{name}/schema.graphql"}
        assert (ROOT / sub["schema"]["file"]).is_file()


@pytest.fixture(scope="module")
def composed() -> dict[str, object]:
    config = yaml.safe_load((ROOT / "supergraph.yaml").read_text(encoding="utf-8"))
    return apollo_compose(
        [(name, sub["routing_url"], committed(name)) for name, sub in config["subgraphs"].items()]
    )


def test_apollo_composes_the_subgraphs(composed: dict[str, object]) -> None:
    assert composed["ok"], composed["errors"]
    # The one expected hint: orders still defines the field products took over.
    assert [h["code"] for h in composed["hints"]] == ["OVERRIDDEN_FIELD_CAN_BE_REMOVED"]


def test_supergraph_exercises_the_federation_features(composed: dict[str, object]) -> None:
    sdl = str(composed["supergraphSdl"])
    product = re.search(r"\ntype Product\b.*?\n}", sdl, re.S)
    assert product is not None
    text = product.group(0)
    assert 'key: "upc"' in text and 'key: "sku"' in text  # two keys
    assert 'override: "orders"' in text
    assert 'requires: "price weight"' in text
    assert re.search(r"name: String!.*@join__field\(graph: PRODUCTS\)", text)
    assert 'provides: "name"' in sdl
    api = str(composed["apiSchemaSdl"])
    for field in ("shippingEstimate", "totalSpent", "averageRating", "topProducts", "me"):
        assert re.search(rf"\b{field}\b", api), field


@pytest.mark.parametrize("query", ["dashboard", "mobile"])
def test_example_queries_are_valid_against_the_api_schema(
    composed: dict[str, object], query: str
) -> None:
    schema = build_schema(str(composed["apiSchemaSdl"]))
    document = parse(
        (ROOT / "examples" / "queries" / f"{query}.graphql").read_text(encoding="utf-8")
    )
    assert validate(schema, document) == []
