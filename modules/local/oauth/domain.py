"""The local sign-in domain: a werkzeug WSGI application with the endpoints of a Cognito user pool domain.

- `GET /oauth2/authorize`: validates the authorization request (Authlib); a live session gets its code at once,
  anyone else the sign-in page;
- `GET, POST /login`: the sign-in page; the embedded Cognito checks the password, then the code goes to the
  callback;
- `POST /oauth2/token`: `client_credentials`, `authorization_code` (PKCE S256), `refresh_token` (Authlib);
- `GET, POST /oauth2/userInfo`: the user's attributes, for an access token with `openid`;
- `GET /logout`: ends the session, then redirects to `logout_uri` (one of the client's sign-out URLs) or, given
  `redirect_uri` and `response_type`, to the sign-in page;
- `GET /.well-known/openid-configuration`: the pool's OpenID Provider metadata;
- `GET /oauth2/idpresponse`: where an external OIDC provider sends the user back (`federation.py`); `/oauth2/authorize`
  with `identity_provider` (or `idp_identifier`) goes straight to that provider, and the sign-in page offers the
  client's providers.

A request that cannot be answered with a redirect to a known client's callback (unknown client, callback not
registered) gets an HTML error page with status 400, as Cognito's domain answers. The session is a random
`cognito` cookie, valid for an hour, that names a sign-in kept in memory.
"""

from __future__ import annotations

import json
import secrets
import time
from typing import Any

from authlib.oauth2 import OAuth2Error  # type: ignore[import-untyped]
from authlib.oauth2.rfc6749 import InvalidRequestError  # type: ignore[import-untyped]
from werkzeug.routing import Map, Rule
from werkzeug.utils import redirect
from werkzeug.wrappers import Request, Response

from modules.local.oauth.authorization_server import CognitoAuthorizationServer, WerkzeugOAuth2Request
from modules.local.oauth.clients import COGNITO
from modules.local.oauth.discovery import openid_configuration
from modules.local.oauth.federation import PROVIDER_PARAMETERS, Federation, FederationRefused
from modules.local.oauth.pages import HTML, error_page, sign_in_page
from modules.local.oauth.routed_app import RoutedApp
from modules.local.oauth.store import ExpiringStore
from modules.local.oauth.tokens import Grantee
from modules.local.oauth.userinfo import UserInfoEndpoint
from modules.local.oauth.users import SignInRefused, User

SESSION_COOKIE = "cognito"
#: Cognito's sign-in session lasts one hour.
SESSION_SECONDS = 3600


