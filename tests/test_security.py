"""Least privilege and safe defaults, asserted on the synthesized JSON of the committed config (and a few others)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from modules.config.loader import load_config
from modules.config.model import PRODUCTION_DEFAULTS
from modules.constructs.lambda_function import XRAY_WRITE_POLICY_ARN
from modules.constructs.log_encryption import ADMIN_ACTIONS, LOGS_ACTIONS
from modules.constructs.routes import PUBLIC_ROUTE_MARKER
from modules.errors import ConfigError
from modules.synth_layout import HCL_FILE, MODULE_DIR
from tests.conftest import CONFIG, ENVIRONMENTS, resource, resources

PROJECT = load_config(CONFIG)
SECRET_WORDS = re.compile(r"secret|password|private|token_value", re.IGNORECASE)


ROLE_DOCUMENTS = ("function_assume_role", "function_logging")


def _statements(stack: dict[str, Any], names: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """The statements of the stack's IAM policy documents (all of them, or those named)."""
    documents = stack["data"]["aws_iam_policy_document"]
    return [s for name, doc in documents.items() if names is None or name in names for s in doc["statement"]]


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_no_policy_grants_a_wildcard_action(stacks: dict[str, Any], env: str) -> None:
    assert sorted(stacks[env]["data"]["aws_iam_policy_document"]) == [*ROLE_DOCUMENTS, "logs_key"]
    actions = [a for s in _statements(stacks[env]) for a in s["actions"]]
    assert len(actions) > 10
    assert [a for a in actions if "*" in a] == []


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_role_writes_only_to_its_own_log_group_and_xray(stacks: dict[str, Any], env: str) -> None:
    stack = stacks[env]
    resources_of_role = [r for s in _statements(stack, ROLE_DOCUMENTS) for r in s.get("resources", [])]
    assert resources_of_role == ["${aws_cloudwatch_log_group.function.arn}:*"]
    assert [(p["role"], p["policy"]) for p in resources(stack, "aws_iam_role_policy").values()] == [
        ("${aws_iam_role.function.id}", "${data.aws_iam_policy_document.function_logging.json}")
    ]
    attachments = resources(stack, "aws_iam_role_policy_attachment")
    assert attachments == {
        "function_xray": {"role": "${aws_iam_role.function.name}", "policy_arn": XRAY_WRITE_POLICY_ARN}
    }
    assert XRAY_WRITE_POLICY_ARN == "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_function_traces_with_xray_once_it_may(stacks: dict[str, Any], env: str) -> None:
    function = resource(stacks[env], "aws_lambda_function", "this")
    assert function["tracing_config"] == {"mode": "Active"}
    assert "aws_iam_role_policy_attachment.function_xray" in function["depends_on"]


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_lambda_permission_is_limited_to_this_api(stacks: dict[str, Any], env: str) -> None:
    (permission,) = resources(stacks[env], "aws_lambda_permission").values()
    assert permission["source_arn"] == "${aws_apigatewayv2_api.this.execution_arn}/*/*"
    assert permission["principal"] == "apigateway.amazonaws.com"


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_only_routes_public_in_the_config_go_without_authorization(stacks: dict[str, Any], env: str) -> None:
    public = set(PROJECT.environment(env).public_routes)
    assert public == {"GET /health"}
    for name, route in stacks[env]["resource"]["aws_apigatewayv2_route"].items():
        marker = route["//"].get(PUBLIC_ROUTE_MARKER)
        if route["route_key"] in public:
            assert (route["authorization_type"], marker) == ("NONE", route["route_key"]), name
            assert "authorizer_id" not in route
        else:
            assert route["authorization_type"] == "JWT", name
            assert route["authorizer_id"] == "${aws_apigatewayv2_authorizer.this.id}"
            assert marker is None


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_outputs_hold_ids_and_nothing_secret(stacks: dict[str, Any], env: str) -> None:
    outputs = stacks[env]["output"]
    assert set(outputs) == {"invoke_url", "user_pool_id", "client_id", "issuer_url", "region"}
    for name, output in outputs.items():
        if SECRET_WORDS.search(name + output["value"]):
            assert output.get("sensitive") is True, name
    assert resource(stacks[env], "aws_cognito_user_pool_client", "this")["generate_secret"] is False


def test_prod_keeps_its_pool_and_logs_and_offers_mfa(stacks: dict[str, Any]) -> None:
    prod = stacks["prod"]
    pool = resource(prod, "aws_cognito_user_pool", "this")
    assert pool["deletion_protection"] == "ACTIVE"
    assert pool["mfa_configuration"] in ("OPTIONAL", "ON")
    retention = {
        name: group["retention_in_days"] for name, group in resources(prod, "aws_cloudwatch_log_group").items()
    }
    assert retention == {"access_logs": 365, "function": 365}


def test_prod_defaults_apply_to_a_bare_prod_environment(tmp_path: Path) -> None:
    config = tmp_path / "environments.toml"
    config.write_text(
        '[project]\nname = "demo-api"\nversion = "0.1.0"\n[defaults]\nregion = "eu-west-1"\n'
        '[[defaults.routes]]\nroute_key = "GET /a"\n[environments.prod]\n[environments.dev]\n',
        encoding="utf-8",
    )
    prod, dev = load_config(config).environments
    assert (prod.log_retention_days, prod.user_pool.mfa, prod.user_pool.deletion_protection) == (365, "OPTIONAL", True)
    assert (dev.log_retention_days, dev.user_pool.mfa, dev.user_pool.deletion_protection) == (30, "OFF", False)
    assert PRODUCTION_DEFAULTS == {
        "log_retention_days": 365,
        "user_pool": {"mfa": "OPTIONAL", "deletion_protection": True},
    }


