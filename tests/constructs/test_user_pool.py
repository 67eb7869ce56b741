"""aws_cognito_user_pool, its client and resource server, as synthesized for every environment."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ENVIRONMENTS, resource, resources


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
def test_client_has_no_secret_and_the_configured_flows(stacks: dict[str, Any], env: str) -> None:
    client = resource(stacks[env], "aws_cognito_user_pool_client", "this")
    assert client["user_pool_id"] == "${aws_cognito_user_pool.this.id}"
    assert client["generate_secret"] is False
    assert client["explicit_auth_flows"] == [
        "ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH",
    ]  # fmt: skip
    assert client["prevent_user_existence_errors"] == "ENABLED"
    assert client["enable_token_revocation"] is True
    assert client["token_validity_units"] == [
        {"access_token": "minutes", "id_token": "minutes", "refresh_token": "days"}
    ]
    assert client["refresh_token_validity"] == 30


def test_token_validities_follow_the_environment(stacks: dict[str, Any]) -> None:
    dev = resource(stacks["dev"], "aws_cognito_user_pool_client", "this")
    prod = resource(stacks["prod"], "aws_cognito_user_pool_client", "this")
    assert (dev["access_token_validity"], dev["id_token_validity"]) == (60, 60)
    assert (prod["access_token_validity"], prod["id_token_validity"]) == (30, 30)


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_scoped_route_generates_a_resource_server_the_client_may_use(stacks: dict[str, Any], env: str) -> None:
    server = resource(stacks[env], "aws_cognito_resource_server", "this")
    assert server["identifier"] == "cognito-http-api"
    assert server["user_pool_id"] == "${aws_cognito_user_pool.this.id}"
    assert [scope["scope_name"] for scope in server["scope"]] == ["reports.read"]
    client = resource(stacks[env], "aws_cognito_user_pool_client", "this")
    assert "cognito-http-api/reports.read" in client["allowed_oauth_scopes"]
    assert client["allowed_oauth_flows"] == ["code"]
    assert client["allowed_oauth_flows_user_pool_client"] is True
    assert client["depends_on"] == ["aws_cognito_resource_server.this"]


def test_no_scopes_means_no_resource_server_and_no_oauth(synth_config: Any) -> None:
    stacks = synth_config(
        '[project]\nname = "plain-api"\nversion = "0.1.0"\n[defaults]\nregion = "us-east-1"\n'
        '[[defaults.routes]]\nroute_key = "GET /example"\n[environments.dev]\n'
        '[environments.dev.client]\nauth_flows = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]\n'
    )
    assert "aws_cognito_resource_server" not in stacks["dev"]["resource"]
    client = resource(stacks["dev"], "aws_cognito_user_pool_client", "this")
    assert "allowed_oauth_scopes" not in client
    assert client["explicit_auth_flows"] == ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
