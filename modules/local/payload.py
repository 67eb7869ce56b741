"""API Gateway HTTP API payload format 2.0: the Lambda event for a request, and the HTTP response for a result.

Event: `version`, `routeKey`, `rawPath`, `rawQueryString`, `cookies`, `headers` (lower-case, repeated headers
joined with commas), `queryStringParameters` (repeated keys joined with commas), `pathParameters`,
`requestContext` (`accountId`, `apiId`, `authorizer.jwt.claims` / `scopes`, `domainName`, `domainPrefix`,
`http`, `requestId`, `routeKey`, `stage`, `time`, `timeEpoch`), `body` and `isBase64Encoded`. Keys AWS leaves
out when empty (`cookies`, `queryStringParameters`, `pathParameters`, `body`) are left out. JWT claims are
passed as strings, as API Gateway does (`exp` → `"1700000000"`, a list → `"[a b]"`).

The body is passed as text (`isBase64Encoded: false`) only for `text/*`, `application/json`, `application/xml`
and `application/javascript` bodies that are UTF-8; any other body, form-encoded and untyped ones included, is
base64-encoded. AWS documents the flag ("Working with AWS Lambda proxy integrations for HTTP APIs") but not
the list of text types: the list is the one observed on AWS and recorded by ministack
(https://github.com/ministackorg/ministack/pull/766).

Response, by the 2.0 rules ("Working with AWS Lambda proxy integrations for HTTP APIs", section "Lambda function
response for format 2.0", https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html):
a dict with `statusCode` gives that status, `headers`, `cookies` and `body` (base64-decoded when
`isBase64Encoded`); without `statusCode`, API Gateway assumes status 200, `content-type: application/json` and
the function's response as the body: a string as it is (`"Hello from Lambda!"` answers `Hello from Lambda!`),
any other JSON value serialized. Anything else, headers that cannot go on the wire included (a name that is
not an HTTP token, a value with a line break or a character outside Latin-1), is `InvalidLambdaResponse`, which
API Gateway answers with a 500.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from modules.local.jwt_authorizer import Authorization

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Besides `text/*`, the content types whose bodies reach the function as text (see the module docstring).
TEXT_TYPES = frozenset({"application/json", "application/xml", "application/javascript"})
#: An HTTP field name (RFC 9110, section 5.1: a token).
FIELD_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


@dataclass(frozen=True)
class IncomingRequest:
    """The parts of an HTTP request the event is built from (independent of the HTTP server)."""

    method: str
    raw_path: str
    raw_query_string: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    source_ip: str
    protocol: str = "HTTP/1.1"

    def header(self, name: str) -> str | None:
        """The first value of header `name` (any case), or None."""
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


@dataclass(frozen=True)
class ApiContext:
    """Where the request arrived: account, API id, domain name and stage."""

    account_id: str
    api_id: str
    domain_name: str
    stage: str = "$default"


@dataclass(frozen=True)
class HttpResponse:
    """A complete response: status, header pairs (repeatable, e.g. set-cookie) and body bytes."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


class InvalidLambdaResponse(Exception):
    """The function's result cannot be mapped to an HTTP response."""


def message_response(status: int, message: str, headers: tuple[tuple[str, str], ...] = ()) -> HttpResponse:
    """API Gateway's own answers: `{"message": "..."}` as JSON."""
    body = json.dumps({"message": message}, separators=(",", ":")).encode()
    return HttpResponse(status, (("content-type", "application/json"), *headers), body)


