"""Terraform arguments of the Cognito resources become Cognito API requests, or are listed as skipped."""

from __future__ import annotations

from modules.local.cognito_requests import (
    CLIENT_ARGUMENTS,
    DOMAIN_ARGUMENTS,
    PROVIDER_ARGUMENTS,
    api_name,
    api_request,
    api_value,
)
from modules.synth_output.model import Block


def test_terraform_arguments_map_to_cognito_api_members() -> None:
    assert api_name("explicit_auth_flows") == "ExplicitAuthFlows"
    assert api_name("callback_urls") == "CallbackURLs"
    assert api_name("allowed_oauth_flows_user_pool_client") == "AllowedOAuthFlowsUserPoolClient"
    assert api_value("token_validity_units", [{"access_token": "minutes", "id_token": "hours"}]) == {
        "AccessToken": "minutes",
        "IdToken": "hours",
    }
    assert api_value(
        "account_recovery_setting", {"recovery_mechanism": [{"name": "verified_email", "priority": 1}]}
    ) == {"RecoveryMechanisms": [{"Name": "verified_email", "Priority": 1}]}
    assert api_value("scope", [{"scope_name": "a", "scope_description": "b"}]) == [
        {"ScopeName": "a", "ScopeDescription": "b"}
    ]
    assert api_value("tags", {"team_name": "x"}) == {"team_name": "x"}
    assert api_value("provider_details", {"client_id": "x"}) == {"client_id": "x"}


def test_a_domain_request_resolves_references_and_lists_what_moto_ignores() -> None:
    domain = Block(
        "aws_cognito_user_pool_domain",
        "this",
        False,
        {
            "domain": "auth.example.com",
            "user_pool_id": "${aws_cognito_user_pool.this.id}",
            "certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/abc",
            "managed_login_version": 2,
        },
    )
    skipped: list[str] = []
    request = api_request(
        domain, DOMAIN_ARGUMENTS, {"aws_cognito_user_pool.this.id": "eu-west-1_x"}, skipped, name_key=None
    )
    assert request == {
        "Domain": "auth.example.com",
        "UserPoolId": "eu-west-1_x",
        "CustomDomainConfig": {"CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/abc"},
    }
    assert skipped == ["aws_cognito_user_pool_domain.this.managed_login_version"]
    unresolved: list[str] = []
    assert "UserPoolId" not in api_request(domain, DOMAIN_ARGUMENTS, {}, unresolved, name_key=None)
    assert unresolved == [
        "aws_cognito_user_pool_domain.this.user_pool_id",
        "aws_cognito_user_pool_domain.this.managed_login_version",
    ]


def test_an_identity_provider_request_keeps_its_maps_and_lists_the_unresolvable_secret() -> None:
    provider = Block(
        "aws_cognito_identity_provider",
        "corp",
        False,
        {
            "provider_name": "corp",
            "provider_type": "OIDC",
            "user_pool_id": "${aws_cognito_user_pool.this.id}",
            "provider_details": {"client_id": "pool", "client_secret": "${data.aws_ssm_parameter.corp.value}"},
            "attribute_mapping": {"email": "email", "username": "sub"},
        },
    )
    skipped: list[str] = []
    request = api_request(
        provider, PROVIDER_ARGUMENTS, {"aws_cognito_user_pool.this.id": "eu-west-1_x"}, skipped, name_key=None
    )
    assert request == {
        "ProviderName": "corp",
        "ProviderType": "OIDC",
        "UserPoolId": "eu-west-1_x",
        "AttributeMapping": {"email": "email", "username": "sub"},
    }
    assert skipped == ["aws_cognito_identity_provider.corp.provider_details"]


def test_a_clients_supported_identity_providers_resolve_to_the_providers_names() -> None:
    client = Block(
        "aws_cognito_user_pool_client",
        "web",
        False,
        {"supported_identity_providers": ["COGNITO", "${aws_cognito_identity_provider.corp.provider_name}"]},
    )
    values = {"aws_cognito_identity_provider.corp.provider_name": "corp"}
    skipped: list[str] = []
    request = api_request(client, CLIENT_ARGUMENTS, values, skipped, name_key=None)
    assert request == {"SupportedIdentityProviders": ["COGNITO", "corp"]}
    assert skipped == []
    assert api_request(client, CLIENT_ARGUMENTS, {}, skipped, name_key=None) == {}
    assert skipped == ["aws_cognito_user_pool_client.web.supported_identity_providers"]
