"""The one way the emulator serves HTTP: a threaded werkzeug server on 127.0.0.1, in a background thread.

Both the local API and the local sign-in domain run on it. Each request is logged as one line on stderr,
`<prefix>: <METHOD> <path> <status>`; `log_query=False` leaves the query string out (codes, states and
challenges stay out of logs).
"""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Self

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from modules.errors import EmulatorError

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

    WsgiApp = Callable[[WSGIEnvironment, StartResponse], Iterable[bytes]]

#: How often the serving loop checks for shutdown: stop() returns within this.
POLL_SECONDS = 0.05
STOP_TIMEOUT_SECONDS = 30.0


def listen(port: int = 0) -> socket.socket:
    """A listening socket on 127.0.0.1:`port` (0: a free port). Raises `EmulatorError` when the port is taken.

    Bound here rather than in werkzeug, which prints and calls `sys.exit(1)` when the port is taken.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(("127.0.0.1", port))
        listener.listen(128)
    except OSError as exc:
        listener.close()
        raise EmulatorError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from None
    return listener


def _request_log(prefix: str, *, log_query: bool) -> type[WSGIRequestHandler]:
    class RequestLog(WSGIRequestHandler):
        """One line per request on stderr, whatever the `werkzeug` logger's level."""

        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:  # noqa: ARG002
            path = self.path if log_query else self.path.split("?", 1)[0]
            print(f"{prefix}: {self.command} {path} {code}", file=sys.stderr, flush=True)

    return RequestLog


class BackgroundServer:
    """Serves a WSGI application on 127.0.0.1 from a daemon thread named `name`.

    `listener` is a socket from `listen()` (bind before starting anything else to fail fast on a busy port);
    without one, the server listens on `port` (0: a free port).
    """

    def __init__(
        self,
        app: WsgiApp,
        *,
        name: str,
        log_prefix: str,
        log_query: bool = True,
        port: int = 0,
        listener: socket.socket | None = None,
    ) -> None:
        listener = listener if listener is not None else listen(port)
        try:
            bound = listener.getsockname()[1]
            handler = _request_log(log_prefix, log_query=log_query)
            self._server: BaseWSGIServer = make_server(
                "127.0.0.1", bound, app, threaded=True, request_handler=handler, fd=listener.fileno()
            )
        finally:
            listener.close()  # werkzeug serves a duplicate of the descriptor
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": POLL_SECONDS}, name=name, daemon=True
        )

    @property
    def url(self) -> str:
        """`http://127.0.0.1:<port>`."""
        return f"http://127.0.0.1:{self._server.port}"

    def start(self) -> Self:
        """Start serving in the background; returns self."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close the socket and wait (bounded) for the thread."""
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join(timeout=STOP_TIMEOUT_SECONDS)
        self._server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()