def build_event(
    request: IncomingRequest,
    *,
    route_key: str,
    path_parameters: Mapping[str, str],
    authorization: Authorization | None,
    context: ApiContext,
    request_id: str,
    now: float | None = None,
) -> dict[str, Any]:
    """The payload 2.0 event for `request` on `route_key`."""
    now = time.time() if now is None else now
    headers: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in request.headers:
        key = name.lower()
        if key == "cookie":
            cookies.extend(part.strip() for part in value.split(";") if part.strip())
            continue
        headers[key] = f"{headers[key]},{value}" if key in headers else value
    query: dict[str, str] = {}
    for key, value in parse_qsl(request.raw_query_string, keep_blank_values=True):
        query[key] = f"{query[key]},{value}" if key in query else value
    request_context: dict[str, Any] = {
        "accountId": context.account_id,
        "apiId": context.api_id,
        "domainName": context.domain_name,
        "domainPrefix": context.domain_name.split(".", 1)[0],
        "http": {
            "method": request.method,
            "path": request.raw_path,
            "protocol": request.protocol,
            "sourceIp": request.source_ip,
            "userAgent": request.header("user-agent") or "",
        },
        "requestId": request_id,
        "routeKey": route_key,
        "stage": context.stage,
        "time": _clf_time(now),
        "timeEpoch": int(now * 1000),
    }
    if authorization is not None:
        claims = {name: claim_string(value) for name, value in authorization.claims.items()}
        scopes = list(authorization.scopes) if authorization.scopes is not None else None
        request_context["authorizer"] = {"jwt": {"claims": claims, "scopes": scopes}}
    event: dict[str, Any] = {"version": "2.0", "routeKey": route_key, "rawPath": request.raw_path}
    event["rawQueryString"] = request.raw_query_string
    if cookies:
        event["cookies"] = cookies
    event["headers"] = headers
    if query:
        event["queryStringParameters"] = query
    if path_parameters:
        event["pathParameters"] = dict(path_parameters)
    event["requestContext"] = request_context
    if request.body:
        text = _as_text(request.body, request.header("content-type"))
        event["body"] = text if text is not None else base64.b64encode(request.body).decode()
        event["isBase64Encoded"] = text is None
    else:
        event["isBase64Encoded"] = False
    return event


def claim_string(value: Any) -> str:
    """A claim as API Gateway passes it to the integration: always a string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + " ".join(claim_string(item) for item in value) + "]"
    if isinstance(value, dict):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def map_response(result: Any) -> HttpResponse:
    """The HTTP response for a function's return value (payload 2.0 rules)."""
    try:
        json.dumps(result)
    except (TypeError, ValueError) as exc:
        raise InvalidLambdaResponse(f"the result is not JSON-serializable: {exc}") from None
    if isinstance(result, str):
        return HttpResponse(200, (("content-type", "application/json"),), result.encode())
    if not (isinstance(result, dict) and "statusCode" in result):
        return HttpResponse(200, (("content-type", "application/json"),), json.dumps(result).encode())
    status = result["statusCode"]
    if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
        raise InvalidLambdaResponse(f"statusCode must be an integer HTTP status, got {status!r}")
    raw_headers = result.get("headers") or {}
    cookies = result.get("cookies") or []
    body = result.get("body")
    if not isinstance(raw_headers, dict) or not isinstance(cookies, list):
        raise InvalidLambdaResponse("headers must be an object and cookies a list")
    if body is not None and not isinstance(body, str):
        raise InvalidLambdaResponse(f"body must be a string, got {type(body).__name__}")
    headers = [(str(name).lower(), claim_string(value)) for name, value in raw_headers.items()]
    for name, value in [*headers, *(("set-cookie", str(cookie)) for cookie in cookies)]:
        _check_header(name, value)
    if not any(name == "content-type" for name, _ in headers):
        headers.append(("content-type", "application/json"))
    headers.extend(("set-cookie", str(cookie)) for cookie in cookies)
    payload: bytes = (body or "").encode()
    if result.get("isBase64Encoded") and body:
        try:
            payload = base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            raise InvalidLambdaResponse("isBase64Encoded is true but the body is not base64") from None
    return HttpResponse(status, tuple(headers), payload)


def _check_header(name: str, value: str) -> None:
    if not FIELD_NAME.fullmatch(name):
        raise InvalidLambdaResponse(f"header name {name[:64]!r} is not an HTTP token")
    if "\r" in value or "\n" in value or "\x00" in value:
        raise InvalidLambdaResponse(f"header {name} has a line break or a NUL in its value")
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        raise InvalidLambdaResponse(f"header {name} has a character outside Latin-1 in its value") from None


def _as_text(body: bytes, content_type: str | None) -> str | None:
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    if not (kind.startswith("text/") or kind in TEXT_TYPES):
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _clf_time(now: float) -> str:
    t = time.gmtime(now)
    return f"{t.tm_mday:02d}/{MONTHS[t.tm_mon - 1]}/{t.tm_year}:{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} +0000"
