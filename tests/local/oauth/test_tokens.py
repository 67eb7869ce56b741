"""Tokens of the sign-in domain: Cognito's claims, the client's validities, and the JWT authorizer's verdicts.

The authorizer is the emulator's own (`modules/local/jwt_authorizer.py`), fed the pool's JWKS over HTTP: it must
take these tokens exactly as API Gateway takes Cognito's (machine tokens by `client_id`, user id tokens by `aud`).
"""

from __future__ import annotations

from collections.abc import Sequence

import jwt
import pytest

from modules.local.jwt_authorizer import AuthorizationDenied, JwtAuthorizer
from modules.local.oauth.clients import AppClient
from modules.local.oauth.signing import SigningKey
from modules.local.oauth.store import ExpiringStore
from modules.local.oauth.tokens import Grantee, RefreshGrant, TokenIssuer
from modules.local.oauth.users import User
from tests.local.oauth.conftest import SCOPE, OAuthPool
from tests.local.oauth.flows import claims, code_for, exchange, machine_token

HEADER = "$request.header.Authorization"


def authorizer(pool: OAuthPool, audience: Sequence[str] = ("web", "service")) -> JwtAuthorizer:
    """The API's authorizer for the test pool: audience = the named clients, as the synthesized stacks have it."""
    return JwtAuthorizer(
        issuer=pool.issuer,
        audience=[pool.client(name).client_id for name in audience],
        identity_sources=[HEADER],
        jwks_uri=pool.cognito.jwks_uri(pool.issuer),
    )


def verdict(pool: OAuthPool, token: str, scopes: Sequence[str] = (SCOPE,)) -> int:
    """200 when the authorizer lets the token through a route needing `scopes`, else its 401 or 403."""
    try:
        authorizer(pool).authorize({"Authorization": f"Bearer {token}"}, {}, scopes)
    except AuthorizationDenied as denied:
        return denied.status
    return 200


def test_a_machine_token_passes_by_client_id_and_scope(pool: OAuthPool) -> None:
    token = machine_token(pool).json()["access_token"]
    assert "aud" not in claims(token)
    assert verdict(pool, token) == 200
    assert verdict(pool, token, ()) == 200


def test_a_code_flow_token_with_the_scope_passes_and_its_id_token_passes_by_aud(pool: OAuthPool) -> None:
    code, verifier, _ = code_for(pool)
    body = exchange(pool, code, verifier).json()
    assert verdict(pool, body["access_token"]) == 200
    assert verdict(pool, body["id_token"], ()) == 200
    assert verdict(pool, body["id_token"]) == 403  # an id token has no scope


def test_password_flow_and_unscoped_tokens_are_forbidden_on_a_scoped_route(pool: OAuthPool) -> None:
    password_flow = pool.api.initiate_auth(
        ClientId=pool.client("web").client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": pool.email, "PASSWORD": pool.password},
    )["AuthenticationResult"]["AccessToken"]
    code, verifier, _ = code_for(pool, scope="openid email")
    openid_only = exchange(pool, code, verifier).json()["access_token"]
    for token in (password_flow, openid_only):
        assert verdict(pool, token) == 403
        assert verdict(pool, token, ()) == 200


def test_a_client_outside_the_audience_is_unauthorized(pool: OAuthPool) -> None:
    code, verifier, _ = code_for(pool, client="confidential")
    token = exchange(pool, code, verifier, client="confidential").json()["access_token"]
    assert verdict(pool, token) == 401


def test_tokens_verify_with_the_pools_jwks_and_name_its_key(pool: OAuthPool) -> None:
    token = machine_token(pool).json()["access_token"]
    assert jwt.get_unverified_header(token) == {"alg": "RS256", "kid": "dummy", "typ": "JWT"}
    key = jwt.PyJWKClient(pool.cognito.jwks_uri(pool.issuer), timeout=10).get_signing_key_from_jwt(token)
    decoded = jwt.decode(token, key.key, algorithms=["RS256"], issuer=pool.issuer)
    assert decoded["client_id"] == pool.client("service").client_id


def lab_client(**validity: int) -> AppClient:
    seconds = {"AccessToken": 3600, "IdToken": 3600, "RefreshToken": 86400, **validity}
    return AppClient("lab-client", "lab", None, ("code",), ("openid",), ("http://localhost/cb",), (), None, seconds)


def test_the_issuer_uses_the_clients_validities_and_cognitos_attribute_types() -> None:
    refresh_tokens: ExpiringStore[RefreshGrant] = ExpiringStore()
    issuer = TokenIssuer(SigningKey(), "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_lab", refresh_tokens)
    user = User("u-1", "CONFIRMED", {"sub": "s-1", "email": "a@example.com", "email_verified": "true"})
    body = issuer("authorization_code", lab_client(AccessToken=300, IdToken=600), Grantee(user, 1000, "n"), "openid")
    access, identity = claims(body["access_token"]), claims(body["id_token"])
    assert body["expires_in"] == 300
    assert access["exp"] - access["iat"] == 300
    assert identity["exp"] - identity["iat"] == 600
    assert (access["auth_time"], identity["auth_time"], identity["nonce"]) == (1000, 1000, "n")
    assert identity["email_verified"] is True
    grant = refresh_tokens.get(body["refresh_token"])
    assert grant is not None
    assert (grant.client_id, grant.scope, grant.grantee.user.username) == ("lab-client", "openid", "u-1")


@pytest.mark.parametrize("include_refresh_token", [True, False])
def test_machine_tokens_never_come_with_id_or_refresh_tokens(include_refresh_token: bool) -> None:
    refresh_tokens: ExpiringStore[RefreshGrant] = ExpiringStore()
    issuer = TokenIssuer(SigningKey(), "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_lab", refresh_tokens)
    body = issuer("client_credentials", lab_client(), None, "openid", include_refresh_token=include_refresh_token)
    assert set(body) == {"access_token", "expires_in", "token_type"}
