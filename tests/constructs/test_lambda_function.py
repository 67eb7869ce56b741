"""Each Lambda function: its role, log group, code package and settings, named after the function."""

from __future__ import annotations

import base64
import hashlib
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ENVIRONMENTS, MINIMAL_CONFIG, resource, resources

FUNCTIONS = ("example", "reports")
#: The route functions plus the pool's pre-token-generation trigger.
ALL_FUNCTIONS = (*FUNCTIONS, "group_scopes")


@pytest.mark.parametrize("env", ENVIRONMENTS)
@pytest.mark.parametrize("name", FUNCTIONS)
def test_function_is_a_current_python_on_arm64(stacks: dict[str, Any], env: str, name: str) -> None:
    function = resource(stacks[env], "aws_lambda_function", name)
    assert function["function_name"] == f"cognito-http-api-{env}-{name}"
    assert function["runtime"] == "python3.13"
    assert function["architectures"] == ["arm64"]
    assert function["handler"] == "handler.handler"
    assert function["role"] == f"${{aws_iam_role.{name}.arn}}"
    assert function["logging_config"] == {
        "log_format": "JSON",
        "log_group": f"${{aws_cloudwatch_log_group.lambda_{name}.name}}",
    }
    assert function["tracing_config"] == {"mode": "Active"}
    assert "environment" not in function


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_one_function_per_configured_name(stacks: dict[str, Any], env: str) -> None:
    assert set(resources(stacks[env], "aws_lambda_function")) == set(ALL_FUNCTIONS)
    assert set(resources(stacks[env], "aws_iam_role")) == set(ALL_FUNCTIONS)
    assert set(resources(stacks[env], "aws_cloudwatch_log_group")) == {
        "access_logs",
        "lambda_example",
        "lambda_group_scopes",
        "lambda_reports",
    }


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_code_is_a_relative_asset_with_its_own_sha256(synth_dir: Path, stacks: dict[str, Any], env: str) -> None:
    for name, files in (("example", ["handler.py"]), ("reports", ["handler.py", "humanize/__init__.py"])):
        function = resource(stacks[env], "aws_lambda_function", name)
        assert function["filename"].startswith("assets/")
        archive = synth_dir / "stacks" / env / function["filename"]
        digest = base64.b64encode(hashlib.sha256(archive.read_bytes()).digest()).decode()
        assert function["source_code_hash"] == digest
        with zipfile.ZipFile(archive) as zipped:
            assert [file for file in files if file in zipped.namelist()] == files


def test_source_code_hash_is_the_same_in_every_environment(stacks: dict[str, Any]) -> None:
    for name in ALL_FUNCTIONS:
        hashes = {resource(stacks[env], "aws_lambda_function", name)["source_code_hash"] for env in ENVIRONMENTS}
        assert len(hashes) == 1


@pytest.mark.parametrize("env", ENVIRONMENTS)
@pytest.mark.parametrize("name", FUNCTIONS)
def test_role_may_only_write_to_its_own_log_group(stacks: dict[str, Any], env: str, name: str) -> None:
    stack = stacks[env]
    role = resource(stack, "aws_iam_role", name)
    assert role["name"] == f"cognito-http-api-{env}-{name}-role"
    assert role["assume_role_policy"] == f"${{data.aws_iam_policy_document.{name}_assume_role.json}}"
    assume = stack["data"]["aws_iam_policy_document"][f"{name}_assume_role"]["statement"]
    assert assume[0]["principals"] == [{"identifiers": ["lambda.amazonaws.com"], "type": "Service"}]
    assert assume[0]["actions"] == ["sts:AssumeRole"]
    policy = resource(stack, "aws_iam_role_policy", f"{name}_logging")
    assert policy["role"] == f"${{aws_iam_role.{name}.id}}"
    assert policy["policy"] == f"${{data.aws_iam_policy_document.{name}_logging.json}}"
    logging = stack["data"]["aws_iam_policy_document"][f"{name}_logging"]["statement"]
    assert logging == [
        {
            "sid": "WriteOwnLogGroup",
            "effect": "Allow",
            "actions": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "resources": [f"${{aws_cloudwatch_log_group.lambda_{name}.arn}}:*"],
        }
    ]
    xray = resource(stack, "aws_iam_role_policy_attachment", f"{name}_xray")
    assert xray["role"] == f"${{aws_iam_role.{name}.name}}"


def test_log_group_retention_memory_and_concurrency_follow_the_environment(stacks: dict[str, Any]) -> None:
    groups = {env: resource(stacks[env], "aws_cloudwatch_log_group", "lambda_example") for env in ENVIRONMENTS}
    assert groups["dev"]["name"] == "/aws/lambda/cognito-http-api-dev-example"
    assert {env: g["retention_in_days"] for env, g in groups.items()} == {"dev": 14, "staging": 90, "prod": 365}
    functions = {env: resource(stacks[env], "aws_lambda_function", "example") for env in ENVIRONMENTS}
    assert {env: f["memory_size"] for env, f in functions.items()} == {"dev": 128, "staging": 128, "prod": 256}
    reserved = {
        (env, name): resource(stacks[env], "aws_lambda_function", name).get("reserved_concurrent_executions")
        for env in ENVIRONMENTS
        for name in FUNCTIONS
    }
    assert reserved == {
        ("dev", "example"): None, ("dev", "reports"): None, ("staging", "example"): None,
        ("staging", "reports"): None, ("prod", "example"): 50, ("prod", "reports"): 20,
    }  # fmt: skip


def test_architecture_and_plain_environment_variables(synth_config: Any) -> None:
    stacks = synth_config(
        MINIMAL_CONFIG + 'architecture = "x86_64"\n[defaults.functions.example.environment]\nSTAGE = "qa"\n'
        '[[defaults.routes]]\nroute_key = "GET /example"\n[environments.qa]\n'
    )
    function = resource(stacks["qa"], "aws_lambda_function", "example")
    assert function["architectures"] == ["x86_64"]
    assert function["environment"] == {"variables": {"STAGE": "qa"}}
    assert "reserved_concurrent_executions" not in function
