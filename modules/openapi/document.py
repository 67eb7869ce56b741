"""One environment's OpenAPI 3.0 document, from its synthesized stack (`StackView`) and its functions'
`openapi.yaml` fragments.

OpenAPI 3.0.x is what API Gateway imports and exports for HTTP APIs ("Working with OpenAPI definitions for HTTP
APIs", https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-open-api.html). Its conventions are
kept: a greedy path variable stays `{proxy+}`, a route of method `ANY` is `x-amazon-apigateway-any-method`
(https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-any-method.html), the
`$default` route is the path `/$default` with `isDefaultRoute`, and CORS is `x-amazon-apigateway-cors`
(https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-swagger-extensions-cors-configuration.html).

The top-level `security` is the authorizer's, when a route uses it; every operation states its own anyway.
Each route is one operation: `operationId` is the route's natural name (its resource name, `get_reports`), path
parameters come from `{name}` and `{name+}`, responses are the function's declared ones (or its undeclared
answer) plus the answers API Gateway gives itself (`gateway_responses.py`). Everything is built in a fixed order
from sorted inputs, so the same stack gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from modules.openapi import gateway_responses as gateway
from modules.openapi.endpoints import Endpoints
from modules.openapi.fragments import Fragment, OperationFragment, merged_schemas
from modules.openapi.security import SCHEME, route_security, security_scheme
from modules.openapi.stack_view import RouteView, StackView
from modules.paths import display

OPENAPI_VERSION = "3.0.3"
PATH_VARIABLE = re.compile(r"\{(?P<name>[^{}+]+)(?P<greedy>\+)?\}")
ANY_METHOD = "x-amazon-apigateway-any-method"
#: The CORS configuration's arguments, by the name `x-amazon-apigateway-cors` gives them.
CORS_FIELDS = {
    "allowOrigins": "allow_origins",
    "allowMethods": "allow_methods",
    "allowHeaders": "allow_headers",
    "exposeHeaders": "expose_headers",
    "allowCredentials": "allow_credentials",
    "maxAge": "max_age",
}


@dataclass(frozen=True)
class RouteText:
    """A route's `summary` and `description` from the config ('' where it has none)."""

    summary: str = ""
    description: str = ""


def build_document(
    view: StackView,
    endpoints: Endpoints,
    *,
    version: str,
    fragments: Mapping[str, Fragment],
    texts: Mapping[str, RouteText] | None = None,
) -> dict[str, Any]:
    """The document of `view`'s environment; `fragments` are the functions' `openapi.yaml`, by function name;
    `texts` the config's summaries and descriptions by route key, which come before a function's."""
    scheme = security_scheme(view, endpoints)
    paths: dict[str, dict[str, Any]] = {}
    for route in view.routes:
        fragment = fragments.get(route.function.name) if route.function is not None else None
        declared = fragment.routes.get(route.route_key) if fragment else None
        operation = _operation(route, declared, (texts or {}).get(route.route_key, RouteText()))
        if not route.jwt:
            operation["security"] = []
        elif scheme["type"] == "oauth2":
            operation["security"] = route_security(route)
        else:
            operation["security"] = [{SCHEME: []}]
        method = ANY_METHOD if route.method == "ANY" else route.method.lower()
        if route.route_key == "$default":
            operation["isDefaultRoute"] = True
        paths.setdefault(route.path, {})[method] = operation
    components: dict[str, Any] = {}
    schemas = merged_schemas(fragments, display(view.document.path))
    if schemas:
        components["schemas"] = schemas
    components["responses"] = gateway.components()
    components["securitySchemes"] = {SCHEME: scheme}
    document: dict[str, Any] = {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": str(view.api.arguments.get("name", view.api.name)),
            "version": version,
            "description": f"The HTTP API of environment {view.environment}, from its synthesized stack.",
        },
        "servers": [dict(server) for server in endpoints.servers],
        **({"security": [{SCHEME: []}]} if any(route.jwt for route in view.routes) else {}),
        "paths": paths,
        "components": components,
    }
    cors = _cors(view)
    if cors:
        document["x-amazon-apigateway-cors"] = cors
    return document


def _operation(route: RouteView, declared: OperationFragment | None, text: RouteText) -> dict[str, Any]:
    operation: dict[str, Any] = {"operationId": route.name}
    operation["summary"] = text.summary or (declared.summary if declared else None) or route.route_key
    description = text.description or (declared.description if declared else None)
    if description:
        operation["description"] = description
    operation["tags"] = [route.function.name if route.function is not None else "proxy"]
    parameters = [*_path_parameters(route.path), *(declared.parameters if declared else ())]
    if parameters:
        operation["parameters"] = parameters
    if declared and declared.request_body is not None:
        operation["requestBody"] = declared.request_body
    operation["responses"] = _responses(route, declared)
    return operation


def _path_parameters(path: str) -> list[dict[str, Any]]:
    parameters = []
    for match in PATH_VARIABLE.finditer(path):
        name = match["name"] + ("+" if match["greedy"] else "")
        parameter: dict[str, Any] = {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        if match["greedy"]:
            parameter["description"] = "greedy: the rest of the path, one or more segments"
        parameters.append(parameter)
    return parameters


def _responses(route: RouteView, declared: OperationFragment | None) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    if declared and declared.responses:
        responses.update(declared.responses)
    elif route.function is not None:
        responses["default"] = {"description": f"the answer of function {route.function.name} (it declares none)"}
    else:
        responses["default"] = {"description": "the upstream's answer, passed through"}
    statuses = list(gateway.EVERY_ROUTE)
    if route.jwt:
        statuses += gateway.JWT_ROUTE
    if route.jwt and route.scopes:
        statuses += gateway.SCOPED_ROUTE
    if route.function is None:
        statuses += gateway.PROXY_ROUTE
    if PATH_VARIABLE.search(route.path):
        statuses += gateway.PATH_VARIABLES
    for status in sorted(statuses):
        responses.setdefault(str(status), gateway.reference(status))
    return dict(sorted(responses.items()))


def _cors(view: StackView) -> dict[str, Any]:
    configuration = view.api.argument("cors_configuration")
    if not isinstance(configuration, Mapping):
        return {}
    return {name: configuration[argument] for name, argument in CORS_FIELDS.items() if argument in configuration}
