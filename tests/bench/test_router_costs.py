"""The in-process router cost benchmark's pure parts: statistics, run counting, the in-memory
subgraph client and the table (nothing is timed here)."""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path
from typing import Any

import pytest
from graphql import build_schema

from bench.router_costs import (
    ROWS,
    SIZES,
    MemoSubgraphs,
    count_objects,
    main,
    repeat,
    repeat_async,
    stats_us,
    table,
)

README = Path(__file__).resolve().parents[2] / "bench" / "README.md"


def test_stats_are_microseconds_with_percentiles_by_rank() -> None:
    samples = [(10 - i) * 1000 for i in range(10)]  # 10..1 us, unsorted
    assert stats_us(samples) == {"median_us": 5.5, "p10_us": 2.0, "p90_us": 10.0, "runs": 10}


def test_stats_of_an_odd_count_and_of_one_sample() -> None:
    assert stats_us([3000, 1000, 2000]) == {
        "median_us": 2.0,
        "p10_us": 1.0,
        "p90_us": 3.0,
        "runs": 3,
    }
    assert stats_us([1500]) == {"median_us": 1.5, "p10_us": 1.5, "p90_us": 1.5, "runs": 1}


def test_repeat_makes_at_least_min_runs() -> None:
    calls: list[int] = []
    samples = repeat(lambda: calls.append(1), seconds=0.0, min_runs=7)
    assert len(samples) == len(calls) == 7
    assert all(isinstance(s, int) and s >= 0 for s in samples)


def test_repeat_async_reads_the_given_clock() -> None:
    ticks = itertools.count(0, 5)  # each reading 5 later: every run measures 5
    runs: list[int] = []

    async def work() -> None:
        runs.append(1)

    samples = asyncio.run(repeat_async(work, 0.0, 4, clock=lambda: next(ticks)))
    assert samples == [5, 5, 5, 5]
    assert len(runs) == 4


def test_count_objects_counts_every_json_object() -> None:
    assert count_objects({"a": [{"b": 1}, {"c": {"d": None}}], "e": "x"}) == 4
    assert count_objects([1, "two", None]) == 0
    assert count_objects({}) == 1


_SCHEMA = """
type Query { _entities(representations: [_Any!]!): [Product]!  top: [Product!]! }
scalar _Any
type Product { upc: String! name: String! }
"""


def _schema() -> Any:
    schema = build_schema(_SCHEMA)
    answered: list[int] = []

    def entities(_root: object, _info: object, representations: list[Any]) -> list[Any]:
        answered.append(len(representations))
        return [{"upc": r["upc"], "name": f"product {r['upc']}"} for r in representations]

    query = schema.query_type
    assert query is not None
    query.fields["_entities"].resolve = entities
    query.fields["top"].resolve = lambda *_: [{"upc": "1", "name": "one"}]
    return schema, answered


def test_memo_subgraphs_count_fetches_and_representations_and_memoise() -> None:
    schema, answered = _schema()
    client = MemoSubgraphs({"products": schema})
    query = (
        "query($representations:[_Any!]!)"
        "{_entities(representations:$representations){... on Product{name}}}"
    )
    reps = [{"__typename": "Product", "upc": "1"}, {"__typename": "Product", "upc": "2"}]
    payload = {"query": query, "variables": {"representations": reps}}

    async def run() -> list[dict[str, Any]]:
        first = await client.request("products", "http://x", payload)
        second = await client.request("products", "http://x", payload)
        top = await client.request("products", "http://x", {"query": "{top{upc}}"})
        return [first, second, top]

    first, second, top = asyncio.run(run())
    assert (
        first == second == {"data": {"_entities": [{"name": "product 1"}, {"name": "product 2"}]}}
    )
    assert first is not second  # decoded again on every call, as the real client does
    assert top == {"data": {"top": [{"upc": "1"}]}}
    assert answered == [2]  # the repeated request was answered from memory
    assert (client.fetches, client.representations) == (3, 4)


def _costs() -> dict[str, Any]:
    s = {"median_us": 1234.56, "p10_us": 1000.0, "p90_us": 2000.04, "runs": 30}
    heavy = {key: s for key, _ in ROWS} | {
        "execute_http": {"error": "HTTP 502: subgraphs down"},
        "fetches": 7,
        "entity_representations": 120,
        "response_objects": 390,
        "response_bytes": 87599,
    }
    light = {"plan_cold": {"median_us": 5.0, "p10_us": 4.0, "p90_us": 6.0, "runs": 100}}
    return {"seconds_per_measurement": 2.0, "queries": {"heavy": heavy, "light": light}}


def test_table_has_a_column_per_query_and_a_row_per_measurement() -> None:
    lines = table(_costs()).splitlines()
    assert lines[0] == "| measurement | heavy median us (p10-p90) | light median us (p10-p90) |"
    assert lines[1] == "| --- | --: | --: |"
    assert len(lines) == 2 + len(ROWS) + len(SIZES)
    assert lines[2] == "| plan, cold (new planner) | 1,234.6 (1,000.0-2,000.0) | 5.0 (4.0-6.0) |"


def test_table_shows_failed_and_missing_measurements() -> None:
    rows = {line.split(" | ")[0][2:]: line for line in table(_costs()).splitlines()}
    http = rows["execute, subgraphs over HTTP (CPU time)"]
    assert http.endswith("| failed: HTTP 502: subgraphs down | - |")
    assert rows["prepare, cached (plan cache hit)"].endswith("| - |")
    assert rows["subgraph fetches per request"] == "| subgraph fetches per request | 7 | - |"
    assert rows["response bytes"] == "| response bytes | 87599 | - |"


def test_readme_names_every_measurement_row() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [label for _, label in ROWS if f"| {label} |" not in text]
    assert not missing, f"bench/README.md does not describe {missing}"


def test_unknown_query_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--supergraph", "missing.graphql", "--query", "heavy,medium"])
    assert exc.value.code == 2
