"""The one way the emulator serves HTTP: a threaded werkzeug server on 127.0.0.1, in a background thread.

Both the local API and the local sign-in domain run on it. Each request is logged as one line on stderr,
`<prefix>: <METHOD> <path> <status>`; `log_query=False` leaves the query string out (codes, states and
challenges stay out of logs). Hostile or broken clients are handled in two places: the HTTP/1.x side
(`request_handler.py`: timeouts, malformed requests, logging) and the body (`request_body.py`: every body read
whole, bounded in size and time, before the application runs).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Self

from werkzeug.serving import BaseWSGIServer

from modules.errors import EmulatorError
from modules.local.request_body import read_whole_bodies
from modules.local.request_handler import TIMEOUT_SECONDS, HardenedServer, handler_class

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

    WsgiApp = Callable[[WSGIEnvironment, StartResponse], Iterable[bytes]]

#: How often the serving loop checks for shutdown: stop() returns within this.
POLL_SECONDS = 0.05
STOP_TIMEOUT_SECONDS = 30.0
#: The largest request body a server reads: API Gateway's "Payload size" quota of an HTTP API, 10 MB ("Quotas
#: for configuring and running an HTTP API in API Gateway",
#: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html).
MAX_BODY_BYTES = 10 * 1024 * 1024
#: The longest a request body may take to arrive, however steadily it trickles in.
BODY_DEADLINE_SECONDS = 60.0


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


class BackgroundServer:
    """Serves a WSGI application on 127.0.0.1 from a daemon thread named `name`.

    `listener` is a socket from `listen()` (bind before starting anything else to fail fast on a busy port);
    without one, the server listens on `port` (0: a free port). `timeout_seconds` bounds each socket read and
    write of a request, `max_body_bytes` and `body_deadline_seconds` its body.
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
        timeout_seconds: float = TIMEOUT_SECONDS,
        max_body_bytes: int = MAX_BODY_BYTES,
        body_deadline_seconds: float = BODY_DEADLINE_SECONDS,
    ) -> None:
        listener = listener if listener is not None else listen(port)
        try:
            bound = listener.getsockname()[1]
            handler = handler_class(log_prefix, log_query=log_query, timeout_seconds=timeout_seconds)
            guarded = read_whole_bodies(app, max_bytes=max_body_bytes, deadline_seconds=body_deadline_seconds)
            self._server: BaseWSGIServer = HardenedServer(
                "127.0.0.1", bound, guarded, handler=handler, fd=listener.fileno()
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