def test_prod_defaults_yield_to_explicit_settings(tmp_path: Path) -> None:
    config = tmp_path / "environments.toml"
    config.write_text(
        '[project]\nname = "demo-api"\nversion = "0.1.0"\n[defaults]\nregion = "eu-west-1"\nlog_retention_days = 731\n'
        '[[defaults.routes]]\nroute_key = "GET /a"\n[environments.prod.user_pool]\nmfa = "ON"\n',
        encoding="utf-8",
    )
    (prod,) = load_config(config).environments
    assert (prod.log_retention_days, prod.user_pool.mfa, prod.user_pool.deletion_protection) == (731, "ON", True)


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_logs_are_encrypted_with_the_environments_own_key(stacks: dict[str, Any], env: str) -> None:
    stack = stacks[env]
    key = resource(stack, "aws_kms_key", "logs")
    assert (key["enable_key_rotation"], key["deletion_window_in_days"]) == (True, 30)
    assert key["policy"] == "${data.aws_iam_policy_document.logs_key.json}"
    for group in resources(stack, "aws_cloudwatch_log_group").values():
        assert group["kms_key_id"] == "${aws_kms_key.logs.arn}"
    admin, logs = _statements(stack, ("logs_key",))
    account = "${data.aws_caller_identity.current.account_id}"
    assert admin["principals"] == [{"type": "AWS", "identifiers": [f"arn:aws:iam::{account}:root"]}]
    assert (admin["actions"], admin["resources"]) == (list(ADMIN_ACTIONS), ["*"])  # "*": this key
    assert not {"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"} & set(admin["actions"])
    region = "${data.aws_region.current.region}"
    assert logs["principals"] == [{"type": "Service", "identifiers": [f"logs.{region}.amazonaws.com"]}]
    assert logs["actions"] == list(LOGS_ACTIONS)
    prefix = f"arn:aws:logs:{region}:{account}:log-group:"
    assert logs["condition"] == [
        {
            "test": "ArnEquals",
            "variable": "kms:EncryptionContext:aws:logs:arn",
            "values": [
                f"{prefix}/aws/apigateway/cognito-http-api-{env}-access",
                f"{prefix}/aws/lambda/cognito-http-api-{env}-handler",
            ],
        }
    ]


def test_reserved_concurrency_is_set_per_environment(stacks: dict[str, Any]) -> None:
    reserved = {env: resource(stacks[env], "aws_lambda_function", "this") for env in ENVIRONMENTS}
    assert {env: f["reserved_concurrent_executions"] for env, f in reserved.items()} == {
        "dev": 5,
        "staging": 20,
        "prod": 50,
    }


def test_given_key_no_key_and_unreserved_concurrency(synth_config: Any) -> None:
    arn = "arn:aws:kms:us-east-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    stacks = synth_config(
        '[project]\nname = "demo-api"\nversion = "0.1.0"\n[defaults]\nregion = "us-east-2"\n'
        f'[[defaults.routes]]\nroute_key = "GET /a"\n[environments.qa]\nlog_kms_key = "{arn}"\n'
        "[environments.qa.function]\nreserved_concurrency = 3\n[environments.sandbox]\n"
    )
    qa, sandbox = stacks["qa"], stacks["sandbox"]
    assert "aws_kms_key" not in qa["resource"]
    assert {g["kms_key_id"] for g in resources(qa, "aws_cloudwatch_log_group").values()} == {arn}
    assert resource(qa, "aws_lambda_function", "this")["reserved_concurrent_executions"] == 3
    assert "aws_kms_key" not in sandbox["resource"]
    assert "aws_caller_identity" not in sandbox["data"]
    assert "logs_key" not in sandbox["data"]["aws_iam_policy_document"]
    assert all("kms_key_id" not in g for g in resources(sandbox, "aws_cloudwatch_log_group").values())
    assert "reserved_concurrent_executions" not in resource(sandbox, "aws_lambda_function", "this")


@pytest.mark.parametrize(
    "value",
    [
        "yes",
        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",  # another region
        "arn:aws:kms:eu-west-1:1234:key/abc",  # not an account id
        "alias/logs",
    ],
)
def test_log_kms_key_must_be_empty_create_or_a_key_arn_in_the_region(tmp_path: Path, value: str) -> None:
    config = tmp_path / "environments.toml"
    config.write_text(
        '[project]\nname = "demo-api"\nversion = "0.1.0"\n[defaults]\nregion = "eu-west-1"\n'
        f'[[defaults.routes]]\nroute_key = "GET /a"\n[environments.dev]\nlog_kms_key = "{value}"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"environment 'dev': field 'log_kms_key': .*arn:aws:kms:eu-west-1:<account>"):
        load_config(config)


def test_module_creates_the_key_only_when_its_variable_asks(synth_dir: Path) -> None:
    """In the exported module `log_kms_key` is a variable: the key is counted and the groups pick their key."""
    hcl = (synth_dir / MODULE_DIR / HCL_FILE).read_text(encoding="utf-8")
    assert 'count = "${(var.log_kms_key == "create") ? 1 : 0}"' in hcl
    choice = (
        'kms_key_id = "${(var.log_kms_key == "create") ? one(aws_kms_key.logs[*].arn) : '
        '(length(var.log_kms_key) >= 1) ? var.log_kms_key : null}"'
    )
    assert hcl.count(choice) == 2
    assert 'data "aws_iam_policy_document" "logs_key"' in hcl
