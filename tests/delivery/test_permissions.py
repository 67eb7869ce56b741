"""The pipeline roles' IAM, derived from the synthesized stacks: every type they create is known, the plan role
only reads, names the stack chooses are exact ARNs, and the escalation paths are fenced."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from modules.delivery.permissions import ACTIONS, policy
from modules.errors import PackageError
from modules.synth_output.loading import load_stack
from modules.synth_output.model import StackDocument
from tests.conftest import ENVIRONMENTS, MINIMAL_CONFIG, as_document, run_main
from tests.constructs.test_identity_providers import write_config

DOMAIN = (
    MINIMAL_CONFIG
    + """
[[defaults.routes]]
route_key = "GET /example"

[environments.dev.domain]
name = "api.example.com"
zone = "example.com"
"""
)


@pytest.fixture(scope="module")
def committed(synth_dir: Path) -> dict[str, StackDocument]:
    return {env: load_stack(synth_dir, env) for env in ENVIRONMENTS}


@pytest.fixture(scope="module")
def custom_domain(tmp_path_factory: pytest.TempPathFactory) -> StackDocument:
    work = tmp_path_factory.mktemp("domain")
    (work / "environments.toml").write_text(DOMAIN, encoding="utf-8")
    assert run_main(work / "out", work / "environments.toml").returncode == 0
    return load_stack(work / "out", "dev")


def _statements(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {statement["Sid"]: statement for statement in document["Statement"]}


def test_every_type_the_stacks_create_has_its_actions(
    committed: dict[str, StackDocument], custom_domain: StackDocument
) -> None:
    types = {block.type for stack in [*committed.values(), custom_domain] for block in stack.blocks.values()}
    assert types <= set(ACTIONS)
    assert {"aws_acm_certificate", "aws_route53_record", "aws_apigatewayv2_domain_name"} <= types


@pytest.fixture(scope="module")
def federated(tmp_path_factory: pytest.TempPathFactory) -> StackDocument:
    work = tmp_path_factory.mktemp("federated")
    assert run_main(work / "out", write_config(work)).returncode == 0
    return load_stack(work / "out", "dev")


def test_identity_providers_and_their_secrets_parameter_are_covered(federated: StackDocument) -> None:
    assert {block.type for block in federated.blocks.values()} <= set(ACTIONS)
    statements = _statements(policy([federated], account="111122223333", region="eu-west-1", write=True))
    assert statements["Parameter"]["Resource"] == [  # OIDC's and Google's
        "arn:aws:ssm:eu-west-1:111122223333:parameter/corp/google/client-secret",
        "arn:aws:ssm:eu-west-1:111122223333:parameter/corp/oidc/client-secret",
    ]
    assert statements["Parameter"]["Action"] == ["ssm:GetParameter"]
    assert "cognito-idp:CreateIdentityProvider" in statements["Userpool"]["Action"]


def test_deploy_role_acts_on_the_stacks_own_names(committed: dict[str, StackDocument]) -> None:
    statements = _statements(policy([committed["dev"]], account="111122223333", region="eu-west-1", write=True))
    assert statements["Function"]["Resource"] == [
        "arn:aws:lambda:eu-west-1:111122223333:function:cognito-http-api-dev-example",
        "arn:aws:lambda:eu-west-1:111122223333:function:cognito-http-api-dev-group-scopes",
        "arn:aws:lambda:eu-west-1:111122223333:function:cognito-http-api-dev-reports",
    ]
    assert "lambda:CreateFunction" in statements["Function"]["Action"]
    assert statements["Role"]["Resource"] == [
        "arn:aws:iam::111122223333:role/cognito-http-api-dev-example-role",
        "arn:aws:iam::111122223333:role/cognito-http-api-dev-group-scopes-role",
        "arn:aws:iam::111122223333:role/cognito-http-api-dev-reports-role",
    ]
    assert statements["AttachOnlyTheStacksPolicies"]["Condition"] == {
        "ArnEquals": {"iam:PolicyARN": ["arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"]}
    }
    assert statements["PassTheStacksRolesToLambda"]["Condition"] == {
        "StringEquals": {"iam:PassedToService": ["lambda.amazonaws.com"]}
    }
    assert statements["NoResourceType"] == {
        "Sid": "NoResourceType", "Effect": "Allow", "Resource": ["*"],
        "Action": ["cognito-idp:CreateUserPool", "cognito-idp:DescribeUserPoolDomain", "kms:CreateKey"],
    }  # fmt: skip
    every_action = [action for statement in statements.values() for action in statement["Action"]]
    assert not [action for action in every_action if action.endswith("*")], "no wildcard actions"


def test_plan_role_only_reads(committed: dict[str, StackDocument]) -> None:
    statements = _statements(policy([committed["prod"]], account="777788889999", region="eu-west-1", write=False))
    actions = [action for statement in statements.values() for action in statement["Action"]]
    verbs = ("Describe", "Get", "List", "GET")
    assert actions
    assert [action for action in actions if not action.split(":")[1].startswith(verbs)] == []
    assert "AttachOnlyTheStacksPolicies" not in statements


def test_a_type_without_known_permissions_is_one_error_line() -> None:
    stack = as_document({"resource": {"aws_s3_bucket": {"b": {"bucket": "x"}}}})
    with pytest.raises(PackageError, match="no IAM permissions known for resource type aws_s3_bucket; allowed: "):
        policy([stack], account="111122223333", region="eu-west-1", write=True)
