"""What a browser does in a federated sign-in, over real HTTP: the local sign-in domain, the stand-in IdP's page,
back to `/oauth2/idpresponse`, then the app's callback."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import requests

from tests.local.oauth.conftest import FederatedStack
from tests.local.oauth.flows import TIMEOUT, pkce_pair, query


@dataclass(frozen=True)
class AtTheIdp:
    """A federated sign-in that reached the stand-in's sign-in page: the page's URL and the app's request."""

    session: requests.Session
    url: str
    params: dict[str, str]
    verifier: str


def authorization_request(stack: FederatedStack, scope: str = "openid email") -> tuple[dict[str, str], str]:
    """The web client's authorization request with PKCE, and its code verifier."""
    verifier, challenge = pkce_pair()
    params = {
        "response_type": "code",
        "client_id": stack.web_client_id,
        "redirect_uri": _callback(stack),
        "scope": scope,
        "state": secrets.token_hex(8),
        "nonce": secrets.token_hex(8),
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    return params, verifier


def _callback(stack: FederatedStack) -> str:
    """The web client's one callback URL, as the embedded Cognito holds it."""
    client = stack.api.describe_user_pool_client(UserPoolId=stack.info.user_pool_id, ClientId=stack.web_client_id)
    return str(client["UserPoolClient"]["CallbackURLs"][0])


def to_the_idp(stack: FederatedStack, provider: str = "corp", scope: str = "openid email") -> AtTheIdp:
    """`/oauth2/authorize?identity_provider=<provider>`: redirected to the stand-in's sign-in page (shown)."""
    params, verifier = authorization_request(stack, scope)
    session = requests.Session()
    first = session.get(
        f"{stack.info.oauth_base_url}/oauth2/authorize",
        params={**params, "identity_provider": provider},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert first.status_code == 302, first.text
    url = first.headers["Location"]
    assert url.startswith(f"{stack.info.idp_url}/authorize?")
    page = session.get(url, timeout=TIMEOUT)
    assert page.status_code == 200
    assert "Corporate sign-in" in page.text
    return AtTheIdp(session, url, params, verifier)


def idp_answer(at: AtTheIdp, form: dict[str, str]) -> str:
    """Post the stand-in's form (credentials, or Cancel): the `/oauth2/idpresponse` URL it sends the user to."""
    answer = at.session.post(at.url, data=form, allow_redirects=False, timeout=TIMEOUT)
    assert answer.status_code == 302, answer.text
    return str(answer.headers["Location"])


def federated_code(
    stack: FederatedStack, username: str, scope: str = "openid email", provider: str = "corp"
) -> tuple[str, AtTheIdp]:
    """A demo user's whole federated sign-in: the code at the app's callback, and the sign-in's request."""
    at = to_the_idp(stack, provider, scope)
    back = idp_answer(at, {"username": username, "password": password_of(stack, username)})
    final = at.session.get(back, allow_redirects=False, timeout=TIMEOUT)
    assert final.status_code == 302, final.text
    returned = query(final.headers["Location"])
    assert returned["state"] == at.params["state"]
    return returned["code"], at


def exchange(stack: FederatedStack, code: str, params: dict[str, str], verifier: str) -> requests.Response:
    """The web client redeems a code of the authorization request `params` with its PKCE verifier."""
    data = {
        "grant_type": "authorization_code",
        "client_id": stack.web_client_id,
        "code": code,
        "redirect_uri": params["redirect_uri"],
        "code_verifier": verifier,
    }
    return requests.post(f"{stack.info.oauth_base_url}/oauth2/token", data=data, timeout=TIMEOUT)


def federated_tokens(
    stack: FederatedStack, username: str, scope: str = "openid email", provider: str = "corp"
) -> dict[str, str]:
    """The tokens the web client gets for a demo user's federated sign-in through `provider`."""
    code, at = federated_code(stack, username, scope, provider)
    response = exchange(stack, code, at.params, at.verifier)
    assert response.status_code == 200, response.text
    tokens: dict[str, str] = response.json()
    return tokens


def password_of(stack: FederatedStack, username: str) -> str:
    """The demo user's password of this run, from the info line."""
    return next(user["password"] for user in stack.info.idp_users if user["username"] == username)


def sub_of(stack: FederatedStack, username: str) -> str:
    """The demo user's subject at the stand-in, from the info line."""
    return next(user["sub"] for user in stack.info.idp_users if user["username"] == username)
