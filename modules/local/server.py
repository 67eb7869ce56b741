"""The local HTTP API: a werkzeug WSGI application and its server on 127.0.0.1.

A request goes through the steps API Gateway takes, in its order:

1. CORS preflight, answered from the API's `cors_configuration` (no route, no authorizer);
2. route selection (`routing.py`): no route → 404 `{"message":"Not Found"}`;
3. stage throttling (`throttling.py`): an empty bucket → 429 `{"message":"Too Many Requests"}`;
4. the route's JWT authorizer (`jwt_authorizer.py`): 401 `{"message":"Unauthorized"}` or 403 `{"message":"Forbidden"}`;
5. the integration: Lambda in its own worker process with a payload 2.0 event (`lambda_runtime.py`, `payload.py`)
   — an error, timeout or malformed result → 500 `{"message":"Internal Server Error"}` — or HTTP_PROXY
   (`http_proxy.py`).

Every response carries `apigw-requestid`. With a `cors_configuration`, the API's CORS headers are the only ones:
those an integration returns are dropped ("If you configure CORS for an API, API Gateway ignores CORS headers
returned from your backend integration": "Configuring CORS for an HTTP API",
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html), and the configured ones are
added for an allowed origin. Integrations see the client's headers plus the gateway's (`gateway_headers.py`).
"""

from __future__ import annotations

import base64
import hashlib
import os
import socket
import sys
import time
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from werkzeug.wrappers import Request, Response

from modules.local import cors, http_proxy
from modules.local.background_server import BODY_DEADLINE_SECONDS, MAX_BODY_BYTES, BackgroundServer
from modules.local.description import ApiDescription, Route
from modules.local.gateway_headers import with_gateway_headers
from modules.local.jwt_authorizer import Authorization, AuthorizationDenied, JwtAuthorizer
from modules.local.lambda_runtime import InvocationError, LocalFunction
from modules.local.metrics import LocalMetrics
from modules.local.payload import (
    ApiContext,
    HttpResponse,
    IncomingRequest,
    InvalidLambdaResponse,
    build_event,
    map_response,
    message_response,
)
from modules.local.request_handler import TIMEOUT_SECONDS
from modules.local.routing import Router
from modules.local.throttling import StageThrottle

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

NOT_FOUND = (404, "Not Found")
THROTTLED = (429, "Too Many Requests")
INTERNAL_ERROR = (500, "Internal Server Error")


@dataclass(frozen=True)
class Integrations:
    """What the routes run: authorizers and functions by Terraform address."""

    authorizers: Mapping[str, JwtAuthorizer]
    functions: Mapping[str, LocalFunction]
    account_id: str
    proxy_timeout_seconds: float | None = None


