"""Integrations, the Lambda permissions and routes: their references to each other."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ENVIRONMENTS, MINIMAL_CONFIG, resource, resources


@pytest.mark.parametrize("env", ENVIRONMENTS)
@pytest.mark.parametrize("name", ["example", "reports"])
def test_each_function_has_one_aws_proxy_payload_2_integration(stacks: dict[str, Any], env: str, name: str) -> None:
    integration = resource(stacks[env], "aws_apigatewayv2_integration", f"lambda_{name}")
    assert integration == {
        "api_id": "${aws_apigatewayv2_api.this.id}",
        "integration_type": "AWS_PROXY",
        "integration_method": "POST",
        "integration_uri": f"${{aws_lambda_function.{name}.invoke_arn}}",
        "payload_format_version": "2.0",
    }


@pytest.mark.parametrize("env", ENVIRONMENTS)
@pytest.mark.parametrize("name", ["example", "reports"])
def test_lambda_permission_comes_with_each_integration(stacks: dict[str, Any], env: str, name: str) -> None:
    permission = resource(stacks[env], "aws_lambda_permission", name)
    assert permission["principal"] == "apigateway.amazonaws.com"
    assert permission["action"] == "lambda:InvokeFunction"
    assert permission["function_name"] == f"${{aws_lambda_function.{name}.function_name}}"
    assert permission["source_arn"] == "${aws_apigatewayv2_api.this.execution_arn}/*/*"
    assert set(resources(stacks[env], "aws_lambda_permission")) == {"example", "reports", "group_scopes_cognito"}


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_url_route_gets_an_http_proxy_integration(stacks: dict[str, Any], env: str) -> None:
    integration = resource(stacks[env], "aws_apigatewayv2_integration", "get_root")
    assert integration["integration_type"] == "HTTP_PROXY"
    assert integration["integration_method"] == "GET"
    assert integration["integration_uri"] == "https://www.wikipedia.org/"
    assert set(resources(stacks[env], "aws_apigatewayv2_integration")) == {
        "lambda_example",
        "lambda_reports",
        "get_root",
    }


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_routes_use_the_jwt_authorizer_unless_public_and_reach_their_function(stacks: dict[str, Any], env: str) -> None:
    routes = resources(stacks[env], "aws_apigatewayv2_route")
    assert set(routes) == {"get_example", "get_root", "get_health", "get_reports"}
    jwt = {"authorization_type": "JWT", "authorizer_id": "${aws_apigatewayv2_authorizer.this.id}"}
    assert routes["get_example"] == {
        "api_id": "${aws_apigatewayv2_api.this.id}", "route_key": "GET /example",
        "target": "integrations/${aws_apigatewayv2_integration.lambda_example.id}", **jwt,
    }  # fmt: skip
    assert routes["get_health"]["target"] == "integrations/${aws_apigatewayv2_integration.lambda_example.id}"
    assert routes["get_reports"]["target"] == "integrations/${aws_apigatewayv2_integration.lambda_reports.id}"
    assert routes["get_root"]["route_key"] == "GET /"
    assert routes["get_root"]["target"] == "integrations/${aws_apigatewayv2_integration.get_root.id}"
    assert routes["get_root"]["authorizer_id"] == jwt["authorizer_id"]
    assert routes["get_health"]["authorization_type"] == "NONE"
    assert "authorizer_id" not in routes["get_health"]
    assert routes["get_reports"]["authorization_scopes"] == ["cognito-http-api/reports.read"]
    assert routes["get_reports"]["authorization_type"] == "JWT"


def test_route_names_come_from_route_keys_not_positions(synth_config: Any) -> None:
    text = MINIMAL_CONFIG + (
        '[[defaults.routes]]\nroute_key = "POST /orders/{id}/items"\n'
        '[[defaults.routes]]\nroute_key = "$default"\ntarget = "https://example.com/"\n[environments.dev]\n'
    )
    stacks = synth_config(text)
    routes = resources(stacks["dev"], "aws_apigatewayv2_route")
    assert routes["post_orders_id_items"]["route_key"] == "POST /orders/{id}/items"
    assert routes["post_orders_id_items"]["target"] == "integrations/${aws_apigatewayv2_integration.lambda_example.id}"
    assert routes["default"]["route_key"] == "$default"
    proxy = resource(stacks["dev"], "aws_apigatewayv2_integration", "default")
    assert (proxy["integration_type"], proxy["integration_method"]) == ("HTTP_PROXY", "ANY")
