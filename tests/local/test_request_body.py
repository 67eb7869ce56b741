"""Request bodies on the real local API, over real sockets: read whole, bounded in size and time, refused in API
Gateway's words when they cannot be read, and never a traceback."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable

import pytest

from modules.local.background_server import MAX_BODY_BYTES
from tests.local.conftest import RunningStack
from tests.local.raw_http import Answer, connect, exchange, read_answer

HEAD = "POST /public/echo HTTP/1.1\r\nHost: h\r\nContent-Type: text/plain\r\n"


def chunked(*chunks: bytes) -> bytes:
    """A chunked body of `chunks`, framed the way RFC 9112 (section 7.1) writes it."""
    return b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for chunk in chunks) + b"0\r\n\r\n"


def test_a_chunked_body_reaches_the_function_whole(serve: Callable[..., tuple[RunningStack, str]]) -> None:
    _, url = serve("lab", {"timeout_seconds": 1.0})
    answer = exchange(url, (HEAD + "Transfer-Encoding: chunked\r\n\r\n").encode() + chunked(b"hello ", b"world"))
    assert answer.status == 200
    event = json.loads(answer.body)["event"]
    assert (event["body"], event["isBase64Encoded"]) == ("hello world", False)


@pytest.mark.parametrize(
    "body",
    [b"zz\r\nhello\r\n0\r\n\r\n", b"5\r\nhello!!\r\n0\r\n\r\n", b"-5\r\nhello\r\n0\r\n\r\n"],
    ids=["not hex", "chunk longer than its size", "negative size"],
)
def test_a_malformed_chunked_body_is_400(
    serve: Callable[..., tuple[RunningStack, str]], capsys: pytest.CaptureFixture[str], body: bytes
) -> None:
    _, url = serve("lab", {"timeout_seconds": 1.0})
    answer = exchange(url, (HEAD + "Transfer-Encoding: chunked\r\n\r\n").encode() + body)
    assert (answer.status, json.loads(answer.body)) == (400, {"message": "Bad Request"})
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "api: POST /public/echo 400" in err.splitlines()


def test_a_body_cut_short_is_400(serve: Callable[..., tuple[RunningStack, str]]) -> None:
    _, url = serve("lab", {"timeout_seconds": 1.0})
    answer = exchange(url, (HEAD + "Content-Length: 10\r\n\r\nabc").encode())  # then our side closes
    assert (answer.status, json.loads(answer.body)) == (400, {"message": "Bad Request"})


@pytest.mark.parametrize("announced", [MAX_BODY_BYTES + 1, 10**12])
def test_a_body_over_the_payload_quota_is_413_at_once(
    serve: Callable[..., tuple[RunningStack, str]], announced: int
) -> None:
    _, url = serve("lab")  # the default timeouts: the answer must not wait for any of them
    answer = exchange(url, (HEAD + f"Content-Length: {announced}\r\n\r\n").encode(), end_sending=False)
    assert (answer.status, json.loads(answer.body)) == (413, {"message": "Request Entity Too Large"})
    assert answer.seconds < 5


def test_a_streamed_body_over_the_payload_quota_is_413(
    serve: Callable[..., tuple[RunningStack, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    _, url = serve("lab", {"timeout_seconds": 5.0})
    piece = b"x" * (1024 * 1024)
    with connect(url) as sock:
        sock.sendall((HEAD + "Transfer-Encoding: chunked\r\n\r\n").encode())
        try:
            for _ in range(MAX_BODY_BYTES // len(piece) + 2):
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
        except OSError:
            pass  # the server answered and stopped reading
        answer = read_answer(sock)
    # the client may see the answer, or a reset if it was still sending when the server closed
    assert answer.closed_without_answer or (answer.status, json.loads(answer.body)) == (
        413,
        {"message": "Request Entity Too Large"},
    )
    assert "api: POST /public/echo 413" in capsys.readouterr().err.splitlines()


def test_a_body_that_never_comes_is_408_after_the_timeout(
    serve: Callable[..., tuple[RunningStack, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    _, url = serve("lab", {"timeout_seconds": 1.0})
    answer = exchange(url, (HEAD + "Content-Length: 1000\r\n\r\n").encode(), end_sending=False)
    assert (answer.status, json.loads(answer.body)) == (408, {"message": "Request Timeout"})
    assert 0.9 < answer.seconds < 6
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "api: POST /public/echo 408" in err.splitlines()


def test_a_trickling_body_is_408_at_the_deadline(serve: Callable[..., tuple[RunningStack, str]]) -> None:
    _, url = serve("lab", {"timeout_seconds": 1.0, "body_deadline_seconds": 1.5})
    answers: list[Answer] = []
    with connect(url) as sock:
        sock.sendall((HEAD + "Content-Length: 1000\r\n\r\n").encode())
        reader = threading.Thread(target=lambda: answers.append(read_answer(sock)))
        reader.start()
        with contextlib.suppress(OSError):  # the server answers, then stops reading
            for _ in range(40):  # each byte well within the socket timeout, all of them far beyond the deadline
                time.sleep(0.2)
                if answers:
                    break
                sock.sendall(b"x")
        reader.join(timeout=30)
    assert [(answer.status, json.loads(answer.body)) for answer in answers] == [(408, {"message": "Request Timeout"})]
