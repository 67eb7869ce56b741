"""The embedded Cognito holds each environment's identity resources exactly as the stack declares them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from modules.errors import EmulatorError
from modules.local.cognito import EmbeddedCognito
from tests.conftest import ENVIRONMENTS, load_stack
from tests.local.conftest import RunningStack


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_the_user_pool_is_created_as_declared(
    running: Callable[[str], RunningStack], synth_dir: Path, environment: str
) -> None:
    stack = running(environment)
    declared = load_stack(synth_dir, environment)["resource"]["aws_cognito_user_pool"]["this"]
    pool = stack.admin().describe_user_pool(UserPoolId=stack.pool_id)["UserPool"]
    assert pool["Name"] == declared["name"] == f"cognito-http-api-{environment}"
    policy, wanted = pool["Policies"]["PasswordPolicy"], declared["password_policy"]
    assert policy == {
        "MinimumLength": wanted["minimum_length"],
        "RequireLowercase": wanted["require_lowercase"],
        "RequireNumbers": wanted["require_numbers"],
        "RequireSymbols": wanted["require_symbols"],
        "RequireUppercase": wanted["require_uppercase"],
        "TemporaryPasswordValidityDays": wanted["temporary_password_validity_days"],
    }
    assert pool["UsernameAttributes"] == declared["username_attributes"] == ["email"]
    assert pool["AutoVerifiedAttributes"] == declared["auto_verified_attributes"]
    assert pool["UsernameConfiguration"] == {"CaseSensitive": False}
    assert pool["MfaConfiguration"] == declared["mfa_configuration"]
    assert pool["DeletionProtection"] == declared["deletion_protection"]
    assert pool["AccountRecoverySetting"] == {"RecoveryMechanisms": [{"Name": "verified_email", "Priority": 1}]}
    assert pool["UserPoolTier"] == declared["user_pool_tier"] == "ESSENTIALS"
    assert pool["UserPoolAddOns"] == {"AdvancedSecurityMode": "OFF"}
    mfa = stack.admin().get_user_pool_mfa_config(UserPoolId=stack.pool_id)
    assert mfa["MfaConfiguration"] == declared["mfa_configuration"]
    assert mfa["SoftwareTokenMfaConfiguration"] == {"Enabled": declared["software_token_mfa_configuration"]["enabled"]}
    assert stack.deployment.skipped == [  # moto keeps no managed login version, and has no branding
        "aws_cognito_user_pool_domain.this.managed_login_version",
        "aws_cognito_managed_login_branding.web",
    ]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
@pytest.mark.parametrize("name", ["web", "service"])
def test_every_client_is_created_as_declared(
    running: Callable[[str], RunningStack], synth_dir: Path, environment: str, name: str
) -> None:
    stack = running(environment)
    declared = load_stack(synth_dir, environment)["resource"]["aws_cognito_user_pool_client"][name]
    client_id = stack.deployment.client_ids[f"aws_cognito_user_pool_client.{name}"]
    client = stack.admin().describe_user_pool_client(UserPoolId=stack.pool_id, ClientId=client_id)["UserPoolClient"]
    assert client["ClientName"] == declared["name"] == f"cognito-http-api-{environment}-{name}"
    assert ("ClientSecret" in client) is declared["generate_secret"] is (name == "service")
    assert client["ExplicitAuthFlows"] == declared["explicit_auth_flows"]
    assert client["AccessTokenValidity"] == declared["access_token_validity"]
    assert client["IdTokenValidity"] == declared["id_token_validity"]
    assert client["RefreshTokenValidity"] == declared["refresh_token_validity"]
    assert client["TokenValidityUnits"] == {"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"}
    assert client["AllowedOAuthFlows"] == declared["allowed_oauth_flows"]
    assert client["AllowedOAuthFlows"] == (["client_credentials"] if name == "service" else ["code"])
    assert client["AllowedOAuthFlowsUserPoolClient"] is True
    assert client["AllowedOAuthScopes"] == declared["allowed_oauth_scopes"]
    assert client["SupportedIdentityProviders"] == ["COGNITO"]
    assert client.get("CallbackURLs") == declared.get("callback_urls")
    assert client.get("LogoutURLs") == declared.get("logout_urls")
    assert client["PreventUserExistenceErrors"] == "ENABLED"


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_the_resource_server_and_the_domain_are_created_as_declared(
    running: Callable[[str], RunningStack], synth_dir: Path, environment: str
) -> None:
    stack = running(environment)
    resources = load_stack(synth_dir, environment)["resource"]
    server_declared = resources["aws_cognito_resource_server"]["this"]
    server = stack.admin().describe_resource_server(UserPoolId=stack.pool_id, Identifier="cognito-http-api")
    assert server["ResourceServer"]["Name"] == server_declared["name"]
    assert server["ResourceServer"]["Scopes"] == [
        {"ScopeName": "reports.read", "ScopeDescription": "Grants the reports.read scope"}
    ]
    prefix = resources["aws_cognito_user_pool_domain"]["this"]["domain"]
    assert prefix == f"example-http-api-{environment}"
    assert stack.deployment.values["aws_cognito_user_pool_domain.this.id"] == prefix
    fresh = stack.cognito.deploy(stack.description)  # moto keeps one domain table per process: the last one wins
    domain = stack.admin().describe_user_pool_domain(Domain=prefix)["DomainDescription"]
    assert (domain["Domain"], domain["UserPoolId"]) == (prefix, fresh.pool_ids["aws_cognito_user_pool.this"])


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_references_resolve_to_the_created_ids_and_discovery_announces_the_issuer(
    running: Callable[[str], RunningStack], environment: str
) -> None:
    stack = running(environment)
    values = stack.deployment.values
    assert values["aws_cognito_user_pool.this.id"] == stack.pool_id
    assert values["aws_cognito_user_pool_client.web.id"] == stack.client_id
    assert values["aws_cognito_user_pool_client.service.id"] != stack.client_id
    assert values["aws_cognito_user_pool.this.endpoint"] == f"cognito-idp.eu-west-1.amazonaws.com/{stack.pool_id}"
    assert values["data.aws_region.current.region"] == "eu-west-1"
    assert stack.issuer == f"https://cognito-idp.eu-west-1.amazonaws.com/{stack.pool_id}"
    jwks_uri = stack.cognito.jwks_uri(stack.issuer)
    assert jwks_uri == f"{stack.cognito.endpoint}/{stack.pool_id}/.well-known/jwks.json"
    keys = requests.get(jwks_uri, timeout=10).json()["keys"]
    assert [(k["kid"], k["alg"], k["kty"]) for k in keys] == [("dummy", "RS256", "RSA")]


def test_discovery_refuses_an_issuer_that_is_not_one_of_its_pools(running: Callable[[str], RunningStack]) -> None:
    cognito = running("dev").cognito
    with pytest.raises(EmulatorError, match="is not a user pool of the embedded Cognito"):
        cognito.jwks_uri("https://login.example.com/")
    with pytest.raises(EmulatorError, match="is not a user pool of the embedded Cognito"):
        cognito.jwks_uri("https://cognito-idp.us-west-2.amazonaws.com/us-west-2_abc")


def test_an_argument_the_emulator_cannot_apply_is_listed_not_dropped(running: Callable[[str], RunningStack]) -> None:
    description = running("dev").description
    pool = description.user_pools[0]
    extended = type(pool)(
        pool.type,
        pool.name,
        False,
        {
            **pool.arguments,
            "lambda_config": {"pre_sign_up": "${aws_lambda_function.trigger.arn}"},
            "user_pool_tier": "ESSENTIALS",
        },
    )
    changed = type(description)(**{**description.__dict__, "user_pools": (extended,)})
    with EmbeddedCognito("eu-west-1") as cognito:
        deployment = cognito.deploy(changed)
    assert sorted(deployment.skipped) == [
        "aws_cognito_managed_login_branding.web",
        "aws_cognito_user_pool.this.lambda_config",
        "aws_cognito_user_pool_domain.this.managed_login_version",
    ]
    assert set(deployment.pool_ids) == {"aws_cognito_user_pool.this"}


def test_a_stopped_emulator_has_no_endpoint() -> None:
    cognito = EmbeddedCognito("eu-west-1").start()
    endpoint = cognito.endpoint
    assert requests.get(f"{endpoint}/moto-api/", timeout=10).status_code == 200
    cognito.stop()
    with pytest.raises(EmulatorError, match="not running"):
        cognito.endpoint  # noqa: B018
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{endpoint}/moto-api/", timeout=10)
