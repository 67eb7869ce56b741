"""Terraform arguments of the Cognito resources become Cognito API requests, or are listed as skipped."""

from __future__ import annotations

from modules.local.cognito_requests import DOMAIN_ARGUMENTS, api_name, api_request, api_value
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
