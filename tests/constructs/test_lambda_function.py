"""The Lambda function, its role, log group and code package."""

from __future__ import annotations

import base64
import hashlib
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ENVIRONMENTS, resource


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_function_is_a_current_python_on_arm64(stacks: dict[str, Any], env: str) -> None:
    function = resource(stacks[env], "aws_lambda_function", "this")
    assert function["function_name"] == f"cognito-http-api-{env}-handler"
    assert function["runtime"] == "python3.13"
    assert function["architectures"] == ["arm64"]
    assert function["handler"] == "handler.handler"
    assert function["role"] == "${aws_iam_role.function.arn}"
    assert function["logging_config"] == {
        "log_format": "JSON",
        "log_group": "${aws_cloudwatch_log_group.function.name}",
    }


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_code_is_a_relative_asset_with_its_own_sha256(synth_dir: Path, stacks: dict[str, Any], env: str) -> None:
    function = resource(stacks[env], "aws_lambda_function", "this")
    assert function["filename"].startswith("assets/")
    archive = synth_dir / "stacks" / env / function["filename"]
    digest = base64.b64encode(hashlib.sha256(archive.read_bytes()).digest()).decode()
    assert function["source_code_hash"] == digest
    with zipfile.ZipFile(archive) as zipped:
        assert zipped.namelist() == ["handler.py"]


def test_source_code_hash_is_the_same_in_every_environment(stacks: dict[str, Any]) -> None:
    hashes = {resource(stacks[env], "aws_lambda_function", "this")["source_code_hash"] for env in ENVIRONMENTS}
    assert len(hashes) == 1


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_role_may_only_write_to_its_own_log_group(stacks: dict[str, Any], env: str) -> None:
    stack = stacks[env]
    role = resource(stack, "aws_iam_role", "function")
    assert role["assume_role_policy"] == "${data.aws_iam_policy_document.function_assume_role.json}"
    assume = stack["data"]["aws_iam_policy_document"]["function_assume_role"]["statement"]
    assert assume[0]["principals"] == [{"identifiers": ["lambda.amazonaws.com"], "type": "Service"}]
    assert assume[0]["actions"] == ["sts:AssumeRole"]
    policy = resource(stack, "aws_iam_role_policy", "function_logging")
    assert policy["role"] == "${aws_iam_role.function.id}"
    assert policy["policy"] == "${data.aws_iam_policy_document.function_logging.json}"
    logging = stack["data"]["aws_iam_policy_document"]["function_logging"]["statement"]
    assert logging == [
        {
            "sid": "WriteOwnLogGroup",
            "effect": "Allow",
            "actions": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "resources": ["${aws_cloudwatch_log_group.function.arn}:*"],
        }
    ]


def test_log_group_retention_and_memory_follow_the_environment(stacks: dict[str, Any]) -> None:
    groups = {env: resource(stacks[env], "aws_cloudwatch_log_group", "function") for env in ENVIRONMENTS}
    assert groups["dev"]["name"] == "/aws/lambda/cognito-http-api-dev-handler"
    assert {env: g["retention_in_days"] for env, g in groups.items()} == {"dev": 14, "staging": 90, "prod": 365}
    functions = {env: resource(stacks[env], "aws_lambda_function", "this") for env in ENVIRONMENTS}
    assert {env: f["memory_size"] for env, f in functions.items()} == {"dev": 128, "staging": 128, "prod": 256}
    assert functions["prod"]["reserved_concurrent_executions"] == 50
