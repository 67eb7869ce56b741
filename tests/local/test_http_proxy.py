"""HTTP_PROXY routes: forwarding to a TLS upstream on 127.0.0.1, and AWS-style errors when it cannot answer.

No traffic leaves 127.0.0.1: the default `GET /` (Wikipedia) is reached through an HTTPS proxy setting that
points at a closed local port, so the request fails the way an unreachable upstream does.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from modules.local.description import Integration
from modules.local.http_proxy import target_url
from modules.local.payload import IncomingRequest
from tests.conftest import ENVIRONMENTS
from tests.local.conftest import RunningStack
from tests.local.tokens import sign_in

TIMEOUT = 60


@pytest.fixture
def trusted_upstream(monkeypatch: pytest.MonkeyPatch, lab_upstreams: dict[str, Any]) -> None:
    """Trust the session's self-signed upstream certificate (requests reads REQUESTS_CA_BUNDLE per request)."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", lab_upstreams["ca_bundle"])


@pytest.fixture
def closed_https_proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """HTTPS_PROXY → a 127.0.0.1 port that refuses: any https upstream becomes unreachable, locally."""
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{holder.getsockname()[1]}")
    yield
    holder.close()


@pytest.mark.usefixtures("trusted_upstream")
def test_requests_are_forwarded_and_answers_passed_back(serve: Callable[..., tuple[RunningStack, str]]) -> None:
    _, url = serve("lab")
    response = requests.post(
        url + "/upstream/a/b?x=1&y=2", data="payload", headers={"Authorization": "opaque"}, timeout=TIMEOUT
    )
    assert response.status_code == 209
    assert response.headers["x-up"] == "1"
    seen = response.json()
    assert re.fullmatch(r"Root=1-[0-9a-f]{8}-[0-9a-f]{24}", seen.pop("trace_id"))  # the gateway's headers go too
    assert seen == {
        "method": "POST",
        "path": "/base/a/b",
        "query": "x=1&y=2",
        "forwarded_for": "127.0.0.1",
        "forwarded_proto": "http",
        "authorization": "opaque",
        "body": "payload",
    }


def test_an_untrusted_certificate_is_an_unreachable_upstream(serve: Callable[..., tuple[RunningStack, str]]) -> None:
    _, url = serve("lab")
    response = requests.get(url + "/upstream/a", timeout=TIMEOUT)
    assert (response.status_code, response.json()) == (502, {"message": "Bad Gateway"})


def test_a_refused_connection_is_502(
    serve: Callable[..., tuple[RunningStack, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    _, url = serve("lab")
    response = requests.get(url + "/refused", timeout=TIMEOUT)
    assert (response.status_code, response.json()) == (502, {"message": "Bad Gateway"})
    assert "Traceback" not in response.text
    assert "unreachable (ConnectionError" in capsys.readouterr().err


def test_an_upstream_that_never_answers_is_503_after_the_integration_timeout(
    serve: Callable[..., tuple[RunningStack, str]],
) -> None:
    _, url = serve("lab", proxy_timeout_seconds=0.5)
    response = requests.get(url + "/hang", timeout=TIMEOUT)
    assert (response.status_code, response.json()) == (503, {"message": "Service Unavailable"})


@pytest.mark.usefixtures("closed_https_proxy")
@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_the_default_wikipedia_route_fails_cleanly_when_unreachable(
    serve: Callable[..., tuple[RunningStack, str]], environment: str
) -> None:
    stack, url = serve(environment)
    assert requests.get(url + "/", timeout=TIMEOUT).status_code == 401
    tokens = sign_in(stack.admin(), stack.pool_id, stack.client_id)
    response = requests.get(url + "/", headers={"Authorization": f"Bearer {tokens.access}"}, timeout=TIMEOUT)
    assert (response.status_code, response.json()) == (502, {"message": "Bad Gateway"})


def test_target_urls_fill_placeholders_and_keep_the_query() -> None:
    integration = Integration("i", "HTTP_PROXY", "https://up.example/v1/{proxy}?fixed=1", "ANY", "1.0", 30000, None)
    request = IncomingRequest("GET", "/x/a/b", "q=2", (), b"", "127.0.0.1")
    assert target_url(integration, request, {"proxy": "a/b"}) == "https://up.example/v1/a/b?fixed=1&q=2"
    plain = Integration("i", "HTTP_PROXY", "https://up.example/", "GET", "1.0", 30000, None)
    assert target_url(plain, IncomingRequest("GET", "/", "", (), b"", "127.0.0.1"), {}) == "https://up.example/"
