"""The typed description read from each environment's real synth output, and what it refuses."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from modules.errors import EmulatorError, ProjectError, SynthOutputError
from modules.local.api_reader import load_description
from modules.local.description import Throttling
from modules.local.resolver import References
from tests.conftest import ENVIRONMENTS, load_stack

DEFAULT_ROUTES = {"GET /example", "GET /", "GET /health", "GET /reports"}


def write(tmp_path: Path, document: dict[str, Any], source: Path) -> Path:
    """`document` as a stack file next to a copy of the source stack's assets dir (same relative paths)."""
    stack_dir = tmp_path / "stacks" / source.parent.name
    stack_dir.mkdir(parents=True)
    (stack_dir / "assets").symlink_to(source.parent / "assets", target_is_directory=True)
    path = stack_dir / "cdk.tf.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_routes_authorizer_and_integrations_follow_the_synthesized_references(
    synth_dir: Path, environment: str
) -> None:
    stack = load_stack(synth_dir, environment)
    description = load_description(synth_dir / "stacks" / environment / "cdk.tf.json")
    routes = {route.route_key: route for route in description.routes}
    assert set(routes) == DEFAULT_ROUTES
    assert description.environment == environment
    assert description.region == stack["provider"]["aws"][0]["region"]
    assert description.api_name == f"cognito-http-api-{environment}"
    assert routes["GET /health"].authorization_type == "NONE"
    assert routes["GET /health"].authorizer is None
    assert routes["GET /reports"].scopes == ("cognito-http-api/reports.read",)
    assert routes["GET /example"].scopes == ()
    authorizer = routes["GET /example"].authorizer
    assert authorizer is not None
    assert authorizer.issuer == "https://${aws_cognito_user_pool.this.endpoint}"
    assert authorizer.audience == (
        "${aws_cognito_user_pool_client.web.id}",
        "${aws_cognito_user_pool_client.service.id}",
    )
    assert routes["GET /reports"].authorizer == authorizer
    assert authorizer.identity_sources == ("$request.header.Authorization",)
    proxy = routes["GET /"].integration
    assert (proxy.integration_type, proxy.uri, proxy.method) == ("HTTP_PROXY", "https://www.wikipedia.org/", "GET")
    assert proxy.function is None
    for route_key, name in (("GET /example", "example"), ("GET /health", "example"), ("GET /reports", "reports")):
        integration = routes[route_key].integration
        assert integration.address == f"aws_apigatewayv2_integration.lambda_{name}"
        function = integration.function
        assert function is not None
        declared = stack["resource"]["aws_lambda_function"][name]
        assert function.address == f"aws_lambda_function.{name}"
        assert function.function_name == declared["function_name"] == f"cognito-http-api-{environment}-{name}"
        assert function.handler == declared["handler"] == "handler.handler"
        assert (function.runtime, function.architecture) == (declared["runtime"], declared["architectures"][0])
        assert function.timeout_seconds == declared["timeout"]
        assert function.memory_mb == declared["memory_size"]
        assert function.zip_path == (synth_dir / "stacks" / environment / declared["filename"]).resolve()
        assert function.zip_path.is_file()
        assert function.environment == ()


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_every_cognito_resource_is_described_or_named_as_not_emulated(synth_dir: Path, environment: str) -> None:
    description = load_description(synth_dir / "stacks" / environment / "cdk.tf.json")
    assert [client.address for client in description.clients] == [
        "aws_cognito_user_pool_client.service",
        "aws_cognito_user_pool_client.web",
    ]
    assert [pool.address for pool in description.user_pools] == ["aws_cognito_user_pool.this"]
    assert [server.address for server in description.resource_servers] == ["aws_cognito_resource_server.this"]
    assert [domain.address for domain in description.domains] == ["aws_cognito_user_pool_domain.this"]
    assert [resource.address for resource in description.unemulated] == ["aws_cognito_managed_login_branding.web"]


def test_a_function_s_environment_variables_are_read(stack_file: Callable[[str], Path]) -> None:
    description = load_description(stack_file("lab"))
    function = description.routes[0].integration.function
    assert function is not None
    assert function.environment == (("LAB_MODE", "on"),)


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_throttling_and_cors_come_from_the_stage_and_the_api(synth_dir: Path, environment: str) -> None:
    stack = load_stack(synth_dir, environment)
    description = load_description(synth_dir / "stacks" / environment / "cdk.tf.json")
    stage = stack["resource"]["aws_apigatewayv2_stage"]["this"]
    (reports,) = stage["route_settings"]
    for route in description.routes:
        settings = reports if route.route_key == reports["route_key"] else stage["default_route_settings"]
        assert route.throttling is not None
        assert route.throttling.burst_limit == settings["throttling_burst_limit"]
        assert route.throttling.rate_limit == settings["throttling_rate_limit"]
    assert {r.route_key: r.throttling for r in description.routes}["GET /reports"] == Throttling(10, 5.0)
    declared = stack["resource"]["aws_apigatewayv2_api"]["this"].get("cors_configuration")
    if environment == "dev":
        assert description.cors is not None
        assert description.cors.allow_origins == tuple(declared["allow_origins"]) == ("http://localhost:3000",)
        assert description.cors.allow_headers == tuple(declared["allow_headers"])
        assert description.cors.max_age == declared["max_age"]
    else:
        assert declared is None
        assert description.cors is None


