"""Sign-in checks are the embedded Cognito's: passwords, status, challenges, secret hashes."""

from __future__ import annotations

import secrets

import pytest

from modules.local.oauth.clients import AppClient, PoolClients
from modules.local.oauth.users import INCORRECT, PoolUsers, SignInRefused
from tests.local.oauth.conftest import OAuthPool


def users(pool: OAuthPool) -> PoolUsers:
    return PoolUsers(pool.api, pool.pool_id)


def client(pool: OAuthPool, name: str = "web") -> AppClient:
    found = PoolClients(pool.api, pool.pool_id).find(pool.client(name).client_id)
    assert found is not None
    return found


def test_a_confirmed_user_signs_in_by_email_and_is_known_by_cognitos_username(pool: OAuthPool) -> None:
    user = users(pool).sign_in(pool.email, pool.password, client(pool))
    found = pool.api.admin_get_user(UserPoolId=pool.pool_id, Username=pool.email)
    assert user.username == found["Username"] != pool.email  # email is an alias: the username is a UUID
    assert user.attributes["email"] == pool.email
    assert user.sub == next(a["Value"] for a in found["UserAttributes"] if a["Name"] == "sub")
    assert user.status == "CONFIRMED"


def test_a_client_with_a_secret_signs_in_with_its_secret_hash(pool: OAuthPool) -> None:
    assert users(pool).sign_in(pool.email, pool.password, client(pool, "confidential")).attributes["email"]


@pytest.mark.parametrize(("username", "password"), [("user@example.com", "Wrong-1!aA"), ("ghost@example.com", "x")])
def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(
    pool: OAuthPool, username: str, password: str
) -> None:
    with pytest.raises(SignInRefused) as refused:
        users(pool).sign_in(username, password, client(pool))
    assert refused.value.message == INCORRECT


def test_a_user_with_a_temporary_password_must_answer_the_challenge_first(pool: OAuthPool) -> None:
    email, temporary = f"new-{secrets.token_hex(4)}@example.com", f"Tmp-{secrets.token_hex(6)}-Aa1!"
    pool.api.admin_create_user(
        UserPoolId=pool.pool_id,
        Username=email,
        TemporaryPassword=temporary,
        UserAttributes=[{"Name": "email", "Value": email}],
        MessageAction="SUPPRESS",
    )
    with pytest.raises(SignInRefused, match="NEW_PASSWORD_REQUIRED"):
        users(pool).sign_in(email, temporary, client(pool))


def test_a_disabled_user_cannot_sign_in_and_is_not_found(pool: OAuthPool) -> None:
    email, password = f"off-{secrets.token_hex(4)}@example.com", f"Pw-{secrets.token_hex(6)}-Aa1!"
    pool.api.sign_up(
        ClientId=pool.client("web").client_id,
        Username=email,
        Password=password,
        UserAttributes=[{"Name": "email", "Value": email}],
    )
    pool.api.admin_confirm_sign_up(UserPoolId=pool.pool_id, Username=email)
    assert users(pool).find(email) is not None
    pool.api.admin_disable_user(UserPoolId=pool.pool_id, Username=email)
    assert users(pool).find(email) is None
    with pytest.raises(SignInRefused) as refused:
        users(pool).sign_in(email, password, client(pool))
    assert refused.value.message == INCORRECT
