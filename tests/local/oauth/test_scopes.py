"""Scopes behave as on AWS, over real HTTP on each environment's synthesized API and its local sign-in domain.

`GET /reports` needs `cognito-http-api/reports.read`: a password-flow token (InitiateAuth) never has it → 403; a
machine token (`service`, client_credentials) and a code-flow token (`web`, PKCE) do → 200.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from urllib.parse import urljoin

import pytest
import requests

from modules.local.environment import LocalInfo
from tests.conftest import ENVIRONMENTS
from tests.local.conftest import RunningStack
from tests.local.oauth.flows import TIMEOUT, claims, pkce_pair, query
from tests.local.tokens import sign_in

SCOPE = "cognito-http-api/reports.read"
Serve = Callable[..., tuple[RunningStack, str]]


def call(info: LocalInfo, path: str, token: str) -> requests.Response:
    return requests.get(info.api_url + path, headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT)


def machine_token(info: LocalInfo) -> str:
    """client_credentials with the `service` client's id and secret from the info line (HTTP Basic)."""
    service = info.clients["service"]
    assert service["client_secret"] is not None
    response = requests.post(
        f"{info.oauth_base_url}/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=(str(service["client_id"]), service["client_secret"]),
        timeout=TIMEOUT,
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def code_flow_tokens(stack: RunningStack, info: LocalInfo, scope: str) -> dict[str, str]:
    """The `web` client's code flow with PKCE for a new user: the callback redirect is read (never followed), the
    code redeemed with the verifier."""
    admin = stack.admin()
    web = str(info.clients["web"]["client_id"])
    email, password = f"coder-{secrets.token_hex(4)}@example.com", f"Pw-{secrets.token_hex(8)}-Aa1!"
    attributes = [{"Name": "email", "Value": email}]
    admin.sign_up(ClientId=web, Username=email, Password=password, UserAttributes=attributes)
    admin.admin_confirm_sign_up(UserPoolId=stack.pool_id, Username=email)
    described = admin.describe_user_pool_client(UserPoolId=stack.pool_id, ClientId=web)["UserPoolClient"]
    redirect_uri = described["CallbackURLs"][0]
    verifier, challenge = pkce_pair()
    params = {
        "response_type": "code",
        "client_id": web,
        "redirect_uri": redirect_uri,
        "scope": scope,
        "state": secrets.token_hex(8),
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    session = requests.Session()
    authorize = session.get(
        f"{info.oauth_base_url}/oauth2/authorize", params=params, allow_redirects=False, timeout=TIMEOUT
    )
    login = urljoin(str(info.oauth_base_url), authorize.headers["Location"])
    signed_in = session.post(
        login, data={"username": email, "password": password}, allow_redirects=False, timeout=TIMEOUT
    )
    assert signed_in.status_code == 302, signed_in.text
    callback = signed_in.headers["Location"]
    assert callback.startswith(redirect_uri)
    data = {
        "grant_type": "authorization_code",
        "client_id": web,
        "code": query(callback)["code"],
        "redirect_uri": redirect_uri,
        "code_verifier": verifier,
    }
    response = requests.post(f"{info.oauth_base_url}/oauth2/token", data=data, timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    return dict(response.json())


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_a_password_flow_token_is_forbidden_on_reports(serve: Serve, environment: str) -> None:
    stack, url = serve(environment)
    info = stack.info(url)
    user = sign_in(stack.admin(), stack.pool_id, info.client_id)
    assert call(info, "/example", user.access).status_code == 200
    forbidden = call(info, "/reports", user.access)
    assert (forbidden.status_code, forbidden.json()) == (403, {"message": "Forbidden"})


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_a_machine_token_reaches_reports(serve: Serve, environment: str) -> None:
    stack, url = serve(environment)
    info = stack.info(url)
    token = machine_token(info)
    response = call(info, "/reports", token)
    assert response.status_code == 200, response.text
    assert response.json()["sub"] == info.clients["service"]["client_id"]
    assert (claims(token)["scope"], claims(token)["iss"]) == (SCOPE, stack.issuer)
    assert call(info, "/example", token).status_code == 200


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_a_code_flow_token_with_the_scope_reaches_reports(serve: Serve, environment: str) -> None:
    stack, url = serve(environment)
    info = stack.info(url)
    tokens = code_flow_tokens(stack, info, f"openid email {SCOPE}")
    response = call(info, "/reports", tokens["access_token"])
    assert response.status_code == 200, response.text
    assert response.json()["sub"] == claims(tokens["access_token"])["sub"]
    assert call(info, "/reports", tokens["id_token"]).status_code == 403  # an id token carries no scope
    assert call(info, "/example", tokens["id_token"]).status_code == 200  # its aud is the web client


def test_a_code_flow_token_without_the_scope_is_forbidden(serve: Serve) -> None:
    stack, url = serve("dev")
    info = stack.info(url)
    tokens = code_flow_tokens(stack, info, "openid email")
    assert call(info, "/reports", tokens["access_token"]).status_code == 403
    assert call(info, "/example", tokens["access_token"]).status_code == 200