def test_resources_other_engineers_add_do_not_change_the_description(synth_dir: Path, tmp_path: Path) -> None:
    source = synth_dir / "stacks" / "dev" / "cdk.tf.json"
    document = json.loads(source.read_text(encoding="utf-8"))
    extended = copy.deepcopy(document)
    resources = extended["resource"]
    resources["aws_kms_key"] = {"logs": {"description": "logs", "enable_key_rotation": True}}
    resources["aws_xray_group"] = {"api": {"group_name": "api", "filter_expression": 'service("api")'}}
    resources["aws_apigatewayv2_api"]["websocket"] = {"name": "ws", "protocol_type": "WEBSOCKET"}
    resources["aws_apigatewayv2_route"]["ws_connect"] = {
        "api_id": "${aws_apigatewayv2_api.websocket.id}",
        "route_key": "$connect",
    }
    resources["aws_apigatewayv2_stage"]["ws"] = {"api_id": "${aws_apigatewayv2_api.websocket.id}", "name": "prod"}
    original = load_description(source)
    changed = load_description(write(tmp_path, extended, source))
    assert changed.routes == original.routes
    assert changed.cors == original.cors
    assert [p.address for p in changed.user_pools] == [p.address for p in original.user_pools]


def test_route_settings_override_the_default_throttling(synth_dir: Path, tmp_path: Path) -> None:
    source = synth_dir / "stacks" / "prod" / "cdk.tf.json"
    document = json.loads(source.read_text(encoding="utf-8"))
    document["resource"]["aws_apigatewayv2_stage"]["this"]["route_settings"] = [
        {"route_key": "GET /health", "throttling_burst_limit": 3, "throttling_rate_limit": 1.5}
    ]
    routes = {r.route_key: r for r in load_description(write(tmp_path, document, source)).routes}
    health, example = routes["GET /health"].throttling, routes["GET /example"].throttling
    assert health is not None
    assert (health.burst_limit, health.rate_limit) == (3, 1.5)
    assert example is not None
    assert (example.burst_limit, example.rate_limit) == (500, 200.0)


def test_a_route_setting_without_limits_keeps_the_stages(synth_dir: Path, tmp_path: Path) -> None:
    source = synth_dir / "stacks" / "prod" / "cdk.tf.json"
    document = json.loads(source.read_text(encoding="utf-8"))
    document["resource"]["aws_apigatewayv2_stage"]["this"]["route_settings"] = [
        {"route_key": "GET /health", "detailed_metrics_enabled": True}
    ]
    routes = {r.route_key: r for r in load_description(write(tmp_path, document, source)).routes}
    assert routes["GET /health"].throttling == Throttling(500, 200.0)


def change(document: dict[str, Any], kind: str) -> None:
    resources = document["resource"]
    if kind == "no api":
        del resources["aws_apigatewayv2_api"]
    elif kind == "two apis":
        resources["aws_apigatewayv2_api"]["other"] = {"name": "other", "protocol_type": "HTTP"}
    elif kind == "iam route":
        resources["aws_apigatewayv2_route"]["get_example"]["authorization_type"] = "AWS_IAM"
    elif kind == "payload 1.0":
        resources["aws_apigatewayv2_integration"]["lambda_example"]["payload_format_version"] = "1.0"
    elif kind == "missing zip":
        resources["aws_lambda_function"]["example"]["filename"] = "assets/nowhere/function.zip"
    elif kind == "referenced variable":
        resources["aws_lambda_function"]["reports"]["environment"] = {"variables": {"KEY": "${aws_kms_key.logs.arn}"}}
    elif kind == "dangling reference":
        resources["aws_apigatewayv2_route"]["get_example"]["target"] = (
            "integrations/${aws_apigatewayv2_integration.gone.id}"
        )
    elif kind == "no region":
        document["provider"]["aws"][0]["region"] = "${var.region}"


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("no api", "expected one HTTP API"),
        ("two apis", "expected one HTTP API .* found 2"),
        ("iam route", "authorization_type AWS_IAM"),
        ("payload 1.0", "payload format 2.0 only"),
        ("missing zip", "code asset .* is missing"),
        ("referenced variable", "aws_lambda_function.reports: the local emulator needs literal environment variables"),
        ("dangling reference", "aws_apigatewayv2_integration.gone is referenced but not declared"),
        ("no region", "no literal region"),
    ],
)
def test_what_cannot_be_served_is_an_emulator_error(synth_dir: Path, tmp_path: Path, kind: str, message: str) -> None:
    source = synth_dir / "stacks" / "dev" / "cdk.tf.json"
    document = json.loads(source.read_text(encoding="utf-8"))
    change(document, kind)
    path = write(tmp_path, document, source)
    with pytest.raises(ProjectError, match=message):  # EmulatorError, or SynthOutputError for a broken reference
        load_description(path)


def test_a_missing_or_broken_stack_file_is_a_synth_output_error(tmp_path: Path) -> None:
    with pytest.raises(SynthOutputError, match="missing synth output"):
        load_description(tmp_path / "stacks" / "dev" / "cdk.tf.json")
    broken = tmp_path / "cdk.tf.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(SynthOutputError, match="not valid JSON"):
        load_description(broken)


def test_references_resolve_run_time_values_first_then_literal_arguments(synth_dir: Path) -> None:
    description = load_description(synth_dir / "stacks" / "dev" / "cdk.tf.json")
    values = {"aws_cognito_user_pool.this.endpoint": "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc"}
    resolver = References(description, values)
    assert resolver.resolve("https://${aws_cognito_user_pool.this.endpoint}") == (
        "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc"
    )
    assert (
        resolver.resolve("${aws_cloudwatch_log_group.lambda_reports.name}")
        == "/aws/lambda/cognito-http-api-dev-reports"
    )
    assert resolver.resolve("no references") == "no references"
    with pytest.raises(EmulatorError, match=r"cannot resolve \$\{aws_cognito_user_pool_client.web.id\}"):
        resolver.resolve("${aws_cognito_user_pool_client.web.id}")
