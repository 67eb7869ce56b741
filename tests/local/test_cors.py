"""CORS preflight and response headers from the API's cors_configuration (dev has one, staging and prod do not)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests

from modules.local.cors import preflight_headers, response_headers
from modules.local.description import Cors
from tests.local.conftest import RunningStack

ORIGIN = "http://localhost:3000"
TIMEOUT = 30


def preflight(url: str, origin: str = ORIGIN, method: str = "GET", headers: str = "authorization") -> requests.Response:
    return requests.options(
        url,
        headers={"Origin": origin, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": headers},
        timeout=TIMEOUT,
    )


def test_dev_answers_a_preflight_without_the_authorizer(serve: Callable[..., tuple[RunningStack, str]]) -> None:
    stack, url = serve("dev")
    assert stack.description.cors is not None
    response = preflight(url + "/example")
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert response.headers["access-control-allow-methods"] == "GET,OPTIONS,POST"
    assert response.headers["access-control-allow-headers"] == "authorization,content-type"
    assert response.headers["access-control-max-age"] == "300"
    assert "access-control-allow-credentials" not in response.headers
    assert response.content == b""
    unknown_path = preflight(url + "/no-such-route")
    assert unknown_path.status_code == 204


@pytest.mark.parametrize(
    ("origin", "method", "headers"),
    [
        ("https://evil.example", "GET", "authorization"),
        (ORIGIN, "DELETE", "authorization"),
        (ORIGIN, "GET", "x-secret"),
    ],
)
def test_dev_gives_no_cors_headers_to_what_it_does_not_allow(
    serve: Callable[..., tuple[RunningStack, str]], origin: str, method: str, headers: str
) -> None:
    _, url = serve("dev")
    response = preflight(url + "/example", origin, method, headers)
    assert response.status_code == 204
    assert "access-control-allow-origin" not in response.headers


def test_dev_adds_the_allowed_origin_to_ordinary_responses(serve: Callable[..., tuple[RunningStack, str]]) -> None:
    _, url = serve("dev")
    denied = requests.get(url + "/example", headers={"Origin": ORIGIN}, timeout=TIMEOUT)
    assert denied.status_code == 401
    assert denied.headers["access-control-allow-origin"] == ORIGIN
    public = requests.get(url + "/health", headers={"Origin": "https://evil.example"}, timeout=TIMEOUT)
    assert public.status_code == 200
    assert "access-control-allow-origin" not in public.headers


@pytest.mark.parametrize("environment", ["staging", "prod"])
def test_without_cors_a_preflight_is_routed_like_any_request(
    serve: Callable[..., tuple[RunningStack, str]], environment: str
) -> None:
    stack, url = serve(environment)
    assert stack.description.cors is None
    response = preflight(url + "/example")
    assert response.status_code == 404
    assert response.json() == {"message": "Not Found"}
    assert "access-control-allow-origin" not in response.headers


def test_wildcards_and_credentials() -> None:
    anyone = Cors(("*",), ("*",), ("*",), ("x-total",), False, None)
    request = {
        "origin": "https://a.example",
        "access-control-request-method": "PATCH",
        "access-control-request-headers": "x-any",
    }
    assert dict(preflight_headers(anyone, request))["access-control-allow-origin"] == "*"
    assert "access-control-max-age" not in dict(preflight_headers(anyone, request))
    assert dict(response_headers(anyone, {"origin": "https://a.example"}))["access-control-expose-headers"] == "x-total"
    subdomains = Cors(("https://*.example.com",), ("GET",), (), (), True, 60)
    allowed = dict(
        preflight_headers(subdomains, {"origin": "https://app.example.com", "access-control-request-method": "GET"})
    )
    assert allowed["access-control-allow-origin"] == "https://app.example.com"
    assert allowed["access-control-allow-credentials"] == "true"
    assert (
        preflight_headers(subdomains, {"origin": "https://example.org", "access-control-request-method": "GET"}) == ()
    )


def test_cors_headers_from_the_function_are_dropped_when_the_api_has_cors(
    serve: Callable[..., tuple[RunningStack, str]],
) -> None:
    stack, url = serve("cors")
    assert stack.description.cors is not None
    allowed = requests.get(url + "/public/cors", headers={"Origin": ORIGIN}, timeout=TIMEOUT)
    assert allowed.status_code == 200
    assert allowed.raw.headers.getlist("access-control-allow-origin") == [ORIGIN]  # the API's, once
    assert "access-control-allow-credentials" not in allowed.headers
    assert "access-control-expose-headers" not in allowed.headers
    assert allowed.headers["x-own"] == "kept"
    for origin in ("https://evil.example", None):  # a refused origin, no origin: no CORS header at all
        response = requests.get(url + "/public/cors", headers={"Origin": origin} if origin else {}, timeout=TIMEOUT)
        assert response.status_code == 200
        assert not [name for name in response.headers if name.lower().startswith("access-control-")]


def test_without_cors_the_function_headers_pass(serve: Callable[..., tuple[RunningStack, str]]) -> None:
    stack, url = serve("lab")
    assert stack.description.cors is None
    response = requests.get(url + "/public/cors", headers={"Origin": "https://evil.example"}, timeout=TIMEOUT)
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["access-control-allow-credentials"] == "true"
