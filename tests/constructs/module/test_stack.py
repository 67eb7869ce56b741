"""The module stack's synth output (`cdktf.out/module/`): same constructs, variables instead of values."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from modules.config.loader import load_config
from modules.constructs.module.interface import variables
from modules.synth_output.fingerprint import inputs_fingerprint
from modules.synth_output.layout import HCL_FILE, INTERFACE_FILE, JSON_FILE, MODULE_DIR
from tests.conftest import CONFIG, ENVIRONMENTS, ROOT


@pytest.fixture(scope="module")
def module_dir(synth_dir: Path) -> Path:
    return synth_dir / MODULE_DIR


@pytest.fixture(scope="module")
def hcl(module_dir: Path) -> str:
    return (module_dir / HCL_FILE).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def interface(module_dir: Path) -> dict[str, Any]:
    return dict(json.loads((module_dir / INTERFACE_FILE).read_text(encoding="utf-8")))


def _addresses(hcl: str) -> set[str]:
    found = re.findall(r'^(resource|data) "([\w-]+)" "([\w-]+)"', hcl, flags=re.MULTILINE)
    return {f"{'data.' if kind == 'data' else ''}{type_}.{name}" for kind, type_, name in found}


def test_the_module_is_written_beside_the_env_stacks_not_among_them(synth_dir: Path, module_dir: Path) -> None:
    assert sorted(p.name for p in (synth_dir / "stacks").iterdir()) == sorted(ENVIRONMENTS)
    assert sorted(p.name for p in module_dir.iterdir()) == ["assets", HCL_FILE, JSON_FILE, INTERFACE_FILE]


def test_the_json_rendering_is_the_same_stack_as_the_hcl(module_dir: Path, hcl: str) -> None:
    document = json.loads((module_dir / JSON_FILE).read_text(encoding="utf-8"))
    addresses = {f"{t}.{n}" for t, by_name in document["resource"].items() for n in by_name} | {
        f"data.{t}.{n}" for t, by_name in document["data"].items() for n in by_name
    }
    assert addresses == _addresses(hcl)
    assert set(document["variable"]) == {v.name for v in variables(load_config(CONFIG).environments[0])}
    assert document["resource"]["aws_lambda_function"]["reports"]["function_name"] == (
        "${var.project}-${var.environment}-reports"
    )


def test_the_interface_records_the_inputs_fingerprint(interface: dict[str, Any]) -> None:
    project = load_config(CONFIG)
    assert interface["fingerprint"] == inputs_fingerprint(CONFIG, project, ROOT)
    assert (interface["project"], interface["version"]) == ("cognito-http-api", "0.2.0")
    assert [v["name"] for v in interface["variables"]] == [v.name for v in variables(project.environments[0])]
    assert list(interface["environments"]) == list(ENVIRONMENTS)


#: What the module has for an environment with a custom domain (`var.domain`); the committed config has none.
DOMAIN_ADDRESSES = {
    "data.aws_route53_zone.this", "aws_acm_certificate.this", "aws_route53_record.certificate_validation",
    "aws_acm_certificate_validation.this", "aws_apigatewayv2_domain_name.this", "aws_apigatewayv2_api_mapping.this",
    "aws_route53_record.alias_a", "aws_route53_record.alias_aaaa",
}  # fmt: skip
#: The module's alarm subscriptions: `for_each` over `var.alarms.email` and `.https`, empty in the committed config.
SUBSCRIPTION_ADDRESSES = {"aws_sns_topic_subscription.email", "aws_sns_topic_subscription.https"}


def test_same_resources_as_an_environment_stack_plus_the_optional_domain(
    hcl: str, stacks: dict[str, dict[str, Any]]
) -> None:
    for environment in ENVIRONMENTS:
        stack = stacks[environment]
        synthesized = {f"{t}.{n}" for t, named in stack["resource"].items() for n in named}
        synthesized |= {f"data.{t}.{n}" for t, named in stack["data"].items() for n in named}
        assert _addresses(hcl) == synthesized | DOMAIN_ADDRESSES | SUBSCRIPTION_ADDRESSES


def test_environment_values_are_variable_references(hcl: str) -> None:
    for literal in ("cognito-http-api-dev", "eu-west-1", "retention_in_days = 14", "throttling_burst_limit = 20"):
        assert literal not in hcl
    for reference in (
        'name = "${var.project}-${var.environment}"',
        'retention_in_days = "${var.log_retention_days}"',
        'mfa_configuration = "${var.user_pool.mfa}"',
        'minimum_length = "${var.user_pool.password.minimum_length}"',
        'throttling_rate_limit = "${var.throttling.rate_limit}"',
        'memory_size = "${var.functions.reports.memory_mb}"',
        'callback_urls = "${var.clients.web.callback_urls}"',
        'access_token_validity = "${var.clients.service.access_token_validity_minutes}"',
    ):
        assert reference in hcl


def test_python_decisions_become_terraform_expressions(hcl: str) -> None:
    assert 'enabled = "${(var.user_pool.mfa != "OFF")}"' in hcl
    assert 'deletion_protection = "${var.user_pool.deletion_protection ? "ACTIVE" : "INACTIVE"}"' in hcl
    assert 'dynamic "cors_configuration" {\nfor_each = "${var.cors[*]}"\niterator = cors\n' in hcl
    assert 'expose_headers = "${(length(cors.value.expose_headers) >= 1) ? cors.value.expose_headers : null}"' in hcl
    assert '"${var.project}/reports.read"' in hcl
    assert (
        'domain = "${(var.user_pool.domain_prefix != "") ? var.user_pool.domain_prefix : '
        '"${var.project}-${var.environment}"}"' in hcl
    )
    assert 'dynamic "environment" {\nfor_each = "${(length(var.functions.reports.environment) >= 1) ? [1] : []}"' in hcl
    assert 'disable_execute_api_endpoint = "${(var.domain != null) ? true : null}"' in hcl
    assert (
        'value = "${(var.domain != null) ? "https://${var.domain.name}/" : aws_apigatewayv2_stage.this.invoke_url}"'
        in hcl
    )


def test_custom_domain_resources_exist_only_with_var_domain(hcl: str) -> None:
    for address in (
        'resource "aws_apigatewayv2_domain_name" "this"',
        'resource "aws_apigatewayv2_api_mapping" "this"',
        'resource "aws_route53_record" "alias_a"',
        'data "aws_route53_zone" "this"',
    ):
        block = hcl[hcl.index(address) :]
        block = block[: re.search(r"\n}\n(?=resource|data|output)", block).start()]  # type: ignore[union-attr]
        assert block.endswith('\ncount = "${(var.domain != null) ? 1 : 0}"'), address


def test_structural_settings_are_baked_in(hcl: str) -> None:
    assert 'route_key = "GET /example"' in hcl
    assert 'integration_uri = "https://www.wikipedia.org/"' in hcl
    assert 'scope_name = "reports.read"' in hcl
    assert 'runtime = "python3.13"' in hcl
    assert "generate_secret = true" in hcl
    assert 'allowed_oauth_flows = [\n"client_credentials"\n]' in hcl


def test_no_absolute_paths_or_build_machine_details(module_dir: Path) -> None:
    for path in (module_dir / HCL_FILE, module_dir / INTERFACE_FILE):
        text = path.read_text(encoding="utf-8")
        assert str(ROOT) not in text
        assert "/tmp" not in text
    assert 'path = "terraform.module.tfstate"' in (module_dir / HCL_FILE).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["example", "reports"])
def test_each_lambda_zip_is_the_one_the_environments_deploy(
    module_dir: Path, synth_dir: Path, stacks: dict[str, Any], name: str
) -> None:
    hcl = (module_dir / HCL_FILE).read_text(encoding="utf-8")
    block = hcl[hcl.index(f'resource "aws_lambda_function" "{name}"') :]
    module_zip = module_dir / re.findall(r'filename = "([^"]+)"', block)[0]
    dev_zip = synth_dir / "stacks" / "dev" / stacks["dev"]["resource"]["aws_lambda_function"][name]["filename"]
    assert module_zip.read_bytes() == dev_zip.read_bytes()
