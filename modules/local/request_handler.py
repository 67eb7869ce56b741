"""HTTP/1.x for the emulator's servers: werkzeug's threaded server and request handler, hardened for hostile clients.

What a client sends never costs more than its own connection:

- no socket read or write waits longer than `timeout_seconds`: a client that stops sending (a request line
  without its end, a body announced and never sent) is cut off and its thread freed;
- a request http.server cannot parse gets its status and no traceback: 400 for a malformed request line or
  target, 505 for HTTP/0.9 (`GET /`, a request without a version, which API Gateway does not speak) and for
  versions 2.0 and above, 414 for a request line over 64 KiB and 431 for an over-long header line or more than
  100 headers (http.server's limits); the body is API Gateway's kind, `{"message":"Bad Request"}`, and never
  echoes what the client sent;
- one line on stderr per request, `<prefix>: <METHOD> <path> <status>` (`<prefix>: malformed request <status>`
  when the request line could not be read), control characters escaped so a client cannot forge log lines;
- anything else that ends a connection is one line too, never a traceback.

Each connection gets its own thread (werkzeug's `ThreadedWSGIServer`), so a slow or hostile client holds only
its own; werkzeug closes every connection after one response.
"""

from __future__ import annotations

import sys
from http import HTTPStatus
from urllib.parse import urlsplit

from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

#: Default wait for any one socket read or write of a request.
TIMEOUT_SECONDS = 10.0


class HardenedRequestHandler(WSGIRequestHandler):
    """werkzeug's request handler with the rules above; `handler_class()` makes one per server."""

    log_prefix = "server"
    log_query = True
    #: Read by socketserver's StreamRequestHandler: the connection's timeout for every read and write.
    timeout = TIMEOUT_SECONDS
    #: The version assumed until the request line names one, so that early errors still get a status line.
    default_request_version = "HTTP/1.0"
    #: http.server's error page, as API Gateway words its own answers (`message` is always the status phrase).
    error_message_format = '{"message":"%(message)s"}'
    error_content_type = "application/json"

    def parse_request(self) -> bool:
        """http.server's parsing, plus: HTTP/0.9 refused, and a target that cannot be split into a URL refused."""
        if len(self.raw_requestline.split()) == 2:
            self.command, self.request_version, self.close_connection = "", self.default_request_version, True
            self.requestline = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
            self.send_error(HTTPStatus.HTTP_VERSION_NOT_SUPPORTED)
            return False
        if not super().parse_request():
            return False
        try:
            urlsplit(self.path)  # what werkzeug does first with it, outside its own error handling
        except ValueError:
            self.send_error(HTTPStatus.BAD_REQUEST)
            return False
        return True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:  # noqa: ARG002
        """http.server's error answer with the standard phrase: what the client sent is never echoed back."""
        super().send_error(code, HTTPStatus(code).phrase)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:  # noqa: ARG002
        """One line per answered request; the query string only when `log_query`."""
        command, path = getattr(self, "command", None), getattr(self, "path", None)
        if command and path is not None:
            shown = path if self.log_query else path.split("?", 1)[0]
            line = f"{command} {shown}"
        else:
            line = "malformed request"
        print(f"{self.log_prefix}: {escape(line)} {code}", file=sys.stderr, flush=True)

    def log_error(self, format: str, *args: object) -> None:
        """http.server's error notes: the refusal itself is on the request's line already; a timeout is one line."""
        if format.startswith("code "):  # send_error: log_request prints the status next
            return
        print(f"{self.log_prefix}: {escape(format % args)}", file=sys.stderr, flush=True)


class HardenedServer(ThreadedWSGIServer):
    """werkzeug's threaded server; an error that ends a connection is one line on stderr, never a traceback."""

    def handle_error(self, request: object, client_address: object) -> None:  # noqa: ARG002
        error = sys.exc_info()[1]
        prefix = getattr(self.RequestHandlerClass, "log_prefix", "server")
        description = escape(f"{type(error).__name__}: {error}")
        print(f"{prefix}: connection closed after an error: {description}", file=sys.stderr, flush=True)


def handler_class(prefix: str, *, log_query: bool, timeout_seconds: float) -> type[HardenedRequestHandler]:
    """A request handler class logging as `prefix` with the given timeout (one class per server)."""
    return type(
        "RequestHandler",
        (HardenedRequestHandler,),
        {"log_prefix": prefix, "log_query": log_query, "timeout": timeout_seconds},
    )


def escape(text: str) -> str:
    """`text` with control and non-ASCII characters as Python escapes (`\\x1b`, `\\r`), for one safe log line."""
    return text.encode("ascii", "backslashreplace").decode("ascii").translate(_CONTROL)


_CONTROL = {code: f"\\x{code:02x}" for code in [*range(0x20), 0x7F]}
