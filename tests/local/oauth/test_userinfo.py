"""`/oauth2/userInfo` over real HTTP: attributes by scope; RFC 6750 errors for every token it must refuse."""

from __future__ import annotations

import time

import pytest
import requests

from modules.local.oauth.signing import SigningKey
from modules.local.oauth.userinfo import released
from tests.local.oauth.conftest import SCOPE, OAuthPool
from tests.local.oauth.flows import TIMEOUT, claims, code_for, exchange, machine_token


def user_info(pool: OAuthPool, token: str | None) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return requests.get(f"{pool.domain_url}/oauth2/userInfo", headers=headers, timeout=TIMEOUT)


def user_access_token(pool: OAuthPool, scope: str) -> str:
    code, verifier, _ = code_for(pool, scope=scope)
    return str(exchange(pool, code, verifier).json()["access_token"])


def test_a_user_token_with_openid_reads_the_users_attributes(pool: OAuthPool) -> None:
    token = user_access_token(pool, f"openid email {SCOPE}")
    response = user_info(pool, token)
    assert response.status_code == 200, response.text
    user = pool.api.admin_get_user(UserPoolId=pool.pool_id, Username=pool.email)
    attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert response.json() == {"sub": attributes["sub"], "email": pool.email, "username": user["Username"]}
    posted = requests.post(
        f"{pool.domain_url}/oauth2/userInfo", headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT
    )
    assert posted.json() == response.json()


def test_a_token_without_openid_is_insufficient_scope(pool: OAuthPool) -> None:
    response = user_info(pool, user_access_token(pool, SCOPE))
    assert response.status_code == 403
    assert response.json()["error"] == "insufficient_scope"


def test_password_flow_tokens_are_refused_as_on_aws(pool: OAuthPool) -> None:
    result = pool.api.initiate_auth(
        ClientId=pool.client("web").client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": pool.email, "PASSWORD": pool.password},
    )["AuthenticationResult"]
    assert "openid" not in claims(result["AccessToken"])["scope"].split()
    assert user_info(pool, result["AccessToken"]).status_code == 403
    assert user_info(pool, result["IdToken"]).status_code == 401  # an id token is not an access token


def test_tokens_that_are_not_user_access_tokens_of_the_pool_are_invalid_token(pool: OAuthPool) -> None:
    machine = machine_token(pool).json()["access_token"]
    good = claims(user_access_token(pool, "openid"))
    key = SigningKey()
    now = int(time.time())
    tokens = [
        machine,  # no user
        key.sign({**good, "exp": now - 1}),  # expired
        key.sign({**good, "iss": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_other"}),
        "not-a-jwt",
        user_access_token(pool, "openid")[:-4] + "AAAA",  # signature broken
    ]
    for token in tokens:
        response = user_info(pool, token)
        assert response.status_code == 401, token
        assert response.json()["error"] == "invalid_token"
        assert response.headers["WWW-Authenticate"].startswith("Bearer ")
    missing = user_info(pool, None)
    assert missing.status_code == 401
    assert missing.headers["WWW-Authenticate"].lower().startswith("bearer ")  # schemes are case-insensitive


@pytest.mark.parametrize(
    ("scopes", "expected"),
    [
        (["openid"], {"sub", "email", "email_verified", "phone_number", "name", "custom:team"}),
        (["openid", "email"], {"sub", "email", "email_verified"}),
        (["openid", "phone"], {"sub", "phone_number"}),
        (["openid", "profile"], {"sub", "name", "custom:team"}),
        (["openid", "email", "profile"], {"sub", "email", "email_verified", "name", "custom:team"}),
    ],
)
def test_the_scopes_release_attributes_as_cognito_does(scopes: list[str], expected: set[str]) -> None:
    attributes = {
        "sub": "s",
        "email": "e@example.com",
        "email_verified": "true",
        "phone_number": "+15555550100",
        "name": "N",
        "custom:team": "t",
    }
    assert set(released(attributes, scopes)) == expected
