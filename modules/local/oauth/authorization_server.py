"""Authlib's `AuthorizationServer` on werkzeug: requests in, responses out, and where the pool's state lives.

Authlib ships integrations for Flask and Django; this is the same small adapter for werkzeug, which serves the
rest of the emulator. OAuth parameters come from the query string at the authorization endpoint and from the
form body at the token endpoint, as Cognito reads them. Every `invalid_client` answer is 401 with a
`WWW-Authenticate` header (RFC 6749 §5.2 allows 401 for every failed client authentication).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from authlib.oauth2 import AuthorizationServer  # type: ignore[import-untyped]
from authlib.oauth2.rfc6749 import InvalidClientError, OAuth2Payload, OAuth2Request  # type: ignore[import-untyped]
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Request, Response

from modules.local.oauth.clients import AppClient, PoolClients
from modules.local.oauth.grants import (
    AuthorizationCode,
    AuthorizationCodeGrant,
    ClientCredentialsGrant,
    RefreshTokenGrant,
    S256CodeChallenge,
)
from modules.local.oauth.store import ExpiringStore
from modules.local.oauth.tokens import RefreshGrant, TokenIssuer
from modules.local.oauth.users import PoolUsers


class WerkzeugPayload(OAuth2Payload):  # type: ignore[misc]
    """OAuth parameters from a werkzeug MultiDict (repeated parameters stay visible to Authlib's checks)."""

    def __init__(self, values: MultiDict[str, str]) -> None:
        self.values = values

    @property
    def data(self) -> MultiDict[str, str]:
        """The parameters, first value of each."""
        return self.values

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        """Every value of each parameter."""
        return defaultdict(list, {key: self.values.getlist(key) for key in self.values})


class WerkzeugOAuth2Request(OAuth2Request):  # type: ignore[misc]
    """A werkzeug request as Authlib's `OAuth2Request`, its OAuth parameters from `parameters`: the query string
    at the authorization endpoint and the sign-in page (whose form holds the user's credentials), the form body at
    the token endpoint."""

    def __init__(self, request: Request, parameters: MultiDict[str, str]) -> None:
        super().__init__(method=request.method, uri=request.url, headers=request.headers)
        self._request = request
        self.payload = WerkzeugPayload(parameters)

    @property
    def args(self) -> MultiDict[str, str]:
        """The query string."""
        return self._request.args

    @property
    def form(self) -> MultiDict[str, str]:
        """The form body."""
        return self._request.form


class WerkzeugAuthorizationServer(AuthorizationServer):  # type: ignore[misc]
    """Authlib's `AuthorizationServer` answering werkzeug requests with werkzeug responses: the pool's sign-in
    domain and the stand-in identity provider (`identity_provider.py`) both build on it."""

    def create_oauth2_request(self, request: Request | WerkzeugOAuth2Request) -> WerkzeugOAuth2Request:
        """Wrap a werkzeug request: a token request's parameters are its form body. Wrapped requests pass as is."""
        if isinstance(request, WerkzeugOAuth2Request):
            return request
        return WerkzeugOAuth2Request(request, request.form)

    def authorization_request(self, request: Request) -> WerkzeugOAuth2Request:
        """Wrap a request to the authorization endpoint or the sign-in page: its parameters are its query string."""
        return WerkzeugOAuth2Request(request, request.args)

    def handle_response(self, status: int, body: Any, headers: Sequence[tuple[str, str]]) -> Response:
        """A werkzeug response; dict bodies as JSON."""
        payload = json.dumps(body) if isinstance(body, dict) else body
        return Response(payload, status=status, headers=list(headers))

    def handle_error_response(self, request: Any, error: Any) -> Response:
        """RFC 6749 §5.2 JSON (or a redirect with the error); `invalid_client` always 401."""
        if isinstance(error, InvalidClientError):
            error.status_code = 401
        response: Response = super().handle_error_response(request, error)
        return response

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        """Authlib's hook for framework signals: the emulator has no listeners."""


class CognitoAuthorizationServer(WerkzeugAuthorizationServer):
    """The pool's authorization server: its clients and users in the embedded Cognito, codes and refresh tokens
    in memory, tokens from `issuer`."""

    def __init__(self, clients: PoolClients, users: PoolUsers, issuer: TokenIssuer) -> None:
        super().__init__()
        self.clients = clients
        self.users = users
        self.codes: ExpiringStore[AuthorizationCode] = ExpiringStore()
        self.refresh_tokens: ExpiringStore[RefreshGrant] = issuer.refresh_tokens
        self.register_token_generator("default", issuer)
        self.register_grant(AuthorizationCodeGrant, [S256CodeChallenge(required=True)])
        self.register_grant(ClientCredentialsGrant)
        self.register_grant(RefreshTokenGrant)

    def query_client(self, client_id: str) -> AppClient | None:
        """The pool's client with this id, read from the embedded Cognito."""
        return self.clients.find(client_id)

    def save_token(self, token: dict[str, Any], request: Any) -> None:
        """Nothing to save: access and id tokens are self-contained JWTs, refresh tokens are kept as issued."""
