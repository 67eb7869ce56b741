"""The token endpoint over real HTTP: the three grants, PKCE S256, and RFC 6749 §5.2 errors."""

from __future__ import annotations

import base64
import hashlib

import pytest
import requests

from tests.local.oauth.conftest import SCOPE, OAuthPool
from tests.local.oauth.flows import claims, code_for, exchange, machine_token, pkce_pair, token_request

ACCESS_CLAIMS = {"sub", "iss", "client_id", "token_use", "scope", "auth_time", "iat", "exp", "jti"}


def assert_error(response: requests.Response, status: int, error: str) -> None:
    """An RFC 6749 §5.2 error: the status, a JSON body with `error`, never cached."""
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.json()["error"] == error


def test_client_credentials_with_http_basic_gives_a_cognito_machine_token(pool: OAuthPool) -> None:
    response = machine_token(pool)
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"access_token", "expires_in", "token_type"}
    assert (body["token_type"], body["expires_in"]) == ("Bearer", 1800)  # the client's 30 minutes
    token = claims(body["access_token"])
    assert set(token) == ACCESS_CLAIMS  # no aud, no username, no version
    service = pool.client("service").client_id
    assert (token["sub"], token["client_id"], token["iss"]) == (service, service, pool.issuer)
    assert (token["token_use"], token["scope"]) == ("access", SCOPE)
    assert token["exp"] - token["iat"] == 1800
    assert token["auth_time"] == token["iat"]


def test_client_credentials_in_the_body_and_an_explicit_scope(pool: OAuthPool) -> None:
    service = pool.client("service")
    assert service.secret is not None
    data = {"grant_type": "client_credentials", "client_id": service.client_id, "client_secret": service.secret}
    response = token_request(pool, {**data, "scope": SCOPE})
    assert response.status_code == 200, response.text
    assert claims(response.json()["access_token"])["scope"] == SCOPE


@pytest.mark.parametrize("scope", ["openid", "api/reports.write", f"{SCOPE} email"])
def test_a_scope_the_client_may_not_have_is_invalid_scope(pool: OAuthPool, scope: str) -> None:
    assert_error(machine_token(pool, scope=scope), 400, "invalid_scope")


def test_bad_client_credentials_are_invalid_client_401_however_they_are_sent(pool: OAuthPool) -> None:
    service = pool.client("service")
    grant = {"grant_type": "client_credentials"}
    wrong_basic = token_request(pool, grant, auth=(service.client_id, "wrong"))
    assert_error(wrong_basic, 401, "invalid_client")
    assert wrong_basic.headers["WWW-Authenticate"].startswith("Basic ")
    attempts = [
        {**grant, "client_id": service.client_id, "client_secret": "wrong"},
        {**grant, "client_id": "no-such-client", "client_secret": "x"},
        {**grant, "client_id": service.client_id},  # a confidential client without its secret
        {**grant, "client_id": pool.client("web").client_id},  # a public client cannot use client_credentials
        grant,
    ]
    for data in attempts:
        assert_error(token_request(pool, data), 401, "invalid_client")
    assert_error(token_request(pool, grant, auth=("no-such-client", "x")), 401, "invalid_client")


def test_unsupported_and_missing_grant_types(pool: OAuthPool) -> None:
    assert_error(machine_token(pool, grant_type="password"), 400, "unsupported_grant_type")
    service = pool.client("service")
    assert service.secret is not None
    missing = token_request(pool, {}, auth=(service.client_id, service.secret))
    assert_error(missing, 400, "invalid_request")


def test_a_client_without_the_grant_is_unauthorized_client(pool: OAuthPool) -> None:
    confidential = pool.client("confidential")  # code flow only
    assert confidential.secret is not None
    grant = {"grant_type": "client_credentials"}
    response = token_request(pool, grant, auth=(confidential.client_id, confidential.secret))
    assert_error(response, 400, "unauthorized_client")
    code, verifier, _ = code_for(pool)
    service = pool.client("service")
    assert service.secret is not None
    data = {"grant_type": "authorization_code", "code": code, "code_verifier": verifier}
    assert_error(token_request(pool, data, auth=(service.client_id, service.secret)), 400, "unauthorized_client")


