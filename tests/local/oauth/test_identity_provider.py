"""The stand-in OpenID Provider on its own, over real HTTP on 127.0.0.1, driven by Authlib's client as the sign-in
domain drives it: discovery, the sign-in page, codes, ID tokens verified with its JWKS (joserfc), userinfo, and the
refusals of RFC 6749 and RFC 6750."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import requests
from authlib.integrations.base_client.errors import OAuthError  # type: ignore[import-untyped]
from authlib.integrations.requests_client import OAuth2Session  # type: ignore[import-untyped]
from joserfc import jwt
from joserfc.jwk import KeySet

from modules.local.oauth.identity_provider import DEMO_USERNAMES
from modules.local.oauth.identity_provider_app import IdentityProviderServer
from tests.local.oauth.flows import TIMEOUT, query

REDIRECT_URI = "http://127.0.0.1:9/oauth2/idpresponse"


@dataclass(frozen=True)
class StandIn:
    """The stand-in, served, with one registered client (the pool) and its details."""

    server: IdentityProviderServer
    details: dict[str, str]

    def session(self, scope: str = "openid email profile") -> OAuth2Session:
        session = OAuth2Session(
            self.details["client_id"], self.details["client_secret"], scope=scope, redirect_uri=REDIRECT_URI
        )
        session.trust_env = False
        return session

    def password(self, username: str) -> str:
        return next(user["password"] for user in self.server.demo_users() if user["username"] == username)


@pytest.fixture(scope="module")
def idp() -> Iterator[StandIn]:
    with IdentityProviderServer() as server:
        declared = {"client_id": "cognito-pool", "authorize_scopes": "openid email profile"}
        yield StandIn(server, server.app.provider_details(declared, REDIRECT_URI))


def _code(idp: StandIn, session: OAuth2Session, username: str = "alice", nonce: str = "n-1") -> str:
    url, state = session.create_authorization_url(idp.details["authorize_url"], nonce=nonce)
    page = requests.get(url, timeout=TIMEOUT)
    assert page.status_code == 200
    assert "cognito-pool asks for: openid email profile" in page.text
    answer = requests.post(
        url, data={"username": username, "password": idp.password(username)}, allow_redirects=False, timeout=TIMEOUT
    )
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith(REDIRECT_URI)
    returned = query(answer.headers["Location"])
    assert returned["state"] == state
    return returned["code"]


def test_the_details_point_the_pool_at_the_stand_in(idp: StandIn) -> None:
    url = idp.server.url
    assert idp.details["oidc_issuer"] == url
    assert idp.details["client_id"] == "cognito-pool"
    assert len(idp.details["client_secret"]) >= 32
    assert (idp.details["authorize_url"], idp.details["token_url"]) == (f"{url}/authorize", f"{url}/token")
    assert (idp.details["attributes_url"], idp.details["jwks_uri"]) == (f"{url}/userinfo", f"{url}/jwks")
    metadata = requests.get(f"{url}/.well-known/openid-configuration", timeout=TIMEOUT).json()
    assert metadata["issuer"] == url
    assert metadata["token_endpoint_auth_methods_supported"] == ["client_secret_basic", "client_secret_post"]
    assert [user["username"] for user in idp.server.demo_users()] == list(DEMO_USERNAMES)


def test_a_code_gives_an_id_token_signed_by_its_jwks_and_userinfo(idp: StandIn) -> None:
    session = idp.session()
    token = session.fetch_token(idp.details["token_url"], code=_code(idp, session), timeout=TIMEOUT)
    keys = KeySet.import_key_set(requests.get(idp.details["jwks_uri"], timeout=TIMEOUT).json())
    verified = jwt.decode(token["id_token"], keys, algorithms=["RS256"])
    alice = next(user for user in idp.server.demo_users() if user["username"] == "alice")
    assert verified.claims["iss"] == idp.server.url
    assert verified.claims["aud"] == ["cognito-pool"]
    assert verified.claims["nonce"] == "n-1"
    assert verified.claims["sub"] == alice["sub"]
    assert verified.claims["email"] == "alice@example.com"
    assert verified.claims["preferred_username"] == "alice"
    userinfo = session.get(idp.details["attributes_url"], timeout=TIMEOUT).json()
    assert userinfo == {
        "sub": alice["sub"],
        "email": "alice@example.com",
        "email_verified": True,
        "name": "Alice",
        "preferred_username": "alice",
    }
    posted = session.post(idp.details["attributes_url"], timeout=TIMEOUT)
    assert posted.json()["sub"] == alice["sub"]


def test_a_code_is_redeemed_once_and_only_with_the_secret(idp: StandIn) -> None:
    session = idp.session()
    code = _code(idp, session, "bob")
    wrong = OAuth2Session("cognito-pool", "not-the-secret", redirect_uri=REDIRECT_URI)
    with pytest.raises(OAuthError) as refused:
        wrong.fetch_token(idp.details["token_url"], code=code, timeout=TIMEOUT)
    assert refused.value.error == "invalid_client"
    code = _code(idp, session, "bob")
    session.fetch_token(idp.details["token_url"], code=code, timeout=TIMEOUT)
    with pytest.raises(OAuthError) as replayed:
        idp.session().fetch_token(idp.details["token_url"], code=code, timeout=TIMEOUT)
    assert replayed.value.error == "invalid_grant"


def test_userinfo_wants_a_live_bearer_token(idp: StandIn) -> None:
    url = idp.details["attributes_url"]
    missing = requests.get(url, timeout=TIMEOUT)
    assert missing.status_code == 401
    assert missing.json()["error"] == "missing_authorization"
    forged = requests.get(url, headers={"Authorization": "Bearer forged"}, timeout=TIMEOUT)
    assert forged.status_code == 401
    assert forged.json()["error"] == "invalid_token"


def test_the_sign_in_page_refuses_wrong_passwords_and_cancel_is_access_denied(idp: StandIn) -> None:
    url, state = idp.session().create_authorization_url(idp.details["authorize_url"])
    wrong = requests.post(url, data={"username": "alice", "password": "nope"}, timeout=TIMEOUT)
    assert wrong.status_code == 401
    assert "Incorrect username or password." in wrong.text
    assert 'value="alice"' in wrong.text
    cancelled = requests.post(url, data={"cancel": "1"}, allow_redirects=False, timeout=TIMEOUT)
    assert cancelled.status_code == 302
    assert query(cancelled.headers["Location"]) == {
        "error": "access_denied",
        "error_description": "The resource owner or authorization server denied the request",
        "state": state,
    }


def test_requests_it_cannot_send_back_get_an_error_page(idp: StandIn) -> None:
    authorize = idp.details["authorize_url"]
    unknown = requests.get(
        authorize,
        params={"response_type": "code", "client_id": "stranger", "redirect_uri": REDIRECT_URI},
        timeout=TIMEOUT,
    )
    assert unknown.status_code == 400
    assert "An error was encountered" in unknown.text
    elsewhere = requests.get(
        authorize,
        params={"response_type": "code", "client_id": "cognito-pool", "redirect_uri": "https://evil.example/cb"},
        timeout=TIMEOUT,
    )
    assert elsewhere.status_code == 400
    assert "evil.example" not in elsewhere.headers.get("Location", "")
    hostile = requests.get(
        authorize, params={"response_type": "code", "client_id": "<script>x</script>"}, timeout=TIMEOUT
    )
    assert hostile.status_code == 400
    assert "<script>" not in hostile.text
    assert requests.get(f"{idp.server.url}/nowhere", timeout=TIMEOUT).status_code == 404
    assert requests.get(idp.details["token_url"], timeout=TIMEOUT).status_code == 405
