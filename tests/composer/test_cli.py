"""The compose CLI: exit codes and one-line errors for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from composer.cli import main


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_config_is_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["compose", "--config", str(tmp_path / "nope.yaml")])
    assert code == 2
    err = capsys.readouterr().err
    assert "cannot read config" in err
    assert "Traceback" not in err


def test_malformed_yaml_reports_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = write(tmp_path / "s.yaml", "subgraphs:\n  a: [\n")
    assert main(["compose", "--config", str(cfg)]) == 2
    assert f"{cfg}:" in capsys.readouterr().err


def test_unknown_key_suggests(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = write(
        tmp_path / "s.yaml",
        "subgraphs:\n  a:\n    routing_ur: http://a\n    schema: {file: a.graphql}\n",
    )
    assert main(["compose", "--config", str(cfg)]) == 2
    assert "did you mean 'routing_url'" in capsys.readouterr().err


def test_missing_schema_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = write(
        tmp_path / "s.yaml",
        "subgraphs:\n  a:\n    routing_url: http://a\n    schema: {file: a.graphql}\n",
    )
    assert main(["compose", "--config", str(cfg)]) == 2
    err = capsys.readouterr().err
    assert "subgraph 'a'" in err and "a.graphql" in err


def test_syntax_error_has_location(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "a.graphql", "type Query {\n  a: Int\n  b: \n}\n")
    cfg = write(
        tmp_path / "s.yaml",
        "subgraphs:\n  a:\n    routing_url: http://a\n    schema: {file: a.graphql}\n",
    )
    assert main(["compose", "--config", str(cfg), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] is False
    [err] = doc["errors"]
    assert err["code"] == "INVALID_GRAPHQL"
    assert err["subgraph"] == "a"
    assert err["locations"][0]["line"] == 4


def test_python_m_composer_runs() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "composer", "--help"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0
    assert "compose" in proc.stdout