def test_the_code_flow_gives_access_id_and_refresh_tokens_as_cognito_makes_them(pool: OAuthPool) -> None:
    code, verifier, params = code_for(pool, scope=f"openid email {SCOPE}")
    response = exchange(pool, code, verifier)
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"access_token", "id_token", "refresh_token", "expires_in", "token_type"}
    web = pool.client("web").client_id
    access = claims(body["access_token"])
    assert set(access) == ACCESS_CLAIMS | {"username", "version"}
    user = pool.api.admin_get_user(UserPoolId=pool.pool_id, Username=pool.email)
    sub = next(a["Value"] for a in user["UserAttributes"] if a["Name"] == "sub")
    assert (access["sub"], access["username"], access["version"]) == (sub, user["Username"], 2)
    assert (access["client_id"], access["scope"], access["iss"]) == (web, f"openid email {SCOPE}", pool.issuer)
    identity = claims(body["id_token"])
    assert (identity["aud"], identity["token_use"], identity["sub"]) == (web, "id", sub)
    assert (identity["email"], identity["cognito:username"]) == (pool.email, user["Username"])
    assert identity["nonce"] == params["nonce"]
    assert identity["auth_time"] == access["auth_time"]
    half = hashlib.sha256(body["access_token"].encode()).digest()[:16]
    assert identity["at_hash"] == base64.urlsafe_b64encode(half).rstrip(b"=").decode()
    assert "aud" not in access


def test_no_openid_scope_means_no_id_token(pool: OAuthPool) -> None:
    code, verifier, _ = code_for(pool, scope=SCOPE)
    body = exchange(pool, code, verifier).json()
    assert set(body) == {"access_token", "refresh_token", "expires_in", "token_type"}


def test_a_code_is_redeemed_once_only(pool: OAuthPool) -> None:
    code, verifier, _ = code_for(pool)
    assert exchange(pool, code, verifier).status_code == 200
    assert_error(exchange(pool, code, verifier), 400, "invalid_grant")


def test_pkce_is_checked_with_s256(pool: OAuthPool) -> None:
    code, _, _ = code_for(pool)
    other_verifier, _ = pkce_pair()
    assert_error(exchange(pool, code, other_verifier), 400, "invalid_grant")
    code, _, _ = code_for(pool)
    web = pool.client("web").client_id
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": pool.callback_url, "client_id": web}
    assert_error(token_request(pool, data), 400, "invalid_request")  # no code_verifier


def test_the_code_is_bound_to_its_redirect_uri_and_client(pool: OAuthPool) -> None:
    code, verifier, _ = code_for(pool)
    web = pool.client("web").client_id
    data = {"grant_type": "authorization_code", "code": code, "code_verifier": verifier, "client_id": web}
    assert_error(token_request(pool, {**data, "redirect_uri": pool.logout_url}), 400, "invalid_grant")
    code, verifier, _ = code_for(pool)
    assert_error(exchange(pool, code, verifier, client="confidential"), 400, "invalid_grant")
    data = {"grant_type": "authorization_code", "client_id": web, "redirect_uri": pool.callback_url}
    assert_error(token_request(pool, data), 400, "invalid_request")  # no code


def test_a_confidential_client_signs_in_and_redeems_with_its_secret(pool: OAuthPool) -> None:
    code, verifier, _ = code_for(pool, client="confidential")
    response = exchange(pool, code, verifier, client="confidential")
    assert response.status_code == 200, response.text
    assert claims(response.json()["access_token"])["client_id"] == pool.client("confidential").client_id


def test_refresh_gives_new_access_and_id_tokens_and_keeps_the_refresh_token(pool: OAuthPool) -> None:
    code, verifier, _ = code_for(pool)
    first = exchange(pool, code, verifier).json()
    web = pool.client("web").client_id
    data = {"grant_type": "refresh_token", "refresh_token": first["refresh_token"], "client_id": web}
    for _ in range(2):  # no rotation: the same refresh token works again
        response = token_request(pool, data)
        assert response.status_code == 200, response.text
        body = response.json()
        assert set(body) == {"access_token", "id_token", "expires_in", "token_type"}
        access, original = claims(body["access_token"]), claims(first["access_token"])
        assert access["jti"] != original["jti"]
        for claim in ("sub", "username", "scope", "auth_time", "client_id"):
            assert access[claim] == original[claim]
        assert "nonce" not in claims(body["id_token"])


def test_a_refresh_token_is_for_its_own_client_only(pool: OAuthPool) -> None:
    code, verifier, _ = code_for(pool)
    refresh = exchange(pool, code, verifier).json()["refresh_token"]
    confidential = pool.client("confidential")
    assert confidential.secret is not None
    data = {"grant_type": "refresh_token", "refresh_token": refresh}
    assert_error(token_request(pool, data, auth=(confidential.client_id, confidential.secret)), 400, "invalid_grant")
    bogus = {**data, "refresh_token": "not-a-refresh-token", "client_id": pool.client("web").client_id}
    assert_error(token_request(pool, bogus), 400, "invalid_grant")
    wider = {**data, "client_id": pool.client("web").client_id, "scope": f"openid email {SCOPE}"}
    assert_error(token_request(pool, wider), 400, "invalid_scope")  # more than was granted at sign-in
