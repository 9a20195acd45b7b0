"""Request bodies bounded before anything parses them, gzip included.

Why an ASGI middleware: FastAPI reads and decodes a whole body before a handler runs, so a limit
set in a handler comes too late. Here a declared ``Content-Length`` over the limit is refused
before one byte is read, a streamed body is cut off as soon as it passes the limit, and a gzip body
is inflated with a bound on its output, so a gzip bomb costs the server at most the limit plus one
byte of memory. What passes reaches the app already decompressed.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyTooLargeError(Exception):
    pass


class BadBodyError(Exception):
    status = 400


class UnsupportedEncodingError(BadBodyError):
    status = 415


def inflate_gzip(data: bytes, limit: int) -> bytes:
    """Decompress a gzip body, refusing output over ``limit`` bytes without producing it."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        # At most limit + 1 bytes come out: enough to know the body is too large.
        output = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise BadBodyError(f"the gzip body cannot be decompressed: {exc}") from exc
    if len(output) > limit:
        raise BodyTooLargeError
    if not inflater.eof:
        raise BadBodyError("the gzip body is truncated")
    if inflater.unused_data:
        raise BadBodyError(
            "the gzip body has trailing data (several gzip members are not accepted)"
        )
    return output


class BodyLimitMiddleware:
    """Bounds every request body to ``limit`` bytes, compressed and decompressed alike."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {
            name.decode("latin-1").lower(): value.decode("latin-1")
            for name, value in scope["headers"]
        }
        try:
            body = await self._read(headers, receive)
        except BodyTooLargeError:
            await _problem(send, 413, f"the request body is over the limit of {self.limit} bytes")
            return
        except BadBodyError as exc:
            await _problem(send, exc.status, str(exc))
            return
        if body is None:  # the client went away
            return

        new_headers = [
            (name, value)
            for name, value in scope["headers"]
            if name.lower() not in (b"content-encoding", b"content-length", b"transfer-encoding")
        ]
        new_headers.append((b"content-length", str(len(body)).encode("ascii")))
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app({**scope, "headers": new_headers}, replay, send)

    async def _read(self, headers: dict[str, str], receive: Receive) -> bytes | None:
        encoding = headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("identity", "gzip", ""):
            raise UnsupportedEncodingError(
                f"content encoding {encoding!r} is not supported; use gzip or none"
            )
        declared = headers.get("content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                raise BadBodyError("the Content-Length header is not a number")
            if int(declared) > self.limit:
                raise BodyTooLargeError
        chunks = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunks += message.get("body", b"")
            if len(chunks) > self.limit:
                raise BodyTooLargeError
            if not message.get("more_body", False):
                break
        if encoding == "gzip":
            return inflate_gzip(bytes(chunks), self.limit)
        return bytes(chunks)


async def _problem(send: Send, status: int, detail: str) -> None:
    payload = json.dumps({"detail": detail}).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode("ascii")),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
