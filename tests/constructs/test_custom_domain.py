"""A custom domain: certificate with DNS validation, API domain name, mapping and alias records; none without one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MINIMAL_CONFIG, load_stack, resource, resources, run_main

CONFIG = (
    MINIMAL_CONFIG
    + """
[[defaults.routes]]
route_key = "GET /example"

[environments.dev]

[environments.staging.domain]
name = "api.staging.example.com"
zone = "example.com"

[environments.prod.domain]
name = "api.example.com"
zone = "example.com"
certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
"""
)
DOMAIN_TYPES = (
    "aws_acm_certificate", "aws_acm_certificate_validation", "aws_apigatewayv2_domain_name",
    "aws_apigatewayv2_api_mapping", "aws_route53_record",
)  # fmt: skip


@pytest.fixture(scope="module")
def domain_stacks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    work = tmp_path_factory.mktemp("domain")
    (work / "environments.toml").write_text(CONFIG, encoding="utf-8")
    result = run_main(work / "cdktf.out", work / "environments.toml")
    assert result.returncode == 0, result.stderr
    return {env: load_stack(work / "cdktf.out", env) for env in ("dev", "staging", "prod")}


def test_without_a_domain_table_there_are_no_domain_resources(domain_stacks: dict[str, Any]) -> None:
    dev = domain_stacks["dev"]
    assert not set(DOMAIN_TYPES) & set(dev["resource"])
    assert "aws_route53_zone" not in dev.get("data", {})
    assert "disable_execute_api_endpoint" not in resource(dev, "aws_apigatewayv2_api", "this")
    assert dev["output"]["invoke_url"]["value"] == "${aws_apigatewayv2_stage.this.invoke_url}"


def test_created_certificate_is_validated_by_dns_before_the_domain_uses_it(domain_stacks: dict[str, Any]) -> None:
    stack = domain_stacks["staging"]
    zone = stack["data"]["aws_route53_zone"]["this"]
    assert (zone["name"], zone["private_zone"]) == ("example.com", False)
    certificate = resource(stack, "aws_acm_certificate", "this")
    assert certificate["domain_name"] == "api.staging.example.com"
    assert certificate["validation_method"] == "DNS"
    assert certificate["lifecycle"] == {"create_before_destroy": True}
    records = resource(stack, "aws_route53_record", "certificate_validation")
    assert "aws_acm_certificate.this" in records["for_each"]
    assert "domain_validation_options" in records["for_each"]
    assert records["zone_id"] == "${data.aws_route53_zone.this.zone_id}"
    assert records["name"] == "${each.value.resource_record_name}"
    assert records["records"] == ["${each.value.resource_record_value}"]
    validation = resource(stack, "aws_acm_certificate_validation", "this")
    assert validation["certificate_arn"] == "${aws_acm_certificate.this.arn}"
    assert "aws_route53_record.certificate_validation" in validation["validation_record_fqdns"]
    domain = resource(stack, "aws_apigatewayv2_domain_name", "this")
    assert domain["domain_name"] == "api.staging.example.com"
    assert domain["domain_name_configuration"] == {
        "certificate_arn": "${aws_acm_certificate_validation.this.certificate_arn}",
        "endpoint_type": "REGIONAL",
        "security_policy": "TLS_1_2",
    }


@pytest.mark.parametrize("env", ["staging", "prod"])
def test_domain_maps_the_default_stage_and_aliases_a_and_aaaa(domain_stacks: dict[str, Any], env: str) -> None:
    stack = domain_stacks[env]
    mapping = resource(stack, "aws_apigatewayv2_api_mapping", "this")
    assert mapping == {
        "api_id": "${aws_apigatewayv2_api.this.id}",
        "domain_name": "${aws_apigatewayv2_domain_name.this.id}",
        "stage": "${aws_apigatewayv2_stage.this.id}",
    }
    for record_type in ("A", "AAAA"):
        alias = resource(stack, "aws_route53_record", f"alias_{record_type.lower()}")
        assert alias["type"] == record_type
        assert alias["name"] == "${aws_apigatewayv2_domain_name.this.domain_name}"
        assert alias["alias"] == {
            "name": "${aws_apigatewayv2_domain_name.this.domain_name_configuration[0].target_domain_name}",
            "zone_id": "${aws_apigatewayv2_domain_name.this.domain_name_configuration[0].hosted_zone_id}",
            "evaluate_target_health": False,
        }
    assert resource(stack, "aws_apigatewayv2_api", "this")["disable_execute_api_endpoint"] is True
    name = resource(stack, "aws_apigatewayv2_domain_name", "this")["domain_name"]
    assert stack["output"]["invoke_url"]["value"] == f"https://{name}/"


def test_a_given_certificate_is_used_as_is(domain_stacks: dict[str, Any]) -> None:
    prod = domain_stacks["prod"]
    assert "aws_acm_certificate" not in prod["resource"]
    assert "aws_acm_certificate_validation" not in prod["resource"]
    assert set(resources(prod, "aws_route53_record")) == {"alias_a", "alias_aaaa"}
    configuration = resource(prod, "aws_apigatewayv2_domain_name", "this")["domain_name_configuration"]
    assert configuration["certificate_arn"].startswith("arn:aws:acm:us-east-1:123456789012:certificate/")


def test_domain_stacks_are_written_relative(domain_stacks: dict[str, Any], tmp_path: Path) -> None:
    assert str(tmp_path.parent) not in str(domain_stacks)
