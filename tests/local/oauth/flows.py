"""What a client of the sign-in domain does, over real HTTP: PKCE pairs, the code flow, token requests."""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import requests

from tests.local.oauth.conftest import SCOPE, OAuthPool

TIMEOUT = 30


def pkce_pair() -> tuple[str, str]:
    """(code_verifier, S256 code_challenge), computed as RFC 7636 §4.2 says."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def authorize_params(pool: OAuthPool, client: str = "web", **extra: str) -> dict[str, str]:
    """An authorization request of `client` with `state` and `nonce`; `extra` adds or overrides parameters."""
    params = {
        "response_type": "code",
        "client_id": pool.client(client).client_id,
        "redirect_uri": pool.callback_url,
        "scope": f"openid {SCOPE}",
        "state": secrets.token_hex(8),
        "nonce": secrets.token_hex(8),
    }
    params.update(extra)
    return params


def query(location: str) -> dict[str, str]:
    """The query parameters of a redirect's Location, one value each."""
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


def sign_in(
    pool: OAuthPool, params: dict[str, str], session: requests.Session | None = None, password: str | None = None
) -> requests.Response:
    """GET /oauth2/authorize, follow to the sign-in page, post the user's credentials; the last response."""
    session = session or requests.Session()
    first = session.get(f"{pool.domain_url}/oauth2/authorize", params=params, allow_redirects=False, timeout=TIMEOUT)
    assert first.status_code == 302, first.text
    login = pool.domain_url + first.headers["Location"]
    credentials = {"username": pool.email, "password": password if password is not None else pool.password}
    return session.post(login, data=credentials, allow_redirects=False, timeout=TIMEOUT)


def code_for(pool: OAuthPool, client: str = "web", **extra: str) -> tuple[str, str, dict[str, str]]:
    """(code, code_verifier, authorization request) of a successful sign-in with PKCE."""
    verifier, challenge = pkce_pair()
    params = authorize_params(pool, client, code_challenge=challenge, code_challenge_method="S256", **extra)
    response = sign_in(pool, params)
    assert response.status_code == 302, response.text
    returned = query(response.headers["Location"])
    assert returned["state"] == params["state"]
    return returned["code"], verifier, params


def token_request(pool: OAuthPool, data: dict[str, str], auth: tuple[str, str] | None = None) -> requests.Response:
    """POST /oauth2/token with a form body (and HTTP Basic credentials when given)."""
    return requests.post(f"{pool.domain_url}/oauth2/token", data=data, auth=auth, timeout=TIMEOUT)


def exchange(pool: OAuthPool, code: str, verifier: str, client: str = "web") -> requests.Response:
    """Redeem a code at the token endpoint, as a public client (or with the secret, for one that has it)."""
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": pool.callback_url}
    data["code_verifier"] = verifier
    made = pool.client(client)
    if made.secret is None:
        return token_request(pool, {**data, "client_id": made.client_id})
    return token_request(pool, data, auth=(made.client_id, made.secret))


def machine_token(pool: OAuthPool, **data: str) -> requests.Response:
    """client_credentials for the `service` client, with HTTP Basic."""
    service = pool.client("service")
    assert service.secret is not None
    return token_request(pool, {"grant_type": "client_credentials", **data}, auth=(service.client_id, service.secret))


def claims(token: str) -> dict[str, Any]:
    """A token's payload, unverified (verification is tested with the JWKS)."""
    return dict(jwt.decode(token, options={"verify_signature": False}))
