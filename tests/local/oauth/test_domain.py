"""The sign-in domain's browser side over real HTTP: authorize, the sign-in page, the session, logout, discovery."""

from __future__ import annotations

import pytest
import requests

from tests.local.oauth.conftest import SCOPE, OAuthPool
from tests.local.oauth.flows import (
    TIMEOUT,
    authorize_params,
    claims,
    code_for,
    exchange,
    pkce_pair,
    query,
    sign_in,
    token_request,
)


def authorize(pool: OAuthPool, params: dict[str, str], session: requests.Session | None = None) -> requests.Response:
    """GET /oauth2/authorize without following redirects."""
    getter = session or requests
    return getter.get(f"{pool.domain_url}/oauth2/authorize", params=params, allow_redirects=False, timeout=TIMEOUT)


def pkce_params(pool: OAuthPool, client: str = "web", **extra: str) -> dict[str, str]:
    _, challenge = pkce_pair()
    return authorize_params(pool, client, code_challenge=challenge, code_challenge_method="S256", **extra)


def test_authorize_sends_a_stranger_to_the_sign_in_page_with_the_same_request(pool: OAuthPool) -> None:
    params = pkce_params(pool)
    response = authorize(pool, params)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/login?")
    assert query(location) == params
    page = requests.get(pool.domain_url + location, timeout=TIMEOUT)
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    for marker in ('name="username"', 'name="password"', 'type="password"', "to web", 'method="post"'):
        assert marker in page.text


@pytest.mark.parametrize(("who", "password"), [("the user", "Wrong-Passw0rd!"), ("nobody", "Wrong-Passw0rd!")])
def test_a_refused_sign_in_says_so_without_telling_who_exists(pool: OAuthPool, who: str, password: str) -> None:
    params = pkce_params(pool)
    session = requests.Session()
    login = pool.domain_url + authorize(pool, params, session).headers["Location"]
    username = pool.email if who == "the user" else "nobody@example.com"
    response = session.post(login, data={"username": username, "password": password}, allow_redirects=False)
    assert response.status_code == 401
    assert "Incorrect username or password." in response.text
    assert f'value="{username}"' in response.text
    assert "Location" not in response.headers
    assert "cognito" not in session.cookies


def test_a_sign_in_returns_a_code_and_the_state_to_the_callback_and_opens_a_session(pool: OAuthPool) -> None:
    params = pkce_params(pool)
    session = requests.Session()
    response = sign_in(pool, params, session)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(pool.callback_url + "?")
    returned = query(location)
    assert set(returned) == {"code", "state"}
    assert returned["state"] == params["state"]
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("cognito=")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    again = authorize(pool, pkce_params(pool), session)  # signed in: straight back with a new code
    assert again.status_code == 302
    assert again.headers["Location"].startswith(pool.callback_url + "?code=")


def test_logout_ends_the_session_and_returns_to_a_registered_sign_out_url(pool: OAuthPool) -> None:
    session = requests.Session()
    assert sign_in(pool, pkce_params(pool), session).status_code == 302
    web = pool.client("web").client_id
    response = session.get(
        f"{pool.domain_url}/logout",
        params={"client_id": web, "logout_uri": pool.logout_url},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert response.status_code == 302
    assert response.headers["Location"] == pool.logout_url
    assert "cognito" not in session.cookies
    assert authorize(pool, pkce_params(pool), session).headers["Location"].startswith("/login?")


def test_logout_to_the_sign_in_page_and_its_refusals(pool: OAuthPool) -> None:
    web = pool.client("web").client_id
    relogin = {"client_id": web, "redirect_uri": pool.callback_url, "response_type": "code"}
    cases = [
        (relogin, 302, "/login?"),
        ({"client_id": web, "logout_uri": "https://elsewhere.example.com/"}, 400, "sign-out URLs"),
        ({"client_id": "no-such-client", "logout_uri": pool.logout_url}, 400, "client_id"),
        ({"client_id": web}, 400, "logout_uri"),
    ]
    for params, status, expected in cases:
        response = requests.get(f"{pool.domain_url}/logout", params=params, allow_redirects=False, timeout=TIMEOUT)
        assert response.status_code == status, params
        assert expected in (response.headers.get("Location", "") if status == 302 else response.text)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"client_id": "no-such-client"}, "does not exist"),
        ({"redirect_uri": "https://attacker.example.com/callback"}, "not supported by client"),
        ({"redirect_uri": ""}, "redirect_uri"),
    ],
)
def test_a_request_that_cannot_go_back_to_the_client_gets_an_error_page(
    pool: OAuthPool, change: dict[str, str], message: str
) -> None:
    params = {key: value for key, value in {**pkce_params(pool), **change}.items() if value}
    for path in ("/oauth2/authorize", "/login"):
        response = requests.get(pool.domain_url + path, params=params, allow_redirects=False, timeout=TIMEOUT)
        assert response.status_code == 400
        assert message in response.text
        assert "Location" not in response.headers


