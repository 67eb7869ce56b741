"""Least privilege and safe defaults, asserted on the synthesized JSON of the committed config (and a few others)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from modules.config.environment import PRODUCTION_DEFAULTS
from modules.config.loader import load_config
from modules.constructs.customer_key import ADMIN_ACTIONS
from modules.constructs.lambda_function import XRAY_WRITE_POLICY_ARN
from modules.constructs.log_encryption import LOGS_ACTIONS
from modules.constructs.routes import PUBLIC_ROUTE_MARKER
from modules.errors import ConfigError
from modules.synth_output.layout import HCL_FILE, MODULE_DIR
from tests.conftest import CONFIG, ENVIRONMENTS, MINIMAL_CONFIG, resource, resources

PROJECT = load_config(CONFIG)
SECRET_WORDS = re.compile(r"secret|password|private|token_value", re.IGNORECASE)


#: The route functions and the pool's pre-token-generation trigger.
FUNCTIONS = ("example", "reports", "group_scopes")
#: The functions behind routes, which API Gateway invokes.
ROUTE_FUNCTIONS = ("example", "reports")
ROLE_DOCUMENTS = tuple(f"{name}_{document}" for name in FUNCTIONS for document in ("assume_role", "logging"))


def _statements(stack: dict[str, Any], names: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """The statements of the stack's IAM policy documents (all of them, or those named)."""
    documents = stack["data"]["aws_iam_policy_document"]
    return [s for name, doc in documents.items() if names is None or name in names for s in doc["statement"]]


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_no_policy_grants_a_wildcard_action(stacks: dict[str, Any], env: str) -> None:
    assert sorted(stacks[env]["data"]["aws_iam_policy_document"]) == sorted([*ROLE_DOCUMENTS, "logs_key", "alarms_key"])
    actions = [a for s in _statements(stacks[env]) for a in s["actions"]]
    assert len(actions) > 10
    assert [a for a in actions if "*" in a] == []


@pytest.mark.parametrize("env", ENVIRONMENTS)
@pytest.mark.parametrize("name", FUNCTIONS)
def test_each_role_writes_only_to_its_own_log_group_and_xray(stacks: dict[str, Any], env: str, name: str) -> None:
    stack = stacks[env]
    documents = (f"{name}_assume_role", f"{name}_logging")
    resources_of_role = [r for s in _statements(stack, documents) for r in s.get("resources", [])]
    assert resources_of_role == [f"${{aws_cloudwatch_log_group.lambda_{name}.arn}}:*"]
    policy = resource(stack, "aws_iam_role_policy", f"{name}_logging")
    assert (policy["role"], policy["policy"]) == (
        f"${{aws_iam_role.{name}.id}}",
        f"${{data.aws_iam_policy_document.{name}_logging.json}}",
    )
    assert resource(stack, "aws_iam_role_policy_attachment", f"{name}_xray") == {
        "role": f"${{aws_iam_role.{name}.name}}",
        "policy_arn": XRAY_WRITE_POLICY_ARN,
    }
    assert len(resources(stack, "aws_iam_role_policy_attachment")) == len(FUNCTIONS)
    assert XRAY_WRITE_POLICY_ARN == "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"


@pytest.mark.parametrize("env", ENVIRONMENTS)
@pytest.mark.parametrize("name", FUNCTIONS)
def test_function_traces_with_xray_once_it_may(stacks: dict[str, Any], env: str, name: str) -> None:
    function = resource(stacks[env], "aws_lambda_function", name)
    assert function["tracing_config"] == {"mode": "Active"}
    assert f"aws_iam_role_policy_attachment.{name}_xray" in function["depends_on"]


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_lambda_permissions_are_limited_to_this_api(stacks: dict[str, Any], env: str) -> None:
    permissions = resources(stacks[env], "aws_lambda_permission")
    cognito = permissions.pop("group_scopes_cognito")
    assert (cognito["principal"], cognito["source_arn"]) == (
        "cognito-idp.amazonaws.com",
        "${aws_cognito_user_pool.this.arn}",
    )
    assert sorted(permissions) == sorted(ROUTE_FUNCTIONS)
    for permission in permissions.values():
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
    assert set(outputs) == {
        "invoke_url", "user_pool_id", "issuer_url", "region", "auth_base_url", "token_endpoint", "client_ids",
        "alarm_topic_arn", "dashboard_name",
    }  # fmt: skip
    for name, output in outputs.items():
        assert not SECRET_WORDS.search(name + str(output["value"])), name
    assert "client_secret" not in str(stacks[env])
    clients = resources(stacks[env], "aws_cognito_user_pool_client")
    assert {name: client["generate_secret"] for name, client in clients.items()} == {"web": False, "service": True}