class SignInDomain(RoutedApp):
    """The WSGI application of one user pool's sign-in domain."""

    URLS = Map(
        [
            Rule("/oauth2/authorize", endpoint="authorize", methods=["GET"]),
            Rule("/login", endpoint="login", methods=["GET", "POST"]),
            Rule("/oauth2/token", endpoint="token", methods=["POST"]),
            Rule("/oauth2/userInfo", endpoint="userinfo", methods=["GET", "POST"]),
            Rule("/logout", endpoint="logout", methods=["GET"]),
            Rule("/.well-known/openid-configuration", endpoint="discovery", methods=["GET"]),
            Rule("/oauth2/idpresponse", endpoint="idpresponse", methods=["GET"]),
        ]
    )

    def __init__(
        self,
        server: CognitoAuthorizationServer,
        userinfo: UserInfoEndpoint,
        federation: Federation,
        *,
        issuer: str,
        jwks_uri: str,
    ) -> None:
        self.server = server
        self.userinfo_endpoint = userinfo
        self.federation = federation
        self.issuer = issuer
        self.jwks_uri = jwks_uri
        self.sessions: ExpiringStore[Grantee] = ExpiringStore()

    def authorize(self, request: Request) -> Response:
        """Validate the authorization request; a live session gets its code, anyone else the sign-in page."""
        oauth_request = self.server.authorization_request(request)
        try:
            grant = self.server.get_consent_grant(oauth_request)
        except OAuth2Error as error:
            return self.refuse(oauth_request, error)
        provider = next((request.args[key] for key in PROVIDER_PARAMETERS if request.args.get(key)), COGNITO)
        if provider != COGNITO:
            try:
                return self.federation.begin(grant.client, provider, request.args, request.host_url.rstrip("/"))
            except FederationRefused as refused:
                return _error(refused.message)
        grantee = self.session(request)
        if grantee is None:
            return redirect(f"/login?{request.query_string.decode()}")
        return self.issue_code(oauth_request, grant, grantee)

    def login(self, request: Request) -> Response:
        """The sign-in page (GET), or a sign-in attempt (POST) for the authorization request in the query."""
        oauth_request = self.server.authorization_request(request)
        try:
            grant = self.server.get_consent_grant(oauth_request)
        except OAuth2Error as error:
            return self.refuse(oauth_request, error)
        providers, unemulated = self.federation.options(grant.client, request.args)
        page = {
            "client_name": grant.client.name,
            "action": f"/login?{request.query_string.decode()}",
            "providers": providers,
            "unemulated": unemulated,
        }
        if request.method == "GET":
            return Response(sign_in_page(**page), content_type=HTML)
        username = request.form.get("username", "").strip()
        try:
            user = self.server.users.sign_in(username, request.form.get("password", ""), grant.client)
        except SignInRefused as refused:
            body = sign_in_page(**page, username=username, error=refused.message)
            return Response(body, status=401, content_type=HTML)
        return self.signed_in(oauth_request, grant, user)

    def idpresponse(self, request: Request) -> Response:
        """An external provider's answer: the user signed in (a code to the app's callback, as after a password),
        the provider's error passed on to the app's callback, or an error page."""
        try:
            outcome = self.federation.complete(request)
        except FederationRefused as refused:
            return _error(refused.message)
        oauth_request = WerkzeugOAuth2Request(request, outcome.parameters)
        try:
            grant = self.server.get_consent_grant(oauth_request)
        except OAuth2Error as error:
            return self.refuse(oauth_request, error)
        if outcome.user is None:
            state, description = oauth_request.payload.state, f"The identity provider {outcome.provider} refused."
            passed_on = OAuth2Error(description, state=state, redirect_uri=grant.redirect_uri, error=outcome.error)
            return self.refuse(oauth_request, passed_on)
        return self.signed_in(oauth_request, grant, outcome.user)

    def signed_in(self, oauth_request: Any, grant: Any, user: User) -> Response:
        """A session for the user who just signed in, and the code to the app's callback."""
        grantee = Grantee(user, int(time.time()))
        session = secrets.token_urlsafe(32)
        self.sessions.put(session, grantee, SESSION_SECONDS)
        response = self.issue_code(oauth_request, grant, grantee)
        response.set_cookie(SESSION_COOKIE, session, max_age=SESSION_SECONDS, path="/", httponly=True, samesite="Lax")
        return response

    def token(self, request: Request) -> Response:
        """The token endpoint (Authlib); a request without `grant_type` is `invalid_request`."""
        if not request.form.get("grant_type"):
            oauth_request = self.server.create_oauth2_request(request)
            return self.server.handle_error_response(oauth_request, InvalidRequestError("Missing 'grant_type'"))
        response: Response = self.server.create_token_response(request)
        return response

    def userinfo(self, request: Request) -> Response:
        """`/oauth2/userInfo`."""
        status, body, headers = self.userinfo_endpoint(request)
        return Response(json.dumps(body), status=status, headers=headers)

    def logout(self, request: Request) -> Response:
        """End the session; then to `logout_uri`, or (with `redirect_uri` and `response_type`) to the sign-in page."""
        client = self.server.query_client(request.args.get("client_id", ""))
        if client is None:
            return _error("The client_id is missing or not a client of this user pool.")
        logout_uri = request.args.get("logout_uri")
        if logout_uri is not None and logout_uri not in client.logout_urls:
            return _error("The logout_uri is not one of the client's sign-out URLs.")
        if logout_uri is None and not (request.args.get("redirect_uri") and request.args.get("response_type")):
            return _error("Required parameter logout_uri (or redirect_uri and response_type) is missing.")
        target = logout_uri or f"/login?{request.query_string.decode()}"
        session = request.cookies.get(SESSION_COOKIE)
        if session:
            self.sessions.discard(session)
        response = redirect(target)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    def discovery(self, request: Request) -> Response:
        """The pool's OpenID Provider metadata, with this domain's endpoints."""
        base_url = request.host_url.rstrip("/")
        document = openid_configuration(base_url, issuer=self.issuer, jwks_uri=self.jwks_uri)
        return Response(json.dumps(document), content_type="application/json")

    def session(self, request: Request) -> Grantee | None:
        """The signed-in user of the request's session cookie, while the user still exists."""
        session = request.cookies.get(SESSION_COOKIE)
        grantee = self.sessions.get(session) if session else None
        if grantee is None:
            return None
        user = self.server.users.find(grantee.user.username)
        return Grantee(user, grantee.auth_time) if user is not None else None

    def issue_code(self, oauth_request: Any, grant: Any, grantee: Grantee) -> Response:
        """Redirect to the callback with a code for `grantee` (and the request's nonce)."""
        nonce = oauth_request.payload.data.get("nonce")
        granted = Grantee(grantee.user, grantee.auth_time, nonce)
        response: Response = self.server.create_authorization_response(oauth_request, grant_user=granted, grant=grant)
        return response

    def refuse(self, oauth_request: Any, error: Any) -> Response:
        """The error as a redirect to the client's callback when it is known and registered, else an error page."""
        if error.redirect_uri:
            response: Response = self.server.handle_error_response(oauth_request, error)
            return response
        return _error(error.get_error_description() or error.error)


def _error(message: str) -> Response:
    return Response(error_page(message), status=400, content_type=HTML)