def test_a_client_without_the_code_flow_never_reaches_the_sign_in_page(pool: OAuthPool) -> None:
    response = authorize(pool, pkce_params(pool, "password"))  # no callback URLs, no OAuth flows
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"scope": "phone"}, "invalid_scope"),
        ({"scope": "openid api/reports.write"}, "invalid_scope"),
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"code_challenge_method": "plain"}, "invalid_request"),
        ({"code_challenge": "", "code_challenge_method": ""}, "invalid_request"),  # a public client needs PKCE
    ],
)
def test_other_errors_go_back_to_the_callback_with_the_state(
    pool: OAuthPool, change: dict[str, str], error: str
) -> None:
    params = {key: value for key, value in {**pkce_params(pool), **change}.items() if value}
    response = authorize(pool, params)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(pool.callback_url + "?")
    returned = query(response.headers["Location"])
    assert (returned["error"], returned["state"]) == (error, params["state"])
    assert "code" not in returned


def test_posting_the_sign_in_form_with_a_bad_request_signs_nobody_in(pool: OAuthPool) -> None:
    params = {**pkce_params(pool), "client_id": "no-such-client"}
    credentials = {"username": pool.email, "password": pool.password}
    response = requests.post(
        f"{pool.domain_url}/login", params=params, data=credentials, allow_redirects=False, timeout=TIMEOUT
    )
    assert response.status_code == 400
    assert "Set-Cookie" not in response.headers


def test_no_scope_requested_grants_every_scope_of_the_client(pool: OAuthPool) -> None:
    code, verifier, _ = code_for(pool, scope="")
    assert claims(exchange(pool, code, verifier).json()["access_token"])["scope"] == f"openid email {SCOPE}"


def test_a_confidential_client_may_skip_pkce(pool: OAuthPool) -> None:
    response = sign_in(pool, authorize_params(pool, "confidential"))
    code = query(response.headers["Location"])["code"]
    confidential = pool.client("confidential")
    assert confidential.secret is not None
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": pool.callback_url}
    exchanged = token_request(pool, data, auth=(confidential.client_id, confidential.secret))
    assert exchanged.status_code == 200, exchanged.text


def test_users_who_may_not_sign_in_are_told_why(pool: OAuthPool) -> None:
    email = "unconfirmed@example.com"
    attributes = [{"Name": "email", "Value": email}]
    password = pool.password
    web = pool.client("web").client_id
    pool.api.sign_up(ClientId=web, Username=email, Password=password, UserAttributes=attributes)
    session = requests.Session()
    login = pool.domain_url + authorize(pool, pkce_params(pool), session).headers["Location"]
    response = session.post(login, data={"username": email, "password": password}, allow_redirects=False)
    assert response.status_code == 401
    assert "User is not confirmed." in response.text


def test_discovery_names_the_pool_issuer_the_local_endpoints_and_the_pool_jwks(pool: OAuthPool) -> None:
    document = requests.get(f"{pool.domain_url}/.well-known/openid-configuration", timeout=TIMEOUT).json()
    assert document["issuer"] == pool.issuer
    for name, path in [("authorization", "authorize"), ("token", "token"), ("userinfo", "userInfo")]:
        assert document[f"{name}_endpoint"] == f"{pool.domain_url}/oauth2/{path}"
    assert document["jwks_uri"] == pool.cognito.jwks_uri(pool.issuer)
    keys = requests.get(document["jwks_uri"], timeout=TIMEOUT).json()["keys"]
    assert [key["kid"] for key in keys] == ["dummy"]
    assert document["code_challenge_methods_supported"] == ["S256"]
    assert document["grant_types_supported"] == ["authorization_code", "client_credentials", "refresh_token"]


def test_unknown_paths_and_methods(pool: OAuthPool) -> None:
    assert requests.get(f"{pool.domain_url}/nothing", timeout=TIMEOUT).status_code == 404
    assert requests.get(f"{pool.domain_url}/oauth2/token", timeout=TIMEOUT).status_code == 405
