"""The OAuth steps of `make demo`, after the password-flow walkthrough, against the local sign-in domain:

- the password-flow access token on the scoped route → 403 (InitiateAuth tokens carry no custom scope);
- the machine client: `client_credentials` with HTTP Basic (as curl does it) → a token → the scoped route → 200;
- the browser sign-in, played with plain HTTP requests: `/oauth2/authorize` with PKCE S256 → the sign-in page →
  the user's credentials → the callback with a code (read from the redirect, never followed) → the token
  endpoint with the code verifier → the scoped route → 200.

Which client plays which part is read from the embedded Cognito: the machine client has a secret and the
`client_credentials` flow, the browser client the `code` flow and a callback URL.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import requests
from authlib.oauth2.rfc7636 import create_s256_code_challenge  # type: ignore[import-untyped]

#: The default config's scoped route and its scope.
SCOPED_PATH = "/reports"
HTTP_TIMEOUT_SECONDS = 30

#: `check(step, title, status, ok, detail)`: records and prints one step, returns `ok`.
Check = Callable[[str, str, "int | str", bool, str], bool]


class OAuthSteps:
    """The steps, reported through `check` (the walkthrough's own printer)."""

    def __init__(
        self,
        check: Check,
        *,
        api_url: str,
        oauth_base_url: str,
        clients: Mapping[str, Mapping[str, str | None]],
        admin: Any,
        pool_id: str,
    ) -> None:
        self.check = check
        self.api_url = api_url
        self.oauth_base_url = oauth_base_url
        self.described = {
            name: admin.describe_user_pool_client(UserPoolId=pool_id, ClientId=ids["client_id"])["UserPoolClient"]
            for name, ids in clients.items()
        }
        self.http = requests.Session()
        self.http.trust_env = False  # loopback only: never through a proxy from the environment

    def scoped(self, step: str, kind: str, token: str, expected: int) -> bool:
        """`GET /reports` with a bearer token: the status the scope decides."""
        response = self.http.get(
            self.api_url + SCOPED_PATH, headers={"Authorization": f"Bearer {token}"}, timeout=HTTP_TIMEOUT_SECONDS
        )
        title = f"GET {SCOPED_PATH} with the {kind} access token → {expected}"
        return self.check(step, title, response.status_code, response.status_code == expected, response.text)

    def machine(self, step: str) -> bool:
        """client_credentials with the machine client's id and secret (HTTP Basic), then the scoped route."""
        found = self.client_with("client_credentials")
        if found is None:
            return self.check(f"{step}a", "a machine client (client_credentials)", "-", False, "none in the pool")
        name, client = found
        response = self.http.post(
            f"{self.oauth_base_url}/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=(client["ClientId"], client.get("ClientSecret", "")),
            timeout=HTTP_TIMEOUT_SECONDS,
        )
        token = _json(response).get("access_token")
        title = f"POST /oauth2/token client_credentials ({name}) → access token"
        if not self.check(f"{step}a", title, response.status_code, response.ok and bool(token), _error(response)):
            return False
        return self.scoped(f"{step}b", "machine", str(token), 200)

    def browser(self, step: str, email: str, password: str) -> bool:
        """The authorization code flow with PKCE, as a browser would play it, then the scoped route."""
        found = self.client_with("code")
        if found is None or not found[1].get("CallbackURLs"):
            return self.check(f"{step}a", "a browser client (code flow)", "-", False, "none with a callback URL")
        name, client = found
        verifier = secrets.token_urlsafe(48)
        state = secrets.token_hex(8)
        redirect_uri = client["CallbackURLs"][0]
        params = {
            "response_type": "code",
            "client_id": client["ClientId"],
            "redirect_uri": redirect_uri,
            "state": state,
            "code_challenge": create_s256_code_challenge(verifier),
            "code_challenge_method": "S256",
        }
        authorize = self.http.get(
            f"{self.oauth_base_url}/oauth2/authorize",
            params=params,
            allow_redirects=False,
            timeout=HTTP_TIMEOUT_SECONDS,
        )
        login = urljoin(self.oauth_base_url, authorize.headers.get("Location", ""))
        went = authorize.status_code == 302 and urlsplit(login).path == "/login"
        title = f"GET /oauth2/authorize ({name}, PKCE S256) → the sign-in page"
        if not self.check(f"{step}a", title, authorize.status_code, went, authorize.text):
            return False
        signed_in = self.http.post(
            login,
            data={"username": email, "password": password},
            allow_redirects=False,
            timeout=HTTP_TIMEOUT_SECONDS,
        )
        callback = signed_in.headers.get("Location", "")
        returned = {key: values[0] for key, values in parse_qs(urlsplit(callback).query).items()}
        came_back = callback.startswith(redirect_uri) and returned.get("state") == state and "code" in returned
        title = "POST /login (email, password) → the callback with a code"
        if not self.check(f"{step}b", title, signed_in.status_code, came_back, callback or signed_in.text):
            return False
        exchanged = self.http.post(
            f"{self.oauth_base_url}/oauth2/token",
            data={
                "grant_type": "authorization_code",
                "client_id": client["ClientId"],
                "code": returned["code"],
                "redirect_uri": redirect_uri,
                "code_verifier": verifier,
            },
            timeout=HTTP_TIMEOUT_SECONDS,
        )
        token = _json(exchanged).get("access_token")
        title = "POST /oauth2/token authorization_code + code_verifier → tokens"
        if not self.check(f"{step}c", title, exchanged.status_code, exchanged.ok and bool(token), _error(exchanged)):
            return False
        return self.scoped(f"{step}d", "code-flow", str(token), 200)

    def client_with(self, flow: str) -> tuple[str, dict[str, Any]] | None:
        """The first client (by name) whose OAuth flows include `flow`, if any."""
        for name, client in sorted(self.described.items()):
            if flow in client.get("AllowedOAuthFlows", ()) and client.get("AllowedOAuthFlowsUserPoolClient"):
                return name, client
        return None


def _json(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _error(response: requests.Response) -> str:
    """The error of a failed token request (never the body of a successful one: it holds tokens)."""
    return "" if response.ok else response.text