def test_prod_keeps_its_pool_and_logs_and_offers_mfa(stacks: dict[str, Any]) -> None:
    prod = stacks["prod"]
    pool = resource(prod, "aws_cognito_user_pool", "this")
    assert pool["deletion_protection"] == "ACTIVE"
    assert pool["mfa_configuration"] in ("OPTIONAL", "ON")
    retention = {
        name: group["retention_in_days"] for name, group in resources(prod, "aws_cloudwatch_log_group").items()
    }
    assert retention == {"access_logs": 365, "lambda_example": 365, "lambda_reports": 365, "lambda_group_scopes": 365}


def test_prod_defaults_apply_to_a_bare_prod_environment(tmp_path: Path) -> None:
    config = tmp_path / "environments.toml"
    config.write_text(
        MINIMAL_CONFIG + '[[defaults.routes]]\nroute_key = "GET /a"\n[environments.prod]\n[environments.dev]\n'
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
        MINIMAL_CONFIG.replace('region = "us-east-1"', 'region = "us-east-1"\nlog_retention_days = 731')
        + '[[defaults.routes]]\nroute_key = "GET /a"\n[environments.prod.user_pool]\nmfa = "ON"\n'
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
                f"{prefix}/aws/lambda/cognito-http-api-{env}-example",
                f"{prefix}/aws/lambda/cognito-http-api-{env}-reports",
                f"{prefix}/aws/lambda/cognito-http-api-{env}-group-scopes",
            ],
        }
    ]


def test_only_prod_reserves_concurrency(stacks: dict[str, Any]) -> None:
    reserved = {
        (env, name): resource(stacks[env], "aws_lambda_function", name).get("reserved_concurrent_executions")
        for env in ENVIRONMENTS
        for name in FUNCTIONS
    }
    assert {key: value for key, value in reserved.items() if value is not None} == {
        ("prod", "example"): 50,
        ("prod", "reports"): 20,
        ("prod", "group_scopes"): 50,
    }


def test_given_key_no_key_and_unreserved_concurrency(synth_config: Any) -> None:
    arn = "arn:aws:kms:us-east-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    stacks = synth_config(
        MINIMAL_CONFIG.replace('region = "us-east-1"', 'region = "us-east-2"')
        + f'[[defaults.routes]]\nroute_key = "GET /a"\n[environments.qa]\nlog_kms_key = "{arn}"\n'
        "[environments.qa.functions.example]\nreserved_concurrency = 3\n[environments.sandbox]\n"
    )
    qa, sandbox = stacks["qa"], stacks["sandbox"]
    assert "logs" not in qa["resource"]["aws_kms_key"]  # the alarm topic's key is the only one
    assert {g["kms_key_id"] for g in resources(qa, "aws_cloudwatch_log_group").values()} == {arn}
    assert resource(qa, "aws_lambda_function", "example")["reserved_concurrent_executions"] == 3
    assert list(sandbox["resource"]["aws_kms_key"]) == ["alarms"]
    assert list(sandbox["data"]["aws_caller_identity"]) == ["alarms"]
    assert "logs_key" not in sandbox["data"]["aws_iam_policy_document"]
    assert all("kms_key_id" not in g for g in resources(sandbox, "aws_cloudwatch_log_group").values())
    assert "reserved_concurrent_executions" not in resource(sandbox, "aws_lambda_function", "example")


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
        MINIMAL_CONFIG.replace('region = "us-east-1"', 'region = "eu-west-1"')
        + f'[[defaults.routes]]\nroute_key = "GET /a"\n[environments.dev]\nlog_kms_key = "{value}"\n',
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
    assert hcl.count(choice) == 4  # the access logs and the three functions' log groups
    assert 'data "aws_iam_policy_document" "logs_key"' in hcl
