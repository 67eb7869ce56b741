"""Every request body read whole, bounded in size and time, before the application sees the request.

werkzeug's development server hands applications the socket stream itself: a malformed chunked body raises
`OSError` in the middle of the application, a body shorter than its `Content-Length` or one that never comes
blocks whoever reads it. `read_whole_bodies(app, ...)` reads the body first, framed by werkzeug's own
`get_input_stream` (Content-Length, or chunked via the server's `DechunkedInput`), then gives the application
the bytes in memory. When the body cannot be read, the answer comes from here, in API Gateway's words:

| status | body | when |
|---|---|---|
| 400 | `{"message":"Bad Request"}` | malformed chunked framing, or the client closed before its `Content-Length` |
| 408 | `{"message":"Request Timeout"}` | the body did not arrive within `deadline_seconds` |
| 413 | `{"message":"Request Entity Too Large"}` | longer than `max_bytes` (announced or streamed) |
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.wsgi import get_input_stream

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

    WsgiApp = Callable[[WSGIEnvironment, StartResponse], Iterable[bytes]]

CHUNK_BYTES = 64 * 1024
BAD_REQUEST = (400, "Bad Request")
TIMED_OUT = (408, "Request Timeout")
TOO_LARGE = (413, "Request Entity Too Large")


class UnreadableBody(Exception):
    """The request body cannot be read: `status` and `message` are the answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def read_whole_bodies(app: WsgiApp, *, max_bytes: int, deadline_seconds: float) -> WsgiApp:
    """`app` behind a reader of whole request bodies (see the module docstring)."""

    def guarded(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        try:
            body = read_body(environ, max_bytes=max_bytes, deadline_seconds=deadline_seconds)
        except UnreadableBody as refused:
            payload = json.dumps({"message": refused.message}, separators=(",", ":")).encode()
            headers = [("content-type", "application/json"), ("content-length", str(len(payload)))]
            start_response(f"{refused.status} {refused.message}", headers)
            return [payload]
        environ["wsgi.input"] = io.BytesIO(body)
        return app(environ, start_response)

    return guarded


def read_body(environ: WSGIEnvironment, *, max_bytes: int, deadline_seconds: float) -> bytes:
    """The whole body of the request in `environ`. Raises `UnreadableBody`."""
    try:
        stream = get_input_stream(environ, max_content_length=max_bytes)
    except RequestEntityTooLarge:
        raise UnreadableBody(*TOO_LARGE) from None
    deadline = time.monotonic() + deadline_seconds
    parts: list[bytes] = []
    try:
        while chunk := stream.read(CHUNK_BYTES):
            parts.append(chunk)
            if time.monotonic() > deadline:
                raise UnreadableBody(*TIMED_OUT)
    except RequestEntityTooLarge:
        raise UnreadableBody(*TOO_LARGE) from None
    except (HTTPException, OSError) as exc:  # ClientDisconnected wraps the socket's error, if any
        cause = exc if isinstance(exc, OSError) else exc.__context__
        raise UnreadableBody(*(TIMED_OUT if isinstance(cause, TimeoutError) else BAD_REQUEST)) from None
    return b"".join(parts)
