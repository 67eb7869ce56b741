"""HTTP_PROXY integrations: forward the request to the integration URI with a real HTTP client (requests).

The URI is used as declared, with `{name}` placeholders filled from the route's path parameters (`{proxy}` for
a greedy `{proxy+}`) and the request's query string appended. The method is the integration's (the request's
for `ANY`). The request's headers go along, hop-by-hop ones excepted, with those the gateway adds
(`gateway_headers.py`: `x-forwarded-for`, `-proto`, `-port`, `x-amzn-trace-id`). Redirects are passed through,
not followed. The upstream's TLS certificate is verified, and the environment's proxy settings (HTTPS_PROXY,
NO_PROXY) apply, as for any HTTP client on this machine.

When the upstream cannot be reached (DNS, refused connection, TLS or proxy failure) the answer is
502 `{"message":"Bad Gateway"}`; when it does not answer within the integration timeout (30 s unless the
integration sets `timeout_milliseconds`), 503 `{"message":"Service Unavailable"}`, the status an HTTP API
gives for an integration timeout. The cause goes to stderr, never to the client.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping

import requests

from modules.local.description import Integration
from modules.local.payload import HttpResponse, IncomingRequest, message_response

UNREACHABLE = (502, "Bad Gateway")
TIMED_OUT = (503, "Service Unavailable")
CONNECT_TIMEOUT_SECONDS = 10.0
#: Hop-by-hop headers (RFC 9110 §7.6.1) plus what requests re-computes (length, decoded encoding).
NOT_FORWARDED = frozenset(
    {
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te",
        "trailer", "transfer-encoding", "upgrade", "host", "content-length", "content-encoding",
    }
)  # fmt: skip
PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_]+)\+?\}")


def target_url(integration: Integration, request: IncomingRequest, path_parameters: Mapping[str, str]) -> str:
    """The upstream URL for this request."""
    url = PLACEHOLDER.sub(lambda m: path_parameters.get(m.group(1), m.group(0)), integration.uri)
    if request.raw_query_string:
        url += ("&" if "?" in url else "?") + request.raw_query_string
    return url


def forward(
    integration: Integration,
    request: IncomingRequest,
    path_parameters: Mapping[str, str],
    *,
    timeout_seconds: float | None = None,
) -> HttpResponse:
    """Send the request upstream and return its response, or API Gateway's error response."""
    url = target_url(integration, request, path_parameters)
    method = request.method if integration.method == "ANY" else integration.method
    headers = {k: v for k, v in request.headers if k.lower() not in NOT_FORWARDED}  # the gateway's headers included
    timeout = integration.timeout_ms / 1000 if timeout_seconds is None else timeout_seconds
    try:
        with requests.Session() as session:
            response = session.request(
                method,
                url,
                headers=headers,
                data=request.body or None,
                timeout=(min(CONNECT_TIMEOUT_SECONDS, timeout), timeout),
                allow_redirects=False,
            )
            body = response.content
    except requests.Timeout as exc:
        print(f"[{integration.address}] {method} {url}: timed out after {timeout:g} s ({exc})", file=sys.stderr)
        return message_response(*TIMED_OUT)
    except requests.RequestException as exc:
        print(f"[{integration.address}] {method} {url}: unreachable ({type(exc).__name__}: {exc})", file=sys.stderr)
        return message_response(*UNREACHABLE)
    kept = tuple((k, v) for k, v in response.raw.headers.items() if k.lower() not in NOT_FORWARDED)
    return HttpResponse(response.status_code, kept, body)
