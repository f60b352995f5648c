"""End to end with real processes: ``python -m router`` in front of subgraph processes."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.conformance.processes import free_port, start, stop
from tests.conformance.scenario import load_scenarios


def _post(port: int, body: bytes) -> tuple[int, Any]:
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=body,
        headers={"content-type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_router_process_serves_stops_on_sigterm(tmp_path: Path) -> None:
    shop = next(s for s in load_scenarios() if s.name == "shop")
    procs = []
    router = None
    try:
        sdl = shop.supergraph()
        for name, _ in shop.subgraphs:
            port = free_port()
            args = ["-m", "tests.conformance.serve_subgraph", "--sdl", str(shop.sdl_file(name))]
            args += ["--data", str(shop.data_file(name)), "--port", str(port)]
            procs.append(start(args, port))
            sdl = sdl.replace(f'"http://{name}/graphql"', f'"http://127.0.0.1:{port}/graphql"')
        supergraph = tmp_path / "supergraph.graphql"
        supergraph.write_text(sdl, encoding="utf-8")
        port = free_port()
        router = start(["-m", "router", "--supergraph", str(supergraph), "--port", str(port)], port)

        status, body = _post(port, b'{"query": "{ me { name reviews { product { name } } } }"}')
        assert status == 200
        assert body == {
            "data": {
                "me": {
                    "name": "Ada Lovelace",
                    "reviews": [{"product": {"name": "Table"}}, {"product": {"name": "Couch"}}],
                }
            }
        }
        status, body = _post(port, b'{"query": ')
        assert status == 400
        assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
        status, body = _post(port, b"[]")
        assert status == 400
        assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
        status, body = _post(port, b'{"query": "{ me { id }"}')
        assert status == 400
        assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    finally:
        code = stop(router) if router is not None else None
        for p in procs:
            stop(p)
    assert code == 0


def test_router_refuses_bad_supergraph(tmp_path: Path) -> None:
    import subprocess
    import sys

    bad = tmp_path / "bad.graphql"
    bad.write_text("type Query { a: Int }", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "router", "--supergraph", str(bad), "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.returncode == 2
    assert "no schema definition" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_plan_command_prints_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from router.cli import main

    shop = next(s for s in load_scenarios() if s.name == "shop")
    supergraph = tmp_path / "s.graphql"
    supergraph.write_text(shop.supergraph(), encoding="utf-8")
    query = tmp_path / "q.graphql"
    query.write_text("{ me { reviews { body } } }", encoding="utf-8")
    assert main(["plan", "--supergraph", str(supergraph), str(query)]) == 0
    out = capsys.readouterr().out
    assert out.startswith('QueryPlan {\n  Sequence {\n    Fetch(service: "accounts")')
    assert 'Flatten(path: "me")' in out and 'Fetch(service: "reviews")' in out
    assert main(["plan", "--supergraph", str(supergraph), "--json", str(query)]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["node"]["kind"] == "Sequence"
    query.write_text("{ me { nope } }", encoding="utf-8")
    assert main(["plan", "--supergraph", str(supergraph), str(query)]) == 1
    assert "GRAPHQL_VALIDATION_FAILED" in capsys.readouterr().err
