"""Raw bytes to a local server over a real socket, and its answer parsed by the standard library's HTTP client."""

from __future__ import annotations

import http.client
import socket
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Answer:
    """What came back: an HTTP answer (`status` set), or a close without one (`status` None)."""

    status: int | None
    headers: dict[str, str]
    body: bytes
    seconds: float

    @property
    def closed_without_answer(self) -> bool:
        return self.status is None


def port_of(url: str) -> int:
    """The port of `http://127.0.0.1:<port>`."""
    return int(url.rsplit(":", 1)[1])


def connect(url: str, *, timeout: float = 30.0) -> socket.socket:
    """A connection to the server at `url`."""
    return socket.create_connection(("127.0.0.1", port_of(url)), timeout=timeout)


def exchange(url: str, data: bytes, *, end_sending: bool = True, timeout: float = 30.0) -> Answer:
    """Send `data`, then (with `end_sending`) close our sending side, and read the answer."""
    with connect(url, timeout=timeout) as sock:
        start = time.monotonic()
        try:
            sock.sendall(data)
            if end_sending:
                sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server may have answered and closed before everything was sent
        method = (data.split(None, 1) or [b""])[0].decode("latin-1")
        return read_answer(sock, start, method=method)


def read_answer(sock: socket.socket, start: float | None = None, *, method: str = "GET") -> Answer:
    """The answer on `sock` to a `method` request, or `status` None when the server closed without one."""
    start = time.monotonic() if start is None else start
    response = http.client.HTTPResponse(sock, method=method)
    try:
        response.begin()
        body = response.read()
    except (http.client.RemoteDisconnected, ConnectionResetError):
        return Answer(None, {}, b"", time.monotonic() - start)
    headers = {name.lower(): value for name, value in response.getheaders()}
    return Answer(response.status, headers, body, time.monotonic() - start)
