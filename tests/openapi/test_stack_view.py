"""Reading a stack for its document: routes followed through their references, and templates filled in with what
the stack states (literal arguments, the provider's region), the rest left unknown."""

from __future__ import annotations

from typing import Any

import pytest

from modules.errors import OpenApiError
from modules.openapi.stack_view import read_stack
from tests.conftest import as_document

API = "${aws_apigatewayv2_api.this.id}"


def stack(**resources: Any) -> dict[str, Any]:
    return {
        "provider": {"aws": [{"region": "eu-west-1"}]},
        "resource": {
            "aws_apigatewayv2_api": {"this": {"name": "demo", "protocol_type": "HTTP"}},
            "aws_cognito_user_pool_domain": {"this": {"domain": "demo-auth", "user_pool_id": "${x.y.id}"}},
            **resources,
        },
    }


ROUTES = {
    "aws_apigatewayv2_route": {
        "get_b": {"api_id": API, "route_key": "GET /b", "target": "integrations/${aws_apigatewayv2_integration.up.id}"},
        "get_a": {
            "api_id": API,
            "route_key": "GET /a",
            "authorization_type": "JWT",
            "authorization_scopes": ["demo/read"],
            "target": "integrations/${aws_apigatewayv2_integration.fn.id}",
        },
        "other_api": {"api_id": "${aws_apigatewayv2_api.other.id}", "route_key": "GET /c"},
    },
    "aws_apigatewayv2_integration": {
        "up": {"integration_type": "HTTP_PROXY", "integration_uri": "https://example.com/"},
        "fn": {"integration_type": "AWS_PROXY", "integration_uri": "${aws_lambda_function.f.invoke_arn}"},
    },
    "aws_lambda_function": {"f": {"function_name": "demo-f"}},
}


def test_routes_of_the_api_sorted_with_their_security_and_integration() -> None:
    view = read_stack(as_document(stack(**ROUTES)), "dev")
    assert [(r.route_key, r.name, r.jwt, r.scopes, r.integration_type) for r in view.routes] == [
        ("GET /a", "get_a", True, ("demo/read",), "AWS_PROXY"),
        ("GET /b", "get_b", False, (), "HTTP_PROXY"),
    ]
    assert view.routes[0].function is not None
    assert view.routes[0].function.name == "f"
    assert view.routes[1].function is None


def test_templates_are_filled_with_what_the_stack_states() -> None:
    view = read_stack(as_document(stack()), "dev")
    domain = (
        "https://${aws_cognito_user_pool_domain.this.domain}.auth.${data.aws_region.current.region}.amazoncognito.com"
    )
    assert view.resolve(domain) == "https://demo-auth.auth.eu-west-1.amazoncognito.com"
    assert view.resolve("https://${aws_cognito_user_pool.this.endpoint}") is None
    assert view.readable("https://${aws_cognito_user_pool.this.endpoint}") == (
        "https://cognito-idp.eu-west-1.amazonaws.com/<user pool id>"
    )
    assert view.readable("${aws_cognito_user_pool_domain.this.user_pool_id}") == (
        "<aws_cognito_user_pool_domain.this.user_pool_id>"
    )


def test_a_stack_without_one_http_api_is_refused() -> None:
    raw = stack()
    raw["resource"]["aws_apigatewayv2_api"]["this"]["protocol_type"] = "WEBSOCKET"
    with pytest.raises(OpenApiError, match=r"expected one HTTP API \(aws_apigatewayv2_api\), found 0"):
        read_stack(as_document(raw), "dev")
