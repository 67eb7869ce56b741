"""aws_apigatewayv2_api, the JWT authorizer and the $default stage."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import ENVIRONMENTS, resource


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_api_is_an_http_api(stacks: dict[str, Any], env: str) -> None:
    api = resource(stacks[env], "aws_apigatewayv2_api", "this")
    assert api["protocol_type"] == "HTTP"
    assert api["name"] == f"cognito-http-api-{env}"


def test_cors_only_where_configured(stacks: dict[str, Any]) -> None:
    dev = resource(stacks["dev"], "aws_apigatewayv2_api", "this")
    assert dev["cors_configuration"]["allow_origins"] == ["http://localhost:3000"]
    assert dev["cors_configuration"]["allow_credentials"] is False
    assert dev["cors_configuration"]["allow_headers"] == ["authorization", "content-type"]
    assert "cors_configuration" not in resource(stacks["prod"], "aws_apigatewayv2_api", "this")
    assert "cors_configuration" not in resource(stacks["staging"], "aws_apigatewayv2_api", "this")


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_authorizer_derives_issuer_and_audience_from_the_pool_by_reference(stacks: dict[str, Any], env: str) -> None:
    authorizer = resource(stacks[env], "aws_apigatewayv2_authorizer", "this")
    assert authorizer["api_id"] == "${aws_apigatewayv2_api.this.id}"
    assert authorizer["authorizer_type"] == "JWT"
    assert authorizer["identity_sources"] == ["$request.header.Authorization"]
    assert authorizer["jwt_configuration"] == {
        "issuer": "https://${aws_cognito_user_pool.this.endpoint}",
        "audience": ["${aws_cognito_user_pool_client.web.id}", "${aws_cognito_user_pool_client.service.id}"],
    }


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_default_stage_auto_deploys_with_json_access_logs(stacks: dict[str, Any], env: str) -> None:
    stage = resource(stacks[env], "aws_apigatewayv2_stage", "this")
    assert stage["name"] == "$default"
    assert stage["auto_deploy"] is True
    assert stage["api_id"] == "${aws_apigatewayv2_api.this.id}"
    settings = stage["access_log_settings"]
    assert settings["destination_arn"] == "${aws_cloudwatch_log_group.access_logs.arn}"
    log_format = json.loads(settings["format"])
    assert list(log_format) == [
        "requestId", "ip", "requestTime", "httpMethod", "routeKey", "status", "protocol", "responseLength",
        "integrationErrorMessage", "authorizerError",
    ]  # fmt: skip
    assert log_format["ip"] == "$context.identity.sourceIp"
    assert log_format["authorizerError"] == "$context.authorizer.error"
    access_logs = resource(stacks[env], "aws_cloudwatch_log_group", "access_logs")
    assert access_logs["name"] == f"/aws/apigateway/cognito-http-api-{env}-access"


def test_throttling_is_never_zero_and_differs_per_environment(stacks: dict[str, Any]) -> None:
    limits = {
        env: resource(stacks[env], "aws_apigatewayv2_stage", "this")["default_route_settings"] for env in ENVIRONMENTS
    }
    assert {env: (s["throttling_burst_limit"], s["throttling_rate_limit"]) for env, s in limits.items()} == {
        "dev": (20, 10), "staging": (100, 50), "prod": (500, 200),
    }  # fmt: skip


def test_retention_differs_per_environment(stacks: dict[str, Any]) -> None:
    retention = {
        env: resource(stacks[env], "aws_cloudwatch_log_group", "access_logs")["retention_in_days"]
        for env in ENVIRONMENTS
    }
    assert retention == {"dev": 14, "staging": 90, "prod": 365}


def test_a_route_with_its_own_settings_is_a_route_setting_of_the_stage(stacks: dict[str, Any]) -> None:
    for env in ENVIRONMENTS:
        stage = resource(stacks[env], "aws_apigatewayv2_stage", "this")
        assert stage["route_settings"] == [
            {
                "route_key": "GET /reports",
                "throttling_burst_limit": 10,
                "throttling_rate_limit": 5,
                "detailed_metrics_enabled": True,
            }
        ]
        assert stage["depends_on"] == ["aws_apigatewayv2_route.get_reports"]
