"""The answers API Gateway gives itself, before or instead of the integration, with their exact bodies.

An HTTP API words its own answers as `{"message": "<status phrase>"}` (application/json): no route 404, a
throttled request 429 ("Throttle requests to your HTTP APIs",
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html), a request the JWT
authorizer refuses 401 with a `www-authenticate` header, or 403 when the token lacks every scope of the route
("Control access to HTTP APIs with JWT authorizers",
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html), a Lambda
integration that fails 500 ("Troubleshooting issues with HTTP API Lambda integrations",
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html), an HTTP
proxy integration that cannot be reached 502, or that does not answer within the integration timeout 503 or 504
(the emulator, `modules/local/http_proxy.py`, answers 503).
"""

from __future__ import annotations

from typing import Any

#: (status, component name, message) of every answer the gateway words itself.
GATEWAY_ANSWERS = (
    (401, "Unauthorized", "Unauthorized"),
    (403, "Forbidden", "Forbidden"),
    (404, "NotFound", "Not Found"),
    (429, "TooManyRequests", "Too Many Requests"),
    (500, "InternalServerError", "Internal Server Error"),
    (502, "BadGateway", "Bad Gateway"),
    (503, "ServiceUnavailable", "Service Unavailable"),
    (504, "GatewayTimeout", "Gateway Timeout"),
)
_NAMES = {status: name for status, name, _ in GATEWAY_ANSWERS}
#: Statuses every operation may get from the gateway itself.
EVERY_ROUTE = (429, 500)
#: Statuses of routes behind the JWT authorizer (403 only where the route asks for scopes).
JWT_ROUTE = (401,)
SCOPED_ROUTE = (403,)
#: Statuses of HTTP proxy routes: the upstream unreachable, or too slow.
PROXY_ROUTE = (502, 503, 504)
#: A route with path variables may be asked for a path no route matches (an empty segment).
PATH_VARIABLES = (404,)

WWW_AUTHENTICATE = {
    "description": "Bearer, with error (invalid_token or insufficient_scope) and error_description (RFC 6750 §3)",
    "schema": {"type": "string", "pattern": "^Bearer "},
}


def components() -> dict[str, Any]:
    """`components.responses` of every gateway answer: an exact body each, and `www-authenticate` on 401/403."""
    responses: dict[str, Any] = {}
    for status, name, message in GATEWAY_ANSWERS:
        response: dict[str, Any] = {
            "description": f"{message}: answered by API Gateway itself",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["message"],
                        "properties": {"message": {"type": "string", "enum": [message]}},
                        "additionalProperties": False,
                    },
                    "example": {"message": message},
                }
            },
        }
        if status in (401, 403):
            response["headers"] = {"www-authenticate": WWW_AUTHENTICATE}
        responses[name] = response
    return responses


def reference(status: int) -> dict[str, str]:
    """A `$ref` to the gateway's answer with `status`."""
    return {"$ref": f"#/components/responses/{_NAMES[status]}"}
