"""``compose`` for CI: compiler-style errors, the JSON document, one line per bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from composer.cli import format_error, main
from composer.errors import CompositionError, ErrorCode, Location

LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])\n'
GOOD_A = LINK + 'type Query { a: T }\ntype T @key(fields: "id") { id: ID! x: Int }\n'
GOOD_B = LINK + 'type T @key(fields: "id") { id: ID! y: Int }\n'


def write_project(tmp_path: Path, a: str = GOOD_A, b: str = GOOD_B) -> Path:
    (tmp_path / "a.graphql").write_text(a, encoding="utf-8")
    (tmp_path / "b.graphql").write_text(b, encoding="utf-8")
    cfg = tmp_path / "supergraph.yaml"
    cfg.write_text(
        "subgraphs:\n"
        "  a:\n    routing_url: http://a\n    schema: {file: a.graphql}\n"
        "  b:\n    routing_url: http://b\n    schema: {file: b.graphql}\n",
        encoding="utf-8",
    )
    return cfg


def test_success_json_carries_the_supergraph_without_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_project(tmp_path)
    assert main(["compose", "--config", str(cfg), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {"ok", "errors", "hints", "supergraphSdl"}
    assert doc["ok"] is True and doc["errors"] == []
    assert "join__Graph" in doc["supergraphSdl"]


def test_success_json_with_output_omits_the_supergraph(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_project(tmp_path)
    out = tmp_path / "out.graphql"
    assert main(["compose", "--config", str(cfg), "--format", "json", "-o", str(out)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {"ok", "errors", "hints"}
    assert "join__Graph" in out.read_text(encoding="utf-8")


def test_success_text_prints_only_the_supergraph_on_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_project(tmp_path)
    assert main(["compose", "--config", str(cfg)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("schema") and "join__Graph" in out


def test_error_text_reads_like_a_compiler(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_project(tmp_path, a=GOOD_A.replace("x: Int }", "x: Int\n  y: }"))
    assert main(["compose", "--config", str(cfg)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert lines[0].startswith("error[INVALID_GRAPHQL]: Syntax Error")
    assert lines[1] == f"  --> {tmp_path / 'a.graphql'}:4:6 (subgraph 'a')"
    assert lines[-1] == "error: composition failed with 1 error(s)"


def test_error_without_location_names_the_subgraph() -> None:
    err = CompositionError(ErrorCode.KEY_INVALID_FIELDS, "bad key", subgraph="b")
    assert format_error(err) == "error[KEY_INVALID_FIELDS]: bad key\n  --> subgraph 'b'"
    loc = Location("b.graphql", 3, 7)
    err = CompositionError(ErrorCode.KEY_INVALID_FIELDS, "bad key", "b", (loc, loc))
    assert format_error(err).splitlines()[1:] == ["  --> b.graphql:3:7 (subgraph 'b')"] * 2
    err = CompositionError(ErrorCode.NO_QUERIES, "no queries")
    assert format_error(err) == "error[NO_QUERIES]: no queries"


def test_merge_errors_are_listed_then_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_project(tmp_path, b=GOOD_B.replace("y: Int", "x: Int"))
    assert main(["compose", "--config", str(cfg)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("error[INVALID_FIELD_SHARING]: ")
    assert lines[-1] == "error: composition failed with 1 error(s)"


def test_error_json_document_is_exact(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = write_project(tmp_path, a=GOOD_A.replace("x: Int }", "x: Int\n  y: }"))
    assert main(["compose", "--config", str(cfg), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {"ok", "errors", "hints"}
    assert doc["ok"] is False
    [err] = doc["errors"]
    assert set(err) == {"code", "message", "subgraph", "locations"}
    assert err["code"] == "INVALID_GRAPHQL" and err["subgraph"] == "a"
    assert err["locations"] == [{"source": str(tmp_path / "a.graphql"), "line": 4, "column": 6}]


BAD_CONFIGS = {
    "missing config": (None, "cannot read config"),
    "malformed yaml": ("subgraphs:\n  a: [\n", "supergraph.yaml:3:1"),
    "not a mapping": ("- a\n- b\n", "expected a mapping with 'subgraphs'"),
    "no subgraphs": ("federation_version: =2.9.0\n", "'subgraphs' must be a non-empty mapping"),
    "unknown top key": ("subgraph: {}\n", "did you mean 'subgraphs'"),
    "subgraph not a mapping": ("subgraphs:\n  a: 3\n", "subgraph 'a': expected a mapping"),
    "schema missing": (
        "subgraphs:\n  a:\n    routing_url: http://a\n",
        "'schema' must be a mapping",
    ),
    "file and url": (
        "subgraphs:\n  a:\n    routing_url: http://a\n    schema: {file: a.graphql, subgraph_url: http://a}\n",
        "exactly one of 'file' or 'subgraph_url'",
    ),
    "unknown schema key": (
        "subgraphs:\n  a:\n    routing_url: http://a\n    schema: {fil: a.graphql}\n",
        "did you mean 'file'",
    ),
    "missing schema file": (
        "subgraphs:\n  a:\n    routing_url: http://a\n    schema: {file: nope.graphql}\n",
        "subgraph 'a': cannot read",
    ),
    "bad headers": (
        "subgraphs:\n  a:\n    schema: {subgraph_url: http://a, introspection_headers: [x]}\n",
        "'introspection_headers' must map header names to strings",
    ),
    "unsupported url": (
        "subgraphs:\n  a:\n    schema: {subgraph_url: 'ftp://127.0.0.1/x'}\n",
        "subgraph 'a': ftp://127.0.0.1/x: cannot fetch _service.sdl",
    ),
    "not a url": (
        "subgraphs:\n  a:\n    schema: {subgraph_url: 'http://'}\n",
        "subgraph 'a': http://: cannot fetch _service.sdl",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_CONFIGS))
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    text, expected = BAD_CONFIGS[name]
    cfg = tmp_path / "supergraph.yaml"
    if text is not None:
        cfg.write_text(text, encoding="utf-8")
    assert main(["compose", "--config", str(cfg)]) == 2
    captured = capsys.readouterr()
    [line] = captured.err.splitlines()
    assert line.startswith("error: ") and expected in line, line
    assert captured.out == ""


def test_bad_input_in_json_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compose", "--config", str(tmp_path / "x.yaml"), "--format", "json"]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] is False and doc["hints"] == []
    [err] = doc["errors"]
    assert err["code"] == "CONFIG_ERROR" and err["subgraph"] is None and err["locations"] == []


def test_non_utf8_schema_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = write_project(tmp_path)
    (tmp_path / "a.graphql").write_bytes(b"type Query { a: Int } \xff\xfe")
    assert main(["compose", "--config", str(cfg)]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert "subgraph 'a'" in line and "not UTF-8" in line


def test_unwritable_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = write_project(tmp_path)
    out = tmp_path / "missing-dir" / "out.graphql"
    assert main(["compose", "--config", str(cfg), "-o", str(out)]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert "cannot write" in line


def test_no_traceback_from_a_real_process(tmp_path: Path) -> None:
    cfg = tmp_path / "s.yaml"
    cfg.write_text("subgraphs:\n  a: [\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "composer", "compose", "--config", str(cfg)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.splitlines()) == 1
