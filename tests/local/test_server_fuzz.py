"""No request breaks the local API: hostile request lines, headers and bodies get an HTTP answer or a clean close.

Hypothesis writes requests the way broken clients and attackers do: odd methods, targets and versions, bare
`\\n` line ends, header names and values with control and Latin-1 characters, contradictory or absurd
`Content-Length` and `Transfer-Encoding`, bodies that do not match their framing, hostile `Authorization` and
CORS headers. Each goes over a real socket to a real local API (the lab `cors` environment: a CORS configuration
and a function behind a greedy route); the client then closes its sending side, so that no example waits for a
timeout. Every answer must be HTTP/1.x with a status below 500 (505 for versions the server does not speak), or
a close without an answer; the server never prints a traceback and still serves a good request at the end.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
import requests
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.local.raw_http import exchange

#: The lab function's echo behind the greedy route (any other action name there is one of the lab's probes).
ECHO = "/public/echo"
LATIN_1 = st.characters(min_codepoint=0, max_codepoint=255)
#: Latin-1 without whitespace and control characters: what stays one word of a request line.
VISIBLE = st.characters(min_codepoint=0x21, max_codepoint=0xFF, exclude_characters="\x7f\x85\xa0")
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "BREW", "get", "G\x00T", "", "\x16\x03\x01"]
TARGETS = [ECHO, f"{ECHO}/a/b", f"{ECHO}?a=1&a=2&&=", f"{ECHO}?%zz", f"{ECHO}%2F..%2F", "/", "*", "//x", "/%ff%00",
           "http://[", "http://h:99999/x", "/public/", "/nope", ECHO + "/" + "a" * 3000, ECHO + "#frag"]  # fmt: skip
VERSIONS = ["HTTP/1.1", "HTTP/1.0", "HTTP/9.9", "HTTP/2.0", "HTTP/1", "HTTP/1.1.1", "HTTPS/1.1", "http/1.1", ""]
HEADER_NAMES = ["Host", "Content-Length", "Transfer-Encoding", "Content-Type", "Authorization", "Origin",
                "Access-Control-Request-Method", "Access-Control-Request-Headers", "Expect", "Cookie",
                "X-Forwarded-For", "X-Amzn-Trace-Id", "Connection", "X_Under", " leading", "Bad Name", ""]  # fmt: skip
HEADER_VALUES = ["", "0", "5", "-1", "abc", "99999999999999999999", "1, 2", "chunked", "gzip, chunked", "identity",
                 "100-continue", "http://localhost:3000", "https://evil.example", "Bearer", "Bearer a.b.c",
                 "Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6e319.e30.c2ln", "application/x-www-form-urlencoded",
                 "text/plain; charset=\x00", "close", "keep-alive, Upgrade", "\t", "a\x7fb", "\xe9\xff"]  # fmt: skip

methods = st.sampled_from(METHODS) | st.text(LATIN_1, max_size=8)
targets = st.sampled_from(TARGETS) | st.text(VISIBLE, max_size=20).map(lambda text: f"{ECHO}/{text}")
well_formed_lines = st.tuples(st.sampled_from(METHODS[:7]), targets, st.sampled_from(VERSIONS[:2])).map(" ".join)
request_lines = st.one_of(
    well_formed_lines,  # most requests parse, so that the body, CORS and authorizer layers see them
    well_formed_lines,
    well_formed_lines,
    st.tuples(methods, targets, st.sampled_from(VERSIONS)).map(" ".join),  # an empty version: HTTP/0.9's form
    st.text(LATIN_1, max_size=40),
)
header_names = st.sampled_from(HEADER_NAMES) | st.text(LATIN_1, max_size=12)
header_values = st.sampled_from(HEADER_VALUES) | st.text(LATIN_1, max_size=30)
headers = st.lists(
    st.tuples(st.sampled_from(HEADER_NAMES[:12]), header_values) | st.tuples(header_names, header_values), max_size=8
)
chunked_bodies = st.lists(st.binary(max_size=40), max_size=4).map(
    lambda chunks: b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for chunk in chunks) + b"0\r\n\r\n"
)
bodies = st.one_of(st.binary(max_size=300), chunked_bodies, st.binary(max_size=40).map(lambda b: b + b"\r\n0\r\n"))


@st.composite
def hostile_requests(draw: st.DrawFn) -> bytes:
    end = draw(st.sampled_from(["\r\n", "\n"]))
    lines = [draw(request_lines)] + [
        f"{name}:{draw(st.sampled_from([' ', '', '  ']))}{value}" for name, value in draw(headers)
    ]
    head = (end.join(lines) + end + end).encode("latin-1")
    return head + draw(bodies)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=hostile_requests())
def test_any_request_gets_an_http_answer_or_a_clean_close(
    module_api: Callable[..., str], capsys: pytest.CaptureFixture[str], data: bytes
) -> None:
    url = module_api("cors", timeout_seconds=2.0)
    capsys.readouterr()  # what earlier examples printed
    answer = exchange(url, data)
    event(f"status {answer.status}")  # the spread shows with --hypothesis-show-statistics
    if not answer.closed_without_answer:
        assert answer.status is not None
        assert answer.status < 500 or answer.status == 505, (data, answer)
    err = capsys.readouterr().err
    assert "Traceback" not in err, (data, err)
    assert "connection closed after an error" not in err, (data, err)


def test_the_fuzzed_server_still_serves(module_api: Callable[..., str]) -> None:
    url = module_api("cors", timeout_seconds=2.0)
    response = requests.post(url + ECHO, data=b"still here", headers={"Content-Type": "text/plain"}, timeout=30)
    assert response.status_code == 200
    assert json.loads(response.text)["event"]["body"] == "still here"
