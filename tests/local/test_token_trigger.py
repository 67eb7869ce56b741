"""The pool's pre-token-generation trigger, offline: the project's own function runs before each access token, so
a password-flow token of a member of `auditors` carries `reports.read` and reaches GET /reports over HTTP."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import pytest
import requests
from botocore.exceptions import ClientError  # type: ignore[import-untyped]

from modules.local.cognito import EmbeddedCognito
from modules.local.lambda_runtime import InvocationError
from modules.local.token_trigger import Trigger, _apply, register, unregister
from tests.local.conftest import RunningStack
from tests.local.tokens import claims_of

SCOPE = "cognito-http-api/reports.read"


def _password_token(stack: RunningStack, *, group: str = "") -> str:
    """A new confirmed user (in `group` when given) signed in with USER_PASSWORD_AUTH: their access token."""
    admin = stack.admin()
    email, password = f"user-{secrets.token_hex(4)}@example.com", f"Pw-{secrets.token_hex(8)}-Aa1!"
    admin.sign_up(ClientId=stack.client_id, Username=email, Password=password,
                  UserAttributes=[{"Name": "email", "Value": email}])  # fmt: skip
    admin.admin_confirm_sign_up(UserPoolId=stack.pool_id, Username=email)
    if group:
        admin.admin_add_user_to_group(UserPoolId=stack.pool_id, Username=email, GroupName=group)
    result = admin.initiate_auth(
        ClientId=stack.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": password},
    )
    return str(result["AuthenticationResult"]["AccessToken"])


@pytest.fixture(scope="module")
def dev(module_api: Callable[..., str], running: Callable[[str], RunningStack]) -> tuple[RunningStack, str]:
    url = module_api("dev")  # builds the API: registers the pool's trigger
    return running("dev"), url


def test_the_stacks_groups_live_in_the_embedded_cognito(dev: tuple[RunningStack, str]) -> None:
    stack, _ = dev
    groups = stack.admin().list_groups(UserPoolId=stack.pool_id)["Groups"]
    assert [(g["GroupName"], g["Description"], g["Precedence"]) for g in groups] == [("auditors", "Read reports", 10)]
    assert "aws_cognito_user_pool.this.lambda_config" not in stack.deployment.skipped


def test_a_members_password_flow_token_reaches_the_scoped_route(dev: tuple[RunningStack, str]) -> None:
    stack, url = dev
    token = _password_token(stack, group="auditors")
    claims = claims_of(token)
    assert claims["scope"].split() == ["aws.cognito.signin.user.admin", SCOPE]
    assert claims["cognito:groups"] == ["auditors"]
    response = requests.get(f"{url}/reports", headers={"authorization": f"Bearer {token}"}, timeout=30)
    assert response.status_code == 200, response.text
    user = stack.admin().get_user(AccessToken=token)  # moto knows the customized token as the one it issued
    assert user["Username"]


def test_a_non_members_password_flow_token_is_still_forbidden(dev: tuple[RunningStack, str]) -> None:
    stack, url = dev
    token = _password_token(stack)
    assert claims_of(token)["scope"] == "aws.cognito.signin.user.admin"
    response = requests.get(f"{url}/reports", headers={"authorization": f"Bearer {token}"}, timeout=30)
    assert response.status_code == 403
    assert requests.get(f"{url}/example", headers={"authorization": f"Bearer {token}"}, timeout=30).status_code == 200


def test_a_client_credentials_token_is_left_alone_by_a_v2_trigger(dev: tuple[RunningStack, str]) -> None:
    stack, _ = dev
    service = stack.info("http://unused").clients["service"]
    response = requests.post(
        f"{stack.sign_in.url}/oauth2/token",
        data={"grant_type": "client_credentials", "scope": SCOPE},
        auth=(str(service["client_id"]), str(service["client_secret"])),
        timeout=30,
    )
    assert response.status_code == 200, response.text
    assert claims_of(response.json()["access_token"])["scope"] == SCOPE


RESPONSES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "adds and suppresses scopes": (
        {"accessTokenGeneration": {"scopesToAdd": ["a/x", "s1"], "scopesToSuppress": ["s2"]}},
        {"scope": "s1 a/x"},
    ),
    "adds claims but never protected ones": (
        {"accessTokenGeneration": {"claimsToAddOrOverride": {"team": "blue", "sub": "x"}, "claimsToSuppress": ["iat"]}},
        {"scope": "s1 s2", "team": "blue"},
    ),
    "overrides groups": (
        {"groupOverrideDetails": {"groupsToOverride": ["b"]}},
        {"scope": "s1 s2", "cognito:groups": ["b"]},
    ),
}


@pytest.mark.parametrize(("details", "changed"), RESPONSES.values(), ids=RESPONSES.keys())
def test_a_triggers_response_changes_the_access_token_as_cognito_documents(
    details: dict[str, Any], changed: dict[str, Any]
) -> None:
    claims = {"sub": "u", "iat": 1, "scope": "s1 s2", "cognito:groups": ["a"]}
    result = _apply(claims, {"response": {"claimsAndScopeOverrideDetails": details}})
    assert result == {**claims, **changed}


class _Failing:
    """Stands in for a `LocalFunction` whose handler raises."""

    def invoke(self, event: dict[str, Any]) -> Any:
        raise InvocationError(f"trigger: KeyError: {sorted(event)[0]}")


def test_a_failing_trigger_refuses_the_sign_in() -> None:
    with EmbeddedCognito("eu-west-1") as cognito:
        api = cognito.client()
        pool = api.create_user_pool(PoolName="failing")["UserPool"]["Id"]
        flows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
        client = api.create_user_pool_client(UserPoolId=pool, ClientName="c", ExplicitAuthFlows=flows)
        api.admin_create_user(UserPoolId=pool, Username="someone")
        api.admin_set_user_password(UserPoolId=pool, Username="someone", Password="Pw-12345678-Aa1!", Permanent=True)
        register(pool, Trigger(_Failing(), "V2_0", "eu-west-1"))  # type: ignore[arg-type]
        try:
            with pytest.raises(ClientError) as caught:
                api.initiate_auth(
                    ClientId=client["UserPoolClient"]["ClientId"],
                    AuthFlow="USER_PASSWORD_AUTH",
                    AuthParameters={"USERNAME": "someone", "PASSWORD": "Pw-12345678-Aa1!"},
                )
        finally:
            unregister(pool)
    assert caught.value.response["Error"]["Code"] == "UserLambdaValidationException"
    assert "PreTokenGeneration failed with error trigger: KeyError: callerContext." in str(caught.value)
