"""The stand-in OpenID Provider's endpoints on werkzeug, served on 127.0.0.1 (`identity_provider.py` holds its
users, clients and Authlib server):

- `GET /.well-known/openid-configuration`: its metadata (checked by Authlib's `OpenIDProviderMetadata`);
- `GET, POST /authorize`: the sign-in page; a demo user's password gets a code to the relying party's
  `redirect_uri`, Cancel gets `error=access_denied` there (RFC 6749 §4.1.2.1);
- `POST /token`: the code for an access token and an ID token (client_secret_basic or client_secret_post);
- `GET, POST /userinfo`: the user's claims for a bearer access token with `openid`;
- `GET /jwks`: the public key of its ID tokens.

A request that cannot be sent back to a registered client gets an error page with status 400. One line per
request goes to stderr, `idp: GET /authorize 200`, without the query string.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from authlib.oauth2 import OAuth2Error, ResourceProtector  # type: ignore[import-untyped]
from authlib.oidc.discovery import OpenIDProviderMetadata  # type: ignore[import-untyped]
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from modules.local.background_server import BackgroundServer, listen
from modules.local.oauth.identity_provider import (
    ALGORITHM,
    AUTH_METHODS,
    SCOPES,
    DemoUser,
    StandInProvider,
    StoredTokenValidator,
    demo_users,
)
from modules.local.oauth.pages import HTML, error_page, idp_sign_in_page
from modules.local.oauth.routed_app import RoutedApp

JSON = "application/json"


class IdentityProviderApp(RoutedApp):
    """The WSGI application of the stand-in OpenID Provider whose issuer is `issuer` (its base URL)."""

    URLS = Map(
        [
            Rule("/.well-known/openid-configuration", endpoint="discovery", methods=["GET"]),
            Rule("/authorize", endpoint="authorize", methods=["GET", "POST"]),
            Rule("/token", endpoint="token", methods=["POST"]),
            Rule("/userinfo", endpoint="userinfo", methods=["GET", "POST"]),
            Rule("/jwks", endpoint="jwks", methods=["GET"]),
        ]
    )

    def __init__(self, issuer: str, users: tuple[DemoUser, ...]) -> None:
        self.issuer = issuer
        self.server = StandInProvider(issuer, users)
        self.protector = ResourceProtector()
        self.protector.register_token_validator(StoredTokenValidator(self.server.tokens))

    def discovery(self, request: Request) -> Response:  # noqa: ARG002
        """The OpenID Provider metadata."""
        metadata = OpenIDProviderMetadata(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "userinfo_endpoint": f"{self.issuer}/userinfo",
                "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"],
                "grant_types_supported": ["authorization_code"],
                "scopes_supported": list(SCOPES),
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": [ALGORITHM],
                "token_endpoint_auth_methods_supported": list(AUTH_METHODS),
            }
        )
        metadata.validate()
        return Response(json.dumps(dict(metadata)), content_type=JSON)

    def authorize(self, request: Request) -> Response:
        """The sign-in page (GET); a sign-in or a cancellation (POST) for the authorization request in the query."""
        oauth_request = self.server.authorization_request(request)
        try:
            grant = self.server.get_consent_grant(oauth_request)
        except OAuth2Error as error:
            if error.redirect_uri:
                refused: Response = self.server.handle_error_response(oauth_request, error)
                return refused
            return Response(error_page(error.get_error_description() or error.error), status=400, content_type=HTML)
        page = {"client_id": grant.client.client_id, "scope": grant.request.scope or "", "action": request.full_path}
        if request.method == "GET":
            return Response(idp_sign_in_page(**page), content_type=HTML)
        if request.form.get("cancel"):
            denied: Response = self.server.create_authorization_response(oauth_request, grant_user=None, grant=grant)
            return denied
        username = request.form.get("username", "").strip()
        user = self.server.user(username, request.form.get("password", ""))
        if user is None:
            body = idp_sign_in_page(**page, username=username, error="Incorrect username or password.")
            return Response(body, status=401, content_type=HTML)
        issued: Response = self.server.create_authorization_response(oauth_request, grant_user=user, grant=grant)
        return issued

    def token(self, request: Request) -> Response:
        """The token endpoint (Authlib)."""
        response: Response = self.server.create_token_response(request)
        return response

    def userinfo(self, request: Request) -> Response:
        """The claims the bearer token's scope releases (RFC 6750 errors otherwise)."""
        try:
            token = self.protector.validate_request(["openid"], request)
        except OAuth2Error as error:
            status, body, headers = error()
            return Response(json.dumps(dict(body)), status=status, headers=list(headers))
        claims = token.user.user_info().filter(token.get_scope())
        return Response(json.dumps(dict(claims)), content_type=JSON, headers={"Cache-Control": "no-store"})

    def jwks(self, request: Request) -> Response:  # noqa: ARG002
        """The public key of the ID tokens."""
        return Response(json.dumps(self.server.public_keys()), content_type=JSON)

    def provider_details(self, declared: Mapping[str, Any], redirect_uri: str) -> dict[str, str]:
        """The `ProviderDetails` a user pool holds for an OIDC provider declared with `declared` (its synthesized
        `provider_details`) when the stand-in plays it: the declared client id (registered here, with a secret of
        this run and `redirect_uri`), scopes and request method, and the stand-in's issuer and endpoints
        (CreateIdentityProvider's `authorize_url`, `token_url`, `attributes_url`, `jwks_uri`)."""
        client = self.server.register(str(declared.get("client_id", "")), redirect_uri)
        return {
            "client_id": client.client_id,
            "client_secret": client.secret,
            "authorize_scopes": str(declared.get("authorize_scopes", "openid")),
            "attributes_request_method": str(declared.get("attributes_request_method", "GET")),
            "oidc_issuer": self.issuer,
            "authorize_url": f"{self.issuer}/authorize",
            "token_url": f"{self.issuer}/token",
            "attributes_url": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
        }


class IdentityProviderServer(BackgroundServer):
    """The stand-in OpenID Provider on a free port of 127.0.0.1; `app.issuer` is its URL."""

    def __init__(self, users: tuple[DemoUser, ...] | None = None) -> None:
        listener = listen(0)
        self.app = IdentityProviderApp(f"http://127.0.0.1:{listener.getsockname()[1]}", users or demo_users())
        super().__init__(self.app, name="identity-provider", log_prefix="idp", log_query=False, listener=listener)

    def demo_users(self) -> list[dict[str, str]]:
        """The demo users for the info line: username, password (throwaway, this run's), email and sub."""
        return [
            {"username": user.username, "password": user.password, "email": user.email, "sub": user.sub}
            for user in self.app.server.users
        ]
