"""App clients: interactive (code flow with PKCE, password flow, SRP, refresh) and machine (client_credentials)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ENVIRONMENTS, MINIMAL_CONFIG, resource, resources

UNITS = [{"access_token": "minutes", "id_token": "minutes", "refresh_token": "days"}]


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_interactive_client_has_no_secret_the_code_flow_and_the_user_flows(stacks: dict[str, Any], env: str) -> None:
    web = resource(stacks[env], "aws_cognito_user_pool_client", "web")
    assert web["name"] == f"cognito-http-api-{env}-web"
    assert web["user_pool_id"] == "${aws_cognito_user_pool.this.id}"
    assert web["generate_secret"] is False
    assert web["explicit_auth_flows"] == ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    assert web["allowed_oauth_flows"] == ["code"]
    assert web["allowed_oauth_flows_user_pool_client"] is True
    assert web["allowed_oauth_scopes"] == ["openid", "email", "cognito-http-api/reports.read"]
    assert web["supported_identity_providers"] == ["COGNITO"]
    assert web["prevent_user_existence_errors"] == "ENABLED"
    assert web["enable_token_revocation"] is True
    assert web["token_validity_units"] == UNITS
    assert web["depends_on"] == ["aws_cognito_resource_server.this"]


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_machine_client_has_a_secret_and_client_credentials_only(stacks: dict[str, Any], env: str) -> None:
    service = resource(stacks[env], "aws_cognito_user_pool_client", "service")
    assert service["generate_secret"] is True
    assert service["allowed_oauth_flows"] == ["client_credentials"]
    assert service["allowed_oauth_scopes"] == ["cognito-http-api/reports.read"]
    assert service["explicit_auth_flows"] == ["ALLOW_REFRESH_TOKEN_AUTH"]
    assert "callback_urls" not in service
    assert set(resources(stacks[env], "aws_cognito_user_pool_client")) == {"web", "service"}


def test_callback_urls_and_token_validities_follow_the_environment(stacks: dict[str, Any]) -> None:
    dev = resource(stacks["dev"], "aws_cognito_user_pool_client", "web")
    prod = resource(stacks["prod"], "aws_cognito_user_pool_client", "web")
    assert dev["callback_urls"] == ["https://localhost:3000/callback"]
    assert prod["callback_urls"] == ["https://app.example.com/callback"]
    assert prod["logout_urls"] == ["https://app.example.com/"]
    assert (dev["access_token_validity"], dev["id_token_validity"]) == (60, 60)
    assert (prod["access_token_validity"], prod["id_token_validity"]) == (30, 30)


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_interactive_clients_get_cognito_styled_managed_login(stacks: dict[str, Any], env: str) -> None:
    assert resources(stacks[env], "aws_cognito_managed_login_branding") == {
        "web": {
            "client_id": "${aws_cognito_user_pool_client.web.id}",
            "user_pool_id": "${aws_cognito_user_pool.this.id}",
            "use_cognito_provided_values": True,
            "depends_on": ["aws_cognito_user_pool_domain.this"],
        }
    }


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_client_ids_are_outputs_and_secrets_are_not(stacks: dict[str, Any], env: str) -> None:
    outputs = stacks[env]["output"]
    assert outputs["client_ids"]["value"] == {
        "service": "${aws_cognito_user_pool_client.service.id}",
        "web": "${aws_cognito_user_pool_client.web.id}",
    }
    assert "client_secret" not in str(outputs)


def test_client_names_are_resource_names(synth_config: Any) -> None:
    stacks = synth_config(
        MINIMAL_CONFIG.replace("[defaults.clients.web]", "[defaults.clients.web-app]")
        + '[[defaults.routes]]\nroute_key = "GET /example"\n[environments.qa]\n'
    )
    client = resource(stacks["qa"], "aws_cognito_user_pool_client", "web_app")
    assert client["name"] == "demo-api-qa-web-app"
    assert "cognito-http-api" not in str(client)
