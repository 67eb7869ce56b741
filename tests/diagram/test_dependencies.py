"""Blocks and references of a synthesized stack: what Terraform would follow, nothing else."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from modules.diagram.dependencies import Reference, fold_data_sources, references
from modules.diagram.kinds import KEPT_DATA
from modules.synth_output.references import expressions
from tests.conftest import as_document, load_stack
from tests.diagram.contract_stack import CLIENTS, FUNCTIONS, GROUPS, contract_stack


@pytest.fixture(scope="module")
def dev(synth_dir: Path) -> dict[str, Any]:
    return load_stack(synth_dir, "dev")


def test_expressions_keep_nested_braces_and_skip_escaped_templates() -> None:
    text = "a ${x.y} b $${literal} c ${{for o in aws_acm_certificate.this.opts : o.k => {n = o.v}}} d"
    assert list(expressions(text)) == ["x.y", "{for o in aws_acm_certificate.this.opts : o.k => {n = o.v}}"]
    assert list(expressions("no template here")) == []


def test_blocks_are_every_resource_and_data_source_without_metadata(dev: dict[str, Any]) -> None:
    found = as_document(dev).blocks
    expected = {f"{t}.{n}" for t, by in dev["resource"].items() for n in by} | {
        f"data.{t}.{n}" for t, by in dev["data"].items() for n in by
    }
    assert set(found) == expected
    # resources: 7 per route function (function, role, inline policy, X-Ray attachment, log group, permission,
    # Lambda integration), 6 for the trigger (no integration; its permission is Cognito's); Cognito: pool, sign-in
    # domain, resource server, one per client, branding of the one interactive client (web), one per group; API:
    # API, authorizer, stage, access log group, 4 routes, GET /'s HTTP integration; the logs KMS key; operations:
    # 3 API alarms, 3 per function (the trigger included), 2 for the detailed route GET /reports, the topic, its
    # key, the dashboard. Data sources: 2 policy documents per function; the logs key's policy document, account,
    # region; the alarm key's policy document and account.
    alarms = 3 + 3 * (len(FUNCTIONS) + 1) + 2
    resources = len(FUNCTIONS) * 7 + 6 + (3 + len(CLIENTS) + 1 + len(GROUPS)) + (4 + 4 + 1) + 1 + alarms + 3
    data_sources = (len(FUNCTIONS) + 1) * 2 + 3 + 2
    assert (resources, data_sources) == (54, 11)
    assert len(found) == resources + data_sources
    assert all("//" not in block.body for block in found.values())
    assert found["data.aws_region.current"].data


def test_references_are_the_templates_and_depends_on_of_the_real_stack(dev: dict[str, Any]) -> None:
    found = set(references(as_document(dev).blocks))
    assert {
        Reference("aws_apigatewayv2_route.get_example", "aws_apigatewayv2_authorizer.this", "authorizer_id"),
        Reference("aws_apigatewayv2_route.get_example", "aws_apigatewayv2_integration.lambda_example", "target"),
        Reference("aws_apigatewayv2_route.get_reports", "aws_apigatewayv2_integration.lambda_reports", "target"),
        Reference("aws_apigatewayv2_authorizer.this", "aws_cognito_user_pool.this", "jwt_configuration.issuer"),
        Reference("aws_cognito_managed_login_branding.web", "aws_cognito_user_pool_client.web", "client_id"),
        Reference("aws_cognito_managed_login_branding.web", "aws_cognito_user_pool_domain.this", "depends_on"),
        Reference(
            "data.aws_iam_policy_document.logs_key",
            "data.aws_caller_identity.current",
            "statement.principals.identifiers",
        ),
    } <= found
    for client in CLIENTS:
        assert (
            Reference(
                "aws_apigatewayv2_authorizer.this",
                f"aws_cognito_user_pool_client.{client}",
                "jwt_configuration.audience",
            )
            in found
        )
        assert (
            Reference(f"aws_cognito_user_pool_client.{client}", "aws_cognito_resource_server.this", "depends_on")
            in found
        )
    for f in FUNCTIONS:
        assert {
            Reference(f"aws_apigatewayv2_integration.lambda_{f}", f"aws_lambda_function.{f}", "integration_uri"),
            Reference(f"aws_lambda_function.{f}", f"aws_iam_role_policy_attachment.{f}_xray", "depends_on"),
            Reference(f"aws_iam_role.{f}", f"data.aws_iam_policy_document.{f}_assume_role", "assume_role_policy"),
        } <= found
    # the HTTP_PROXY integration names a URL, not a block; the public route has no authorizer
    assert [r.target for r in found if r.source == "aws_apigatewayv2_integration.get_root"] == [
        "aws_apigatewayv2_api.this"
    ]
    assert not [r for r in found if r.source == "aws_apigatewayv2_route.get_health" and "authorizer" in r.target]


def test_variables_and_iterators_are_not_references(synth_dir: Path) -> None:
    module = json.loads((synth_dir / "module" / "cdk.tf.json").read_text(encoding="utf-8"))
    found = references(as_document(module).blocks)
    assert found
    assert all(not r.target.startswith(("var.", "each.", "count.", "path.")) for r in found)
    for function in FUNCTIONS:  # the key exists only when var.log_kms_key = "create": a conditional reference
        assert Reference(f"aws_cloudwatch_log_group.lambda_{function}", "aws_kms_key.logs", "kms_key_id") in found


def test_data_sources_fold_into_their_readers(dev: dict[str, Any]) -> None:
    found = as_document(dev).blocks
    folded = fold_data_sources(found, references(found), KEPT_DATA)
    assert not [r for r in folded.references if r.source.startswith("data.") or r.target.startswith("data.")]
    for f in FUNCTIONS:
        # the logging policy document names the function's log group: the inline policy inherits that reference
        assert (
            Reference(
                f"aws_iam_role_policy.{f}_logging",
                f"aws_cloudwatch_log_group.lambda_{f}",
                "policy",
                via=f"data.aws_iam_policy_document.{f}_logging",
            )
            in folded.references
        )
        assert folded.reads[f"aws_iam_role.{f}"] == (f"data.aws_iam_policy_document.{f}_assume_role",)
    assert folded.reads["aws_kms_key.logs"] == (
        "data.aws_caller_identity.current",
        "data.aws_iam_policy_document.logs_key",
        "data.aws_region.current",
    )


def test_kept_data_sources_stay_and_nested_for_expressions_are_followed() -> None:
    found = as_document(contract_stack()).blocks
    folded = fold_data_sources(found, references(found), KEPT_DATA)
    assert Reference("aws_route53_record.alias_a", "data.aws_route53_zone.this", "zone_id") in folded.references
    assert (
        Reference("aws_route53_record.certificate_validation", "aws_acm_certificate.this", "for_each")
        in folded.references
    )
