"""The benchmark's expected responses and subgraphs agree with the published numbers."""

from __future__ import annotations

import json
from pathlib import Path

from bench.dataset import HEAVY_QUERY, HEAVY_RESPONSE_BYTES, LIGHT_QUERY, load_dataset
from bench.expected import check_response, compact, expected_result
from bench.subgraph_schemas import build_subgraph_schema, entity_type_names
from bench.subgraph_server import Subgraph


def test_heavy_response_has_the_published_size(shared_dir: Path) -> None:
    ds = load_dataset(shared_dir / "bench-data")
    assert len(compact(expected_result(HEAVY_QUERY, ds))) == HEAVY_RESPONSE_BYTES


def test_check_response(shared_dir: Path) -> None:
    expected = expected_result(LIGHT_QUERY, load_dataset(shared_dir / "bench-data"))
    assert check_response(compact(expected) + b"\n", expected) is None
    wrong = json.loads(compact(expected))
    wrong["data"]["topProducts"][0]["price"] = 1
    assert check_response(compact(wrong), expected) == "data differs from the expected response"
    assert "errors" in (check_response(b'{"errors":[{"message":"x"}],"data":null}', expected) or "")
    assert check_response(b"<html>", expected) is not None


def test_entities_and_memoised_replay(shared_dir: Path) -> None:
    ds = load_dataset(shared_dir / "bench-data")
    sdl = (shared_dir / "bench-data" / "reviews.graphql").read_text()
    assert entity_type_names(sdl) == ["Review", "User", "Product"]
    sub = Subgraph("reviews", build_subgraph_schema("reviews", ds, sdl))
    body = json.dumps(
        {
            "query": "query($r:[_Any!]!){_entities(representations:$r)"
            "{...on Product{reviews{id author{username}}}}}",
            "variables": {"r": [{"__typename": "Product", "upc": "3"}]},
        }
    ).encode()
    first = sub.handle("POST", "/graphql", body)
    assert sub.handle("POST", "/graphql", body) is first
    assert (sub.requests, sub.executions) == (2, 1)
    payload = json.loads(first.split(b"\r\n\r\n", 1)[1])
    assert payload == {
        "data": {"_entities": [{"reviews": [{"id": "9", "author": {"username": "urigo"}}]}]}
    }
