"""``check``: compose from a config, compare with a previous schema, exit by severity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from composer.cli import main

LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])\n'
PRODUCTS = (
    LINK
    + 'type Query { products: [Product] }\ntype Product @key(fields: "upc") { upc: ID! name: String status: Status }\nenum Status { NEW OLD }\n'
)
PRICES = (
    LINK + 'type Product @key(fields: "upc") { upc: ID! price(currency: String = "EUR"): Float }\n'
)
API = """
type Query { products: [Product] }
type Product { upc: ID! name: String status: Status price(currency: String = "EUR"): Float }
enum Status { NEW OLD }
"""


def project(tmp_path: Path, products: str = PRODUCTS, prices: str = PRICES) -> Path:
    (tmp_path / "products.graphql").write_text(products, encoding="utf-8")
    (tmp_path / "prices.graphql").write_text(prices, encoding="utf-8")
    cfg = tmp_path / "supergraph.yaml"
    cfg.write_text(
        "federation_version: =2.9.0\nsubgraphs:\n"
        "  products:\n    routing_url: http://products\n    schema: {file: products.graphql}\n"
        "  prices:\n    routing_url: http://prices\n    schema: {file: prices.graphql}\n",
        encoding="utf-8",
    )
    return cfg


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object]]:
    code = main([*argv, "--format", "json"])
    out = capsys.readouterr().out
    doc: dict[str, object] = json.loads(out)
    return code, doc


def test_no_changes_against_an_api_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = project(tmp_path)
    prev = tmp_path / "prev.graphql"
    prev.write_text(API, encoding="utf-8")
    code, doc = run_json(capsys, "check", "--config", str(cfg), "--against", str(prev))
    assert code == 0
    assert doc == {"ok": True, "changes": [], "summary": {"breaking": 0, "dangerous": 0, "safe": 0}}


def test_breaking_change_against_a_supergraph_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = project(tmp_path)
    prev = tmp_path / "prev.graphql"
    assert main(["compose", "--config", str(cfg), "-o", str(prev)]) == 0
    capsys.readouterr()
    project(
        tmp_path, prices=PRICES.replace(' price(currency: String = "EUR"): Float', " price: Float")
    )
    code, doc = run_json(capsys, "check", "--config", str(cfg), "--against", str(prev))
    assert code == 1
    assert doc["ok"] is False
    assert doc["changes"] == [
        {
            "level": "breaking",
            "code": "ARG_REMOVED",
            "coordinate": "Product.price(currency:)",
            "message": "Argument `Product.price(currency:)` was removed",
        }
    ]
    assert doc["summary"] == {"breaking": 1, "dangerous": 0, "safe": 0}


def test_dangerous_and_safe_changes_exit_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = project(
        tmp_path,
        products=PRODUCTS.replace("NEW OLD", "NEW OLD RETIRED").replace(
            "name: String", "name: String!"
        ),
    )
    prev = tmp_path / "prev.graphql"
    prev.write_text(API, encoding="utf-8")
    code = main(["check", "--config", str(cfg), "--against", str(prev)])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0] == "DANGEROUS (1)"
    assert "VALUE_ADDED_TO_ENUM" in out and "Status.RETIRED" in out
    assert "SAFE (1)" in out and "Product.name" in out
    assert out.splitlines()[-1] == "0 breaking, 1 dangerous, 1 safe"


def test_composition_failure_exits_1_with_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = project(tmp_path, prices=PRICES.replace("price(", "name: String price("))
    prev = tmp_path / "prev.graphql"
    prev.write_text(API, encoding="utf-8")
    code, doc = run_json(capsys, "check", "--config", str(cfg), "--against", str(prev))
    assert code == 1
    assert set(doc) == {"ok", "changes", "summary", "errors", "hints"}
    assert doc["ok"] is False and doc["changes"] == []
    errors = doc["errors"]
    assert isinstance(errors, list) and errors
    assert {e["code"] for e in errors} == {"INVALID_FIELD_SHARING"}


@pytest.mark.parametrize(
    ("previous", "expected"),
    [
        (None, "prev.graphql: cannot read"),
        ("type Query {\n  a: Int\n  b(: Int\n}\n", "prev.graphql:3:5: Syntax Error"),
        ("type Query { a: Missing }", "prev.graphql:1:17: invalid schema: Unknown type 'Missing'"),
        ("type Query { a: Int } type Query { b: Int }", "prev.graphql"),
    ],
)
def test_bad_previous_schema_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], previous: str | None, expected: str
) -> None:
    cfg = project(tmp_path)
    prev = tmp_path / "prev.graphql"
    if previous is not None:
        prev.write_text(previous, encoding="utf-8")
    code = main(["check", "--config", str(cfg), "--against", str(prev)])
    captured = capsys.readouterr()
    assert code == 2
    [line] = captured.err.splitlines()
    assert line.startswith("error: ") and expected in line, line
    assert captured.out == ""


def test_bad_config_in_check_is_a_usage_error_in_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    prev = tmp_path / "prev.graphql"
    prev.write_text(API, encoding="utf-8")
    code, doc = run_json(
        capsys, "check", "--config", str(tmp_path / "no.yaml"), "--against", str(prev)
    )
    assert code == 2
    assert doc["ok"] is False
    [err] = doc["errors"]  # type: ignore[misc]
    assert err["code"] == "CONFIG_ERROR" and "cannot read config" in err["message"]


def test_inaccessible_field_counts_as_removed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = project(tmp_path)
    prev = tmp_path / "prev.graphql"
    assert main(["compose", "--config", str(cfg), "-o", str(prev)]) == 0
    capsys.readouterr()
    hidden = PRODUCTS.replace('["@key"]', '["@key", "@inaccessible"]').replace(
        "name: String", "name: String @inaccessible"
    )
    project(tmp_path, products=hidden)
    code, doc = run_json(capsys, "check", "--config", str(cfg), "--against", str(prev))
    assert code == 1
    assert [(c["code"], c["coordinate"]) for c in doc["changes"]] == [  # type: ignore[union-attr]
        ("FIELD_REMOVED", "Product.name")
    ]


def test_previous_supergraph_with_syntax_error_has_location(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = project(tmp_path)
    prev = tmp_path / "prev.graphql"
    prev.write_text(
        'schema @link(url: "https://specs.apollo.dev/join/v0.5") { query: Query }\n'
        "type Query {\n  a: Int =\n}\n",
        encoding="utf-8",
    )
    assert main(["check", "--config", str(cfg), "--against", str(prev)]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert f"{prev}:3:" in line and "Syntax Error" in line
