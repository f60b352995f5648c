"""``subgraph_url`` sources against real HTTP servers on 127.0.0.1 started by the tests."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from composer.cli import main
from composer.sources import fetch_sdl
from tests.procs import free_port

LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])\n'
SDL_A = LINK + 'type Query { a: T }\ntype T @key(fields: "id") { id: ID! x: Int }\n'
SDL_B = LINK + 'type T @key(fields: "id") { id: ID! y: Int }\n'

Reply = Callable[[BaseHTTPRequestHandler, dict[str, object]], None]


def service_reply(sdl: str) -> Reply:
    def reply(handler: BaseHTTPRequestHandler, body: dict[str, object]) -> None:
        assert "_service" in str(body.get("query"))
        send(handler, 200, json.dumps({"data": {"_service": {"sdl": sdl}}}))

    return reply


def send(handler: BaseHTTPRequestHandler, status: int, text: str) -> None:
    data = text.encode()
    handler.send_response(status)
    handler.send_header("content-type", "application/json")
    handler.send_header("content-length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


@contextmanager
def serving(reply: Reply) -> Iterator[tuple[str, list[dict[str, str]]]]:
    """A GraphQL-ish server on a free 127.0.0.1 port; yields its URL and the request headers."""
    seen: list[dict[str, str]] = []
    release = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            length = int(self.headers.get("content-length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            seen.append({k.lower(): v for k, v in self.headers.items()})
            self.server.release = release  # type: ignore[attr-defined]
            reply(self, body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/graphql", seen
    finally:
        release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def hang(handler: BaseHTTPRequestHandler, body: dict[str, object]) -> None:
    handler.server.release.wait(timeout=10)  # type: ignore[attr-defined]


def test_fetches_sdl_and_sends_introspection_headers() -> None:
    with serving(service_reply(SDL_A)) as (url, seen):
        assert fetch_sdl(url, 5.0, [("authorization", "Bearer t")]) == SDL_A
    assert seen[0]["authorization"] == "Bearer t"


def test_compose_from_running_subgraphs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with serving(service_reply(SDL_A)) as (url_a, _), serving(service_reply(SDL_B)) as (url_b, _):
        cfg = tmp_path / "supergraph.yaml"
        cfg.write_text(
            "subgraphs:\n"
            f"  a:\n    schema:\n      subgraph_url: {url_a}\n"
            "      introspection_headers: {x-token: abc}\n"
            f"  b:\n    routing_url: http://b.internal/graphql\n    schema: {{subgraph_url: {url_b}}}\n",
            encoding="utf-8",
        )
        assert main(["compose", "--config", str(cfg), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] is True
    sdl = doc["supergraphSdl"]
    assert f'url: "{url_a}"' in sdl  # routing_url defaults to subgraph_url
    assert 'url: "http://b.internal/graphql"' in sdl


def run_bad(tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str, timeout: str) -> str:
    cfg = tmp_path / "supergraph.yaml"
    cfg.write_text(f"subgraphs:\n  a:\n    schema: {{subgraph_url: '{url}'}}\n", encoding="utf-8")
    code = main(["compose", "--config", str(cfg), "--timeout", timeout])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert line.startswith(f"error: subgraph 'a': {url}: ")
    return line


def test_hanging_server_times_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with serving(hang) as (url, _):
        line = run_bad(tmp_path, capsys, url, "0.5")
    assert line.endswith("timed out after 0.5s fetching _service.sdl")


def test_refused_connection(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}/graphql"
    line = run_bad(tmp_path, capsys, url, "5")
    assert "cannot connect" in line


@pytest.mark.parametrize(
    ("status", "text", "expected"),
    [
        (500, "{}", "HTTP 500 fetching _service.sdl"),
        (200, "<html>", "the answer to _service.sdl is not JSON"),
        (200, '{"data": {"other": 1}}', "response has no data._service.sdl"),
        (200, '{"data": {"_service": {"sdl": 3}}}', "data._service.sdl is not a string"),
        (
            200,
            '{"errors": [{"message": "Cannot query field \\"_service\\" on type \\"Query\\"."}]}',
            'answered with an error: Cannot query field "_service"',
        ),
    ],
)
def test_bad_answers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], status: int, text: str, expected: str
) -> None:
    def reply(handler: BaseHTTPRequestHandler, body: dict[str, object]) -> None:
        send(handler, status, text)

    with serving(reply) as (url, _):
        line = run_bad(tmp_path, capsys, url, "5")
    assert expected in line, line
