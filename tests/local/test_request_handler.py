"""Hostile HTTP against the real local servers, over real sockets: malformed requests get their status and one log
line, silent clients are cut off after the timeout, and none of it disturbs other clients."""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections.abc import Callable
from http import HTTPStatus

import pytest
import requests

from modules.local.request_handler import escape
from tests.local.conftest import RunningStack
from tests.local.raw_http import Answer, connect, exchange, read_answer

TIMEOUT = 30
#: The servers' socket timeout in these tests: short, so that cutting a client off is quick to watch.
SHORT = 1.0
FAST = {"timeout_seconds": SHORT}


def tls_client_hello() -> bytes:
    """The first bytes a real TLS client sends (made by the ssl module, not typed by hand)."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = context.wrap_bio(incoming, outgoing, server_hostname="127.0.0.1")
    with pytest.raises(ssl.SSLWantReadError):
        tls.do_handshake()
    return outgoing.read()


def assert_refused(answer: Answer, status: int) -> None:
    """API Gateway's kind of answer, with the standard phrase (Python's: it names 414 and 413 differently in 3.13)."""
    assert answer.status == status, answer
    assert answer.headers["content-type"] == "application/json"
    assert json.loads(answer.body) == {"message": HTTPStatus(status).phrase}


MALFORMED = "malformed request"


@pytest.mark.parametrize(
    ("request_bytes", "status", "logged"),
    [
        (b"GET\r\n\r\n", 400, MALFORMED),
        (b"GET / HTTX/1.1\r\n\r\n", 400, MALFORMED),
        (b"GET / HTTP/1.1.1\r\n\r\n", 400, MALFORMED),
        (b"GET / HTTP/9.9\r\n\r\n", 505, MALFORMED),
        (b"GET / HTTP/2.0\r\n\r\n", 505, MALFORMED),
        (b"GET /\r\n", 505, MALFORMED),  # HTTP/0.9
        (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", 414, MALFORMED),
        (b"GET / HTTP/1.1\r\nx-long: " + b"a" * 70_000 + b"\r\n\r\n", 431, "GET /"),
        (b"GET / HTTP/1.1\r\n" + b"x: y\r\n" * 101 + b"\r\n", 431, "GET /"),
    ],
    ids=[
        "no target",
        "not http",
        "three-part version",
        "http 9.9",
        "http 2",
        "http 0.9",
        "long line",
        "long header",
        "101 headers",
    ],
)
def test_malformed_requests_get_their_status_and_one_line(
    serve: Callable[..., tuple[RunningStack, str]],
    capsys: pytest.CaptureFixture[str],
    request_bytes: bytes,
    status: int,
    logged: str,
) -> None:
    _, url = serve("lab", FAST)
    assert_refused(exchange(url, request_bytes), status)
    assert capsys.readouterr().err.splitlines() == [f"api: {logged} {status}"]


def test_a_target_werkzeug_cannot_split_is_400(
    serve: Callable[..., tuple[RunningStack, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    _, url = serve("lab", FAST)
    assert_refused(exchange(url, b"GET http://[ HTTP/1.1\r\n\r\n"), 400)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "api: GET http://[ 400" in err.splitlines()


def test_tls_on_the_plain_port_is_refused_or_closed(
    serve: Callable[..., tuple[RunningStack, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    _, url = serve("lab", FAST)
    for end_sending in (True, False):  # with our side closed, and waiting for a ServerHello as a TLS client does
        answer = exchange(url, tls_client_hello(), end_sending=end_sending)
        # The hello's random bytes decide how its first "line" splits: three words are a malformed request line
        # (400), two are read as HTTP/0.9 (505); either way a refusal, never a traceback.
        assert answer.closed_without_answer or answer.status in (400, 505), answer
        assert answer.seconds < SHORT + 5
    assert "Traceback" not in capsys.readouterr().err


def test_log_lines_escape_what_the_client_sent(
    serve: Callable[..., tuple[RunningStack, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    _, url = serve("lab", FAST)
    answer = exchange(url, b"GET /x\x1b[31m\xe9fake HTTP/1.1\r\nHost: h\r\n\r\n")
    assert answer.status == 200
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("api: GET /x")]
    assert lines == ["api: GET /x\\x1b[31m\\xe9fake 200"]
    assert escape("\x00\x7f\u4e2d") == "\\x00\\x7f\\u4e2d"


def test_a_silent_client_is_cut_off_after_the_timeout(
    serve: Callable[..., tuple[RunningStack, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    _, url = serve("lab", FAST)
    with connect(url) as silent:
        start = time.monotonic()
        answer = read_answer(silent, start)
    assert answer.closed_without_answer
    assert SHORT - 0.1 < answer.seconds < SHORT + 5
    with connect(url) as unfinished:
        unfinished.sendall(b"GET /public/echo HTTP/1.1\r\nHost: h\r\n")  # the blank line never comes
        answer = read_answer(unfinished)
    assert answer.closed_without_answer
    assert answer.seconds < SHORT + 5
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.count("api: Request timed out") == 2


def test_hostile_clients_do_not_disturb_a_good_one(
    serve: Callable[..., tuple[RunningStack, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    patience = 6.0
    _, url = serve("lab", {"timeout_seconds": patience})
    assert requests.get(url + "/public/exact", timeout=TIMEOUT).status_code == 200  # the function is warm
    announced = b"POST /public/echo HTTP/1.1\r\nHost: h\r\nContent-Length: 1000\r\n\r\n"
    hostile = [connect(url) for _ in range(12)]
    answers: list[Answer] = []
    for index, sock in enumerate(hostile):
        sock.sendall([announced, b"GET / HTTP/1.1\r\n", b"", b"GET\r\n\r\n"][index % 4])
    readers = [threading.Thread(target=lambda s=sock: answers.append(read_answer(s))) for sock in hostile]
    for reader in readers:
        reader.start()
    for _ in range(10):  # while the hostile ones hold their connections
        good = requests.get(url + "/public/exact", timeout=TIMEOUT)
        assert good.status_code == 200
    held = sum(1 for answer in answers if answer.status != 400)
    for reader in readers:
        reader.join(timeout=TIMEOUT)
    for sock in hostile:
        sock.close()
    assert held == 0  # every good answer came while all nine silent clients still held their connections
    statuses = sorted(str(answer.status) for answer in answers)
    assert statuses == ["400"] * 3 + ["408"] * 3 + ["None"] * 6
    assert all(answer.seconds < patience + 5 for answer in answers)
    assert "Traceback" not in capsys.readouterr().err


def test_the_sign_in_domain_is_hardened_the_same_way(
    running: Callable[[str], RunningStack], capsys: pytest.CaptureFixture[str]
) -> None:
    sign_in = running("lab").sign_in
    assert_refused(exchange(sign_in.url, b"GET\r\n\r\n"), 400)
    chunked = b"POST /oauth2/token HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"
    assert_refused(exchange(sign_in.url, chunked), 400)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "oauth: malformed request 400" in err.splitlines()
    assert "oauth: POST /oauth2/token 400" in err.splitlines()
