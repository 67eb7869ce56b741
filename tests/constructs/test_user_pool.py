"""aws_cognito_user_pool, its client and resource server, as synthesized for every environment."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ENVIRONMENTS, MINIMAL_CONFIG, load_stack, resource, resources, run_main


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_pool_uses_email_as_username_and_recovers_by_verified_email(stacks: dict[str, Any], env: str) -> None:
    pool = resource(stacks[env], "aws_cognito_user_pool", "this")
    assert pool["name"] == f"cognito-http-api-{env}"
    assert pool["username_attributes"] == ["email"]
    assert pool["auto_verified_attributes"] == ["email"]
    assert pool["account_recovery_setting"] == {"recovery_mechanism": [{"name": "verified_email", "priority": 1}]}
    assert pool["password_policy"] == {
        "minimum_length": 12,
        "require_lowercase": True,
        "require_numbers": True,
        "require_symbols": True,
        "require_uppercase": True,
        "temporary_password_validity_days": 7,
    }
    assert len(resources(stacks[env], "aws_cognito_user_pool")) == 1


def test_deletion_protection_and_mfa_differ_per_environment(stacks: dict[str, Any]) -> None:
    pools = {env: resource(stacks[env], "aws_cognito_user_pool", "this") for env in ENVIRONMENTS}
    assert {env: p["deletion_protection"] for env, p in pools.items()} == {
        "dev": "INACTIVE", "staging": "INACTIVE", "prod": "ACTIVE",
    }  # fmt: skip
    assert {env: p["mfa_configuration"] for env, p in pools.items()} == {
        "dev": "OFF", "staging": "OPTIONAL", "prod": "OPTIONAL",
    }  # fmt: skip
    assert pools["dev"]["software_token_mfa_configuration"] == {"enabled": False}
    assert pools["prod"]["software_token_mfa_configuration"] == {"enabled": True}


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_scoped_route_generates_a_resource_server(stacks: dict[str, Any], env: str) -> None:
    server = resource(stacks[env], "aws_cognito_resource_server", "this")
    assert server["identifier"] == "cognito-http-api"
    assert server["user_pool_id"] == "${aws_cognito_user_pool.this.id}"
    assert [scope["scope_name"] for scope in server["scope"]] == ["reports.read"]


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_sign_in_domain_is_a_managed_login_v2_prefix_domain(stacks: dict[str, Any], env: str) -> None:
    domain = resource(stacks[env], "aws_cognito_user_pool_domain", "this")
    assert domain == {
        "domain": f"example-http-api-{env}",
        "user_pool_id": "${aws_cognito_user_pool.this.id}",
        "managed_login_version": 2,
    }


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_pool_is_on_the_essentials_plan_without_threat_protection(stacks: dict[str, Any], env: str) -> None:
    pool = resource(stacks[env], "aws_cognito_user_pool", "this")
    assert pool["user_pool_tier"] == "ESSENTIALS"
    assert pool["user_pool_add_ons"] == {"advanced_security_mode": "OFF"}


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One synth: `lite` on the classic hosted UI, `plus` with threat protection enforced."""
    text = (
        MINIMAL_CONFIG
        + '[[defaults.routes]]\nroute_key = "GET /example"\n'
        + '[environments.lite.user_pool]\ntier = "LITE"\nmanaged_login = false\n'
        + '[environments.plus.user_pool]\ntier = "PLUS"\nthreat_protection = "ENFORCED"\n'
    )
    work = tmp_path_factory.mktemp("plans")
    (work / "environments.toml").write_text(text, encoding="utf-8")
    result = run_main(work / "cdktf.out", work / "environments.toml")
    assert result.returncode == 0, result.stderr
    return {env: load_stack(work / "cdktf.out", env) for env in ("lite", "plus")}


def test_lite_pool_signs_in_on_the_classic_hosted_ui(plans: dict[str, Any]) -> None:
    assert resource(plans["lite"], "aws_cognito_user_pool", "this")["user_pool_tier"] == "LITE"
    assert resource(plans["lite"], "aws_cognito_user_pool_domain", "this")["managed_login_version"] == 1
    assert "aws_cognito_managed_login_branding" not in plans["lite"]["resource"]
    assert set(resources(plans["plus"], "aws_cognito_managed_login_branding")) == {"web"}


def test_plus_pool_enforces_threat_protection(plans: dict[str, Any]) -> None:
    pool = resource(plans["plus"], "aws_cognito_user_pool", "this")
    assert (pool["user_pool_tier"], pool["user_pool_add_ons"]) == ("PLUS", {"advanced_security_mode": "ENFORCED"})
    assert resource(plans["plus"], "aws_cognito_user_pool_domain", "this")["managed_login_version"] == 2


def test_domain_prefix_defaults_to_project_and_environment(synth_config: Any) -> None:
    stacks = synth_config(MINIMAL_CONFIG + '[[defaults.routes]]\nroute_key = "GET /example"\n[environments.qa]\n')
    assert resource(stacks["qa"], "aws_cognito_user_pool_domain", "this")["domain"] == "demo-api-qa"
    assert "aws_cognito_resource_server" not in stacks["qa"]["resource"]
