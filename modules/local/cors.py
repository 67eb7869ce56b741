"""CORS from the API's `cors_configuration`, answered by the gateway itself as API Gateway does.

A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) never reaches a route or the
authorizer: it gets 204 with the allowed methods, headers and max age when the origin, method and headers are
allowed, and 204 without CORS headers otherwise (the browser then blocks the call). Other responses to an
allowed origin carry `access-control-allow-origin` (plus credentials and exposed headers when configured), and
no CORS header an integration returned (`is_cors_header`: API Gateway ignores them when the API has a CORS
configuration, "Configuring CORS for an HTTP API").
Without a `cors_configuration`, nothing here applies and `OPTIONS` is routed like any other method.
"""

from __future__ import annotations

from collections.abc import Mapping
from fnmatch import fnmatchcase

from modules.local.description import Cors

Headers = tuple[tuple[str, str], ...]


def is_preflight(method: str, headers: Mapping[str, str]) -> bool:
    """Whether a request is a CORS preflight."""
    return method == "OPTIONS" and "origin" in headers and "access-control-request-method" in headers


def is_cors_header(name: str) -> bool:
    """Whether a response header is one of the CORS headers the API's configuration sets (`access-control-*`)."""
    return name.lower().startswith("access-control-")


def origin_allowed(cors: Cors, origin: str) -> bool:
    """Whether `origin` matches an allowed origin (`*`, exact, or a wildcard such as `https://*.example.com`)."""
    return any(fnmatchcase(origin.lower(), allowed.lower()) for allowed in cors.allow_origins)


def preflight_headers(cors: Cors, headers: Mapping[str, str]) -> Headers:
    """The headers of the 204 answer to a preflight (`headers` keys lower-case)."""
    origin = headers.get("origin", "")
    method = headers.get("access-control-request-method", "").upper()
    requested = [h.strip().lower() for h in headers.get("access-control-request-headers", "").split(",") if h.strip()]
    methods = {m.upper() for m in cors.allow_methods}
    allowed_headers = {h.lower() for h in cors.allow_headers}
    if not origin_allowed(cors, origin) or not ("*" in methods or method in methods):
        return ()
    if "*" not in allowed_headers and not set(requested) <= allowed_headers:
        return ()
    answer = [
        ("access-control-allow-origin", _origin_value(cors, origin)),
        ("access-control-allow-methods", ",".join(cors.allow_methods)),
    ]
    if cors.allow_headers:
        answer.append(("access-control-allow-headers", ",".join(cors.allow_headers)))
    if cors.max_age is not None:
        answer.append(("access-control-max-age", str(cors.max_age)))
    if cors.allow_credentials:
        answer.append(("access-control-allow-credentials", "true"))
    return tuple(answer)


def response_headers(cors: Cors, headers: Mapping[str, str]) -> Headers:
    """CORS headers added to an ordinary response (`headers` are the request's, keys lower-case)."""
    origin = headers.get("origin")
    if origin is None or not origin_allowed(cors, origin):
        return ()
    answer = [("access-control-allow-origin", _origin_value(cors, origin))]
    if cors.allow_credentials:
        answer.append(("access-control-allow-credentials", "true"))
    if cors.expose_headers:
        answer.append(("access-control-expose-headers", ",".join(cors.expose_headers)))
    return tuple(answer)


def _origin_value(cors: Cors, origin: str) -> str:
    return "*" if "*" in cors.allow_origins and not cors.allow_credentials else origin
