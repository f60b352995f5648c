"""The benchmark subgraph server's HTTP/1.1 parsing."""

from __future__ import annotations

import pytest

from bench.http11 import HttpError, parse_request, response


def test_content_length_request_and_pipelining() -> None:
    raw = (
        b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"
        b"GET /__stats HTTP/1.1\r\nConnection: close\r\n\r\n"
    )
    first = parse_request(raw)
    assert first is not None
    req, used = first
    assert (req.method, req.path, req.body, req.keep_alive) == ("POST", "/graphql", b"{}", True)
    second = parse_request(raw[used:])
    assert second is not None and second[0].path == "/__stats" and not second[0].keep_alive


def test_incomplete_requests_wait_for_more_bytes() -> None:
    assert parse_request(b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n{}") is None
    assert parse_request(b"POST / HTTP/1.1\r\nContent-") is None
    chunked = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n"
    assert parse_request(chunked) is None
    done = parse_request(chunked + b"0\r\n\r\n")
    assert done is not None and done[0].body == b"{}" and done[1] == len(chunked) + 5


def test_malformed_request_line() -> None:
    with pytest.raises(HttpError):
        parse_request(b"NONSENSE\r\n\r\n")


def test_response_has_length() -> None:
    assert response(200, b"{}") == (
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}"
    )
