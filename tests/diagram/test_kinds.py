"""Placement by Terraform type: the same rules place the committed dev stack and dev with a custom domain."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from modules.diagram.dependencies import Block, Reference
from modules.diagram.kinds import API, DOMAIN, FUNCTIONS, IDENTITY, OPERATIONS, SHARED, Place, place, type_group
from modules.diagram.model import build_graph
from tests.conftest import as_document, load_stack
from tests.diagram.contract_stack import FUNCTIONS as CONTRACT_FUNCTIONS
from tests.diagram.contract_stack import TRIGGER, contract_stack


@pytest.fixture(scope="module")
def dev(synth_dir: Path) -> dict[str, Any]:
    return load_stack(synth_dir, "dev")


def _places(document: dict[str, Any]) -> dict[str, Place]:
    return {node.id: node.place for node in build_graph(as_document(document), "t").nodes}


@pytest.mark.parametrize(
    ("type_", "group"),
    [
        ("aws_cognito_user_pool", IDENTITY),
        ("aws_cognito_managed_login_branding", IDENTITY),
        ("aws_apigatewayv2_route", API),
        ("aws_apigatewayv2_domain_name", DOMAIN),
        ("aws_apigatewayv2_api_mapping", DOMAIN),
        ("aws_acm_certificate_validation", DOMAIN),
        ("aws_route53_record", DOMAIN),
        ("aws_lambda_function", FUNCTIONS),
        ("aws_kms_key", SHARED),
        ("aws_sqs_queue", SHARED),
        ("aws_sns_topic", OPERATIONS),
        ("aws_cloudwatch_metric_alarm", OPERATIONS),
        ("aws_cloudwatch_dashboard", OPERATIONS),
    ],
)
def test_fixed_groups_by_type(type_: str, group: str) -> None:
    assert type_group(type_) == group


def _function_box(function: str) -> set[str]:
    """What a function's own box holds: the function and the resources that serve it alone (the trigger's
    permission is Cognito's, `<f>_cognito`)."""
    return {
        f"aws_lambda_function.{function}",
        f"aws_iam_role.{function}",
        f"aws_iam_role_policy.{function}_logging",
        f"aws_iam_role_policy_attachment.{function}_xray",
        f"aws_cloudwatch_log_group.lambda_{function}",
        f"aws_lambda_permission.{function}_cognito" if function == TRIGGER else f"aws_lambda_permission.{function}",
    }


#: The client side of the committed config: the pool, its sign-in domain, the resource server, both app clients
#: and the managed login branding of the interactive client (`web`; the machine client `service` has none).
CLIENT_SIDE = {
    "aws_cognito_user_pool.this",
    "aws_cognito_user_pool_domain.this",
    "aws_cognito_resource_server.this",
    "aws_cognito_user_pool_client.web",
    "aws_cognito_user_pool_client.service",
    "aws_cognito_managed_login_branding.web",
    "aws_cognito_user_group.auditors",
}


def test_todays_stack(dev: dict[str, Any]) -> None:
    places = _places(dev)
    for function in (*CONTRACT_FUNCTIONS, TRIGGER):
        box = Place(FUNCTIONS, f"aws_lambda_function.{function}")
        assert {a for a, p in places.items() if p == box} == _function_box(function)
    # each function's Lambda integration is part of the API, not of the function's box
    for function in CONTRACT_FUNCTIONS:
        assert places[f"aws_apigatewayv2_integration.lambda_{function}"] == Place(API)
    assert places["aws_cloudwatch_log_group.access_logs"] == Place(API)
    assert places["aws_kms_key.logs"] == Place(SHARED)
    assert places["aws_kms_key.alarms"] == Place(SHARED)
    assert {a for a, p in places.items() if p == Place(IDENTITY)} == CLIENT_SIDE
    # the operations panel: the environment's alarms, their topic and the dashboard
    operations = {a.split(".")[0] for a, p in places.items() if p == Place(OPERATIONS)}
    assert operations == {"aws_cloudwatch_metric_alarm", "aws_sns_topic", "aws_cloudwatch_dashboard"}
    # no custom domain in the committed config: no domain group; nothing in the functions group outside a box;
    # the upstream URL of GET / is an external node, in no group
    assert set(places.values()) == {
        Place(""),
        Place(IDENTITY),
        Place(API),
        Place(OPERATIONS),
        Place(SHARED),
        *(Place(FUNCTIONS, f"aws_lambda_function.{function}") for function in (*CONTRACT_FUNCTIONS, TRIGGER)),
    }


def test_contract_stack_one_box_per_function() -> None:
    places = _places(contract_stack())
    for function in CONTRACT_FUNCTIONS:
        box = Place(FUNCTIONS, f"aws_lambda_function.{function}")
        assert {a for a, p in places.items() if p == box} == _function_box(function)
    assert places["aws_apigatewayv2_integration.lambda_reports"] == Place(API)
    assert {a for a, p in places.items() if p == Place(IDENTITY)} == CLIENT_SIDE
    assert {a for a, p in places.items() if p == Place(DOMAIN)} == {
        "data.aws_route53_zone.this",
        "aws_acm_certificate.this",
        "aws_acm_certificate_validation.this",
        "aws_route53_record.certificate_validation",
        "aws_route53_record.alias_a",
        "aws_route53_record.alias_aaaa",
        "aws_apigatewayv2_domain_name.this",
        "aws_apigatewayv2_api_mapping.this",
    }


def _block(address: str) -> Block:
    type_, name = address.split(".")
    return Block(type_, name, False, {})


def test_a_role_shared_by_two_functions_is_in_no_functions_box() -> None:
    drawn = {a: _block(a) for a in ("aws_lambda_function.a", "aws_lambda_function.b", "aws_iam_role.shared")}
    refs = (
        Reference("aws_lambda_function.a", "aws_iam_role.shared", "role"),
        Reference("aws_lambda_function.b", "aws_iam_role.shared", "role"),
    )
    assert place(drawn, refs)["aws_iam_role.shared"] == Place(FUNCTIONS)


def test_attached_types_without_known_neighbours_are_shared() -> None:
    drawn = {a: _block(a) for a in ("aws_iam_role.lonely", "aws_iam_role_policy.p", "aws_sqs_queue.jobs")}
    refs = (
        Reference("aws_iam_role_policy.p", "aws_iam_role.lonely", "role"),
        Reference("aws_iam_role_policy.p", "aws_sqs_queue.jobs", "policy"),
    )
    places = place(drawn, refs)
    assert set(places.values()) == {Place(SHARED)}
