"""Labels name things as people do; marks make public and scoped routes visible."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from modules.diagram.labels import CONDITIONAL, EXISTING, PUBLIC, REPEATED, SCOPED, display, label, marks
from modules.synth_output.model import Block
from tests.conftest import as_document, load_stack
from tests.diagram.contract_stack import contract_stack


@pytest.fixture(scope="module")
def dev(synth_dir: Path) -> dict[str, Block]:
    return as_document(load_stack(synth_dir, "dev")).blocks


@pytest.fixture(scope="module")
def contract() -> dict[str, Block]:
    return as_document(contract_stack()).blocks


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("${var.project}-${var.environment}-handler", "{project}-{environment}-handler"),
        ("${var.function.runtime}", "{function.runtime}"),
        ("https://${aws_cognito_user_pool.this.endpoint}", "https://{…}"),
        (["a", "${var.b}"], "a, {b}"),
        ("plain", "plain"),
    ],
)
def test_display(value: Any, shown: str) -> None:
    assert display(value) == shown


def test_labels_of_todays_stack(dev: dict[str, Block]) -> None:
    assert label(dev["aws_apigatewayv2_route.get_example"]) == ("GET /example", "JWT")
    assert label(dev["aws_apigatewayv2_route.get_health"]) == ("GET /health", "PUBLIC: no authorization")
    assert label(dev["aws_apigatewayv2_route.get_reports"]) == (
        "GET /reports",
        "JWT + scopes: cognito-http-api/reports.read",
    )
    assert label(dev["aws_apigatewayv2_authorizer.this"]) == ("JWT authorizer", "cognito-jwt")
    for function in ("example", "reports"):
        assert label(dev[f"aws_lambda_function.{function}"]) == (
            "Lambda function",
            f"cognito-http-api-dev-{function}",
            "python3.13 arm64",
        )
        assert label(dev[f"aws_iam_role_policy_attachment.{function}_xray"]) == (
            "managed policy",
            "AWSXRayDaemonWriteAccess",
        )
        # with two functions, the Lambda integrations differ only by the function they invoke: the label says it
        assert label(dev[f"aws_apigatewayv2_integration.lambda_{function}"]) == (
            "Lambda proxy integration",
            f"function {function}",
            "payload 2.0",
        )
    assert label(dev["aws_apigatewayv2_integration.get_root"]) == ("HTTP proxy integration", "payload 1.0")
    assert label(dev["aws_cognito_user_pool_client.web"]) == (
        "app client",
        "cognito-http-api-dev-web",
        "OAuth: code",
    )
    assert label(dev["aws_cognito_user_pool_client.service"]) == (
        "app client",
        "cognito-http-api-dev-service",
        "OAuth: client_credentials, with secret",
    )
    # the committed config names dev's sign-in domain prefix (user_pool.domain_prefix)
    assert label(dev["aws_cognito_user_pool_domain.this"]) == ("user pool domain", "example-http-api-dev")
    assert label(dev["aws_cognito_managed_login_branding.web"]) == ("managed login branding",)
    assert label(dev["aws_apigatewayv2_stage.this"]) == ("stage $default",)


def test_labels_of_the_custom_domain(contract: dict[str, Block]) -> None:
    assert label(contract["aws_apigatewayv2_domain_name.this"]) == ("API domain name", "api.example.com")
    assert label(contract["aws_acm_certificate.this"]) == ("ACM certificate", "api.example.com")
    assert label(contract["aws_route53_record.alias_aaaa"]) == ("Route 53 record", "AAAA")
    assert label(contract["aws_route53_record.certificate_validation"]) == ("Route 53 record", "(one per item)")
    assert label(contract["data.aws_route53_zone.this"]) == ("Route 53 zone", "example.com", "(existing, looked up)")


def test_only_a_lambda_integration_names_a_function() -> None:
    def integration(kind: str, uri: str) -> Block:
        return Block("aws_apigatewayv2_integration", "x", False, {"integration_type": kind, "integration_uri": uri})

    assert label(integration("AWS_PROXY", "${aws_lambda_function.nightly_job.invoke_arn}")) == (
        "Lambda proxy integration",
        "function nightly_job",
        "payload 1.0",
    )
    assert label(integration("HTTP_PROXY", "${aws_lb_listener.internal.arn}")) == (
        "HTTP proxy integration",
        "payload 1.0",
    )


def test_unknown_types_get_their_type_and_name() -> None:
    assert label(Block("aws_sqs_queue", "alerts", False, {"name": "${var.project}-alerts"})) == (
        "sqs queue",
        "{project}-alerts",
    )
    assert label(Block("aws_sns_topic", "alarms", False, {"name": "${var.project}-alarms"})) == (
        "SNS topic",
        "{project}-alarms",
    )
    assert label(Block("aws_s3_bucket", "jobs", False, {})) == ("s3 bucket", "jobs")


def test_marks(dev: dict[str, Block], contract: dict[str, Block], synth_dir: Path) -> None:
    routes = {a: marks(b) for a, b in dev.items() if b.type == "aws_apigatewayv2_route"}
    assert routes == {
        "aws_apigatewayv2_route.get_example": frozenset(),
        "aws_apigatewayv2_route.get_root": frozenset(),
        "aws_apigatewayv2_route.get_health": {PUBLIC},
        "aws_apigatewayv2_route.get_reports": {SCOPED},
    }
    assert marks(contract["aws_route53_record.certificate_validation"]) == {REPEATED}
    assert marks(contract["data.aws_route53_zone.this"]) == {EXISTING}
    module = as_document(json.loads((synth_dir / "module" / "cdk.tf.json").read_text(encoding="utf-8"))).blocks
    assert marks(module["aws_kms_key.logs"]) == {CONDITIONAL}
    assert marks(module["aws_apigatewayv2_domain_name.this"]) == {CONDITIONAL}
    assert label(module["aws_lambda_function.reports"])[1] == "{project}-{environment}-reports"
    assert label(module["aws_apigatewayv2_integration.lambda_reports"])[1] == "function reports"
