"""A minimal HTTP/1.1 request parser for the benchmark's own servers (keep-alive, chunked)."""

from __future__ import annotations

from dataclasses import dataclass


class HttpError(Exception):
    """The bytes received are not a request this parser accepts."""


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def keep_alive(self) -> bool:
        return self.headers.get("connection", "").lower() != "close"


def _dechunk(buf: bytes | bytearray, start: int) -> tuple[bytes, int] | None:
    """(body, end offset) of a complete chunked body starting at ``start``, or None."""
    parts: list[bytes] = []
    pos = start
    while True:
        eol = buf.find(b"\r\n", pos)
        if eol < 0:
            return None
        try:
            size = int(bytes(buf[pos:eol]).split(b";", 1)[0], 16)
        except ValueError:
            raise HttpError("bad chunk size") from None
        pos = eol + 2
        if size == 0:
            # Skip trailers up to the blank line.
            end = buf.find(b"\r\n\r\n", pos - 2)
            return (b"".join(parts), end + 4) if end >= 0 else None
        if len(buf) < pos + size + 2:
            return None
        parts.append(bytes(buf[pos : pos + size]))
        pos += size + 2


def parse_request(buf: bytes | bytearray) -> tuple[Request, int] | None:
    """Parse one request from the start of ``buf``.

    Returns:
        (request, bytes consumed), or None when ``buf`` holds no complete request yet.

    Raises:
        HttpError: malformed request line, header or length.
    """
    head_end = buf.find(b"\r\n\r\n")
    if head_end < 0:
        return None
    lines = bytes(buf[:head_end]).decode("latin-1").split("\r\n")
    try:
        method, path, _version = lines[0].split(" ", 2)
    except ValueError:
        raise HttpError(f"bad request line {lines[0]!r}") from None
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if not sep:
            raise HttpError(f"bad header line {line!r}")
        headers[name.strip().lower()] = value.strip()
    start = head_end + 4
    if "chunked" in headers.get("transfer-encoding", "").lower():
        chunked = _dechunk(buf, start)
        if chunked is None:
            return None
        body, end = chunked
        return Request(method, path, headers, body), end
    try:
        length = int(headers.get("content-length", "0"))
    except ValueError:
        raise HttpError("bad content-length") from None
    if length < 0:
        raise HttpError("negative content-length")
    if len(buf) < start + length:
        return None
    return Request(method, path, headers, bytes(buf[start : start + length])), start + length


def response(status: int, body: bytes, content_type: str = "application/json") -> bytes:
    """A complete HTTP/1.1 response with a Content-Length."""
    reason = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"}
    head = (
        f"HTTP/1.1 {status} {reason.get(status, 'Error')}\r\n"
        f"content-type: {content_type}\r\ncontent-length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body
