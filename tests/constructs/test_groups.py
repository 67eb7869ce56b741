"""aws_cognito_user_group per group, and the pre-token-generation trigger that grants the groups' scopes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import load_stack, resource, resources, run_main

CONFIG = """
[project]
name = "demo-api"
version = "0.1.0"

[defaults]
region = "eu-west-1"

[defaults.clients.web]
callback_urls = ["https://localhost:3000/callback"]
scopes = ["reports.read"]

[defaults.functions.example]
[defaults.functions.group-scopes]
environment = { TEAM = "identity" }

[defaults.user_pool]
pre_token_function = "group-scopes"

[defaults.groups.auditors]
description = "May read reports"
precedence = 10
scopes = ["reports.read"]

[defaults.groups.staff-members]

[[defaults.routes]]
route_key = "GET /reports"
function = "example"
scopes = ["reports.read"]

[environments.dev]

[environments.qa.user_pool]
pre_token_version = "V3_0"
"""


@pytest.fixture(scope="module")
def stacks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    work = tmp_path_factory.mktemp("groups")
    (work / "environments.toml").write_text(CONFIG, encoding="utf-8")
    result = run_main(work / "cdktf.out", work / "environments.toml")
    assert result.returncode == 0, result.stderr
    return {env: load_stack(work / "cdktf.out", env) for env in ("dev", "qa")}


def test_each_group_is_a_user_group_named_from_its_key(stacks: dict[str, Any]) -> None:
    groups = {name: {k: v for k, v in group.items() if k != "//"} for name, group in
              resources(stacks["dev"], "aws_cognito_user_group").items()}  # fmt: skip
    assert groups == {
        "auditors": {
            "name": "auditors",
            "description": "May read reports",
            "precedence": 10,
            "user_pool_id": "${aws_cognito_user_pool.this.id}",
        },
        "staff_members": {"name": "staff-members", "precedence": 0, "user_pool_id": "${aws_cognito_user_pool.this.id}"},
    }


def test_pool_runs_the_trigger_function_before_token_generation(stacks: dict[str, Any]) -> None:
    configs = {
        env: resource(stacks[env], "aws_cognito_user_pool", "this")["lambda_config"]["pre_token_generation_config"]
        for env in ("dev", "qa")
    }
    assert configs == {
        "dev": {"lambda_arn": "${aws_lambda_function.group_scopes.arn}", "lambda_version": "V2_0"},
        "qa": {"lambda_arn": "${aws_lambda_function.group_scopes.arn}", "lambda_version": "V3_0"},
    }


def test_only_cognito_for_this_pool_may_invoke_the_trigger(stacks: dict[str, Any]) -> None:
    permission = resource(stacks["dev"], "aws_lambda_permission", "group_scopes_cognito")
    assert permission == {
        "statement_id": "AllowInvokeFromCognito",
        "action": "lambda:InvokeFunction",
        "function_name": "${aws_lambda_function.group_scopes.function_name}",
        "principal": "cognito-idp.amazonaws.com",
        "source_arn": "${aws_cognito_user_pool.this.arn}",
    }
    assert set(resources(stacks["dev"], "aws_lambda_permission")) == {"example", "group_scopes_cognito"}


def test_trigger_is_a_function_of_its_own_without_an_api_integration(stacks: dict[str, Any]) -> None:
    dev = stacks["dev"]
    function = resource(dev, "aws_lambda_function", "group_scopes")
    assert function["function_name"] == "demo-api-dev-group-scopes"
    assert function["role"] == "${aws_iam_role.group_scopes.arn}"
    assert "lambda_group_scopes" in resources(dev, "aws_cloudwatch_log_group")
    assert set(resources(dev, "aws_apigatewayv2_integration")) == {"lambda_example"}
    variables = function["environment"]["variables"]
    assert (variables["TEAM"], variables["RESOURCE_SERVER"]) == ("identity", "demo-api")
    assert variables["GROUP_SCOPES"] == "auditors=reports.read"