class LocalApi:
    """The WSGI application serving one synthesized HTTP API; `metrics` counts what the alarms would see."""

    def __init__(
        self, description: ApiDescription, integrations: Integrations, metrics: LocalMetrics | None = None
    ) -> None:
        self.description = description
        self.integrations = integrations
        self.metrics = metrics if metrics is not None else LocalMetrics()
        self.router = Router([(route.route_key, route) for route in description.routes])
        self.throttle = StageThrottle({route.route_key: route.throttling for route in description.routes})
        self.api_id = hashlib.sha256(description.api_name.encode()).hexdigest()[:10]

    def close(self) -> None:
        """Stop the functions' worker processes and remove their code; the API answers no more invocations."""
        for function in self.integrations.functions.values():
            function.close()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        request_id = base64.b64encode(os.urandom(10)).decode()
        started = time.perf_counter()
        try:
            answer = self.handle(request, request_id)
        except Exception:  # never a traceback to the client
            traceback.print_exc(file=sys.stderr)
            answer = message_response(*INTERNAL_ERROR)
        match = self.router.match(request.method, request.path)
        milliseconds = (time.perf_counter() - started) * 1000
        self.metrics.request(match.target.route_key if match else None, answer.status, milliseconds)
        response = Response(answer.body, status=answer.status)
        response.headers.clear()
        for name, value in answer.headers:
            response.headers.add(name, value)
        response.headers.set("apigw-requestid", request_id)
        return response(environ, start_response)

    def handle(self, request: Request, request_id: str) -> HttpResponse:
        """The response to one request, CORS headers included."""
        headers = {k.lower(): v for k, v in request.headers.items()}
        api_cors = self.description.cors
        if api_cors is not None and cors.is_preflight(request.method, headers):
            return HttpResponse(204, cors.preflight_headers(api_cors, headers), b"")
        answer = self._route(request, headers, request_id)
        if api_cors is None:
            return answer
        own = tuple((name, value) for name, value in answer.headers if not cors.is_cors_header(name))
        return HttpResponse(answer.status, own + cors.response_headers(api_cors, headers), answer.body)

    def _route(self, request: Request, headers: Mapping[str, str], request_id: str) -> HttpResponse:
        match = self.router.match(request.method, request.path)
        if match is None:
            return message_response(*NOT_FOUND)
        route = match.target
        if not self.throttle.allow(route.route_key):
            return message_response(*THROTTLED)
        authorization: Authorization | None = None
        if route.authorizer is not None:
            authorizer = self.integrations.authorizers[route.authorizer.address]
            try:
                authorization = authorizer.authorize(headers, dict(request.args.items()), route.scopes)
            except AuthorizationDenied as denied:
                print(f"[{route.route_key}] {denied.status}: {denied.reason}", file=sys.stderr)
                return message_response(denied.status, denied.message, (("www-authenticate", denied.www_authenticate),))
        incoming = _incoming(request)
        if route.integration.integration_type == "HTTP_PROXY":
            return http_proxy.forward(
                route.integration,
                incoming,
                match.path_parameters,
                timeout_seconds=self.integrations.proxy_timeout_seconds,
            )
        return self._invoke(route, incoming, match.path_parameters, authorization, request_id)

    def _invoke(
        self,
        route: Route,
        incoming: IncomingRequest,
        path_parameters: Mapping[str, str],
        authorization: Authorization | None,
        request_id: str,
    ) -> HttpResponse:
        spec = route.integration.function
        assert spec is not None  # AWS_PROXY integrations always have one (synth_output)
        event = build_event(
            incoming,
            route_key=route.route_key,
            path_parameters=path_parameters,
            authorization=authorization,
            context=ApiContext(self.integrations.account_id, self.api_id, incoming.header("host") or "localhost"),
            request_id=request_id,
        )
        started = time.perf_counter()
        try:
            result = self.integrations.functions[spec.address].invoke(event)
        except InvocationError as exc:
            self.metrics.invocation(spec.function_name, True, (time.perf_counter() - started) * 1000)
            print(f"[{route.route_key}] 500: {exc}", file=sys.stderr)
            return message_response(*INTERNAL_ERROR)
        self.metrics.invocation(spec.function_name, False, (time.perf_counter() - started) * 1000)
        try:
            return map_response(result)
        except InvalidLambdaResponse as exc:
            print(f"[{route.route_key}] 500: {exc}", file=sys.stderr)
            return message_response(*INTERNAL_ERROR)


def _incoming(request: Request) -> IncomingRequest:
    raw_uri = str(request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or request.full_path)
    source_ip = request.remote_addr or "127.0.0.1"
    port = int(request.environ.get("SERVER_PORT") or 80)
    return IncomingRequest(
        method=request.method,
        raw_path=raw_uri.split("?", 1)[0] or "/",
        raw_query_string=request.query_string.decode("latin-1"),
        headers=with_gateway_headers(
            tuple(request.headers.items()), source_ip=source_ip, scheme=request.scheme, port=port
        ),
        body=request.get_data(),
        source_ip=source_ip,
        protocol=str(request.environ.get("SERVER_PROTOCOL", "HTTP/1.1")),
    )


class ApiSlot:
    """The API a server serves, replaceable while it serves (`make local WATCH=1`): each request goes to the API
    that is current when it arrives; requests under way finish on the one they started with."""

    def __init__(self, api: LocalApi) -> None:
        self.api = api

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        return self.api(environ, start_response)


class LocalApiServer(BackgroundServer):
    """Serves a `LocalApi` (or an `ApiSlot`) on 127.0.0.1 from a background thread (`listener` from `listen()`,
    else `port`); one line per request on stderr, `api: GET /example 401`. The limits are `BackgroundServer`'s;
    the body limit is API Gateway's payload quota."""

    def __init__(
        self,
        app: LocalApi | ApiSlot,
        port: int = 0,
        *,
        listener: socket.socket | None = None,
        timeout_seconds: float = TIMEOUT_SECONDS,
        body_deadline_seconds: float = BODY_DEADLINE_SECONDS,
    ) -> None:
        super().__init__(
            app,
            name="local-api",
            log_prefix="api",
            port=port,
            listener=listener,
            timeout_seconds=timeout_seconds,
            max_body_bytes=MAX_BODY_BYTES,
            body_deadline_seconds=body_deadline_seconds,
        )
