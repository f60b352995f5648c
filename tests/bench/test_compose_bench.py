"""The composition benchmark's pure parts: corpus loading, generated inputs, comparison."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.compose import Input, compare, load_corpus_case, run_ours
from bench.gen_subgraphs import generate


def test_corpus_case_order_follows_subgraphs_json(tmp_path: Path) -> None:
    (tmp_path / "b.graphql").write_text("type Query { b: Int }")
    (tmp_path / "a.graphql").write_text("type Query { a: Int }")
    (tmp_path / "c.graphql").write_text("type Query { c: Int }")
    (tmp_path / "subgraphs.json").write_text(json.dumps({"c": {"url": "https://c"}}))
    assert [(n, u) for n, u, _ in load_corpus_case(tmp_path)] == [
        ("c", "https://c"),
        ("a", "http://a/graphql"),
        ("b", "http://b/graphql"),
    ]


def test_generated_federation_shape() -> None:
    subgraphs = generate(4, 8)
    assert [name for name, _, _ in subgraphs] == ["s0", "s1", "s2", "s3"]
    owner = subgraphs[0][2]
    assert 'type E0 @key(fields: "id")' in owner and 'next: E1 @provides(fields: "name")' in owner
    assert 'cost: Int @requires(fields: "weight")' in subgraphs[2][2]
    assert generate(4, 8) == subgraphs
    with pytest.raises(ValueError):
        generate(3, 8)


def test_compare_uses_only_inputs_both_composed() -> None:
    ours = {
        "a": {"ok": True, "ms": [2.0]},
        "b": {"ok": True, "ms": [1.0]},
        "c": {"ok": False, "ms": [], "exception": "boom"},
    }
    apollo = {
        "a": {"ok": True, "ms": [4.0]},
        "b": {"ok": False, "ms": [9.0]},
        "c": {"ok": True, "ms": [1.0]},
    }
    s = compare(ours, apollo, ["a", "b", "c"])
    assert (s["compared"], s["ours_exceptions"], s["ours_accepted_apollo_rejected"]) == (1, 1, 1)
    assert s["ratio_median"] == pytest.approx(0.5)


def test_a_raising_composer_is_a_result(monkeypatch: pytest.MonkeyPatch) -> None:
    import bench.compose as mod

    def boom(_inp: Input) -> tuple[bool, int, str | None]:
        raise RecursionError("deep")

    monkeypatch.setattr(mod, "_compose_ours", boom)
    rec = run_ours(Input("x", "corpus", []), warmup=1, repeat=1, timeout=5)
    assert rec["ok"] is False and rec["exception"].startswith("RecursionError")
