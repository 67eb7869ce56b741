"""The three grants of Cognito's token endpoint, as Authlib grants, and PKCE restricted to S256.

Authlib does the protocol (parameters, client authentication, redirect URI and PKCE checks, error responses);
these classes only say where codes, refresh tokens and users live (`server.codes`, `server.refresh_tokens`,
`server.users`) and how Cognito grants scopes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from authlib.oauth2.rfc6749 import (  # type: ignore[import-untyped]
    AuthorizationCodeMixin,
    InvalidRequestError,
    InvalidScopeError,
    grants,
)
from authlib.oauth2.rfc7636 import CodeChallenge  # type: ignore[import-untyped]

from modules.local.oauth.clients import AppClient
from modules.local.oauth.tokens import Grantee, RefreshGrant

#: Cognito's authorization codes are valid for 5 minutes, and once.
CODE_LIFETIME_SECONDS = 300
#: A client with a secret authenticates with it; a public client (no secret) by its id, with PKCE.
ALL_AUTH_METHODS = ("client_secret_basic", "client_secret_post", "none")


@dataclass(frozen=True)
class AuthorizationCode(AuthorizationCodeMixin):  # type: ignore[misc]
    """An issued code: for whom, to which client and redirect URI, with which scope and PKCE challenge."""

    client_id: str
    redirect_uri: str
    scope: str
    grantee: Grantee
    code_challenge: str | None
    code_challenge_method: str | None

    def get_redirect_uri(self) -> str:
        """The redirect URI the code was issued for: the token request must repeat it."""
        return self.redirect_uri

    def get_scope(self) -> str:
        """The scope granted at sign-in."""
        return self.scope


class S256CodeChallenge(CodeChallenge):  # type: ignore[misc]
    """PKCE as Cognito supports it: `code_challenge_method=S256` only, and required of clients without a secret."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ("S256",)

    def validate_code_challenge(self, grant: Any, redirect_uri: str | None) -> None:
        """Authlib's checks, plus: the method must be S256, and a public client must send a challenge."""
        super().validate_code_challenge(grant, redirect_uri)
        data = grant.request.payload.data
        if data.get("code_challenge") and data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("Unsupported 'code_challenge_method': only S256 is supported")
        if not data.get("code_challenge") and grant.request.client.secret is None:
            raise InvalidRequestError("Missing 'code_challenge': a client without a secret must use PKCE (S256)")


class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):  # type: ignore[misc]
    """`authorization_code`: codes from the sign-in page, redeemed once within 5 minutes."""

    TOKEN_ENDPOINT_AUTH_METHODS = ALL_AUTH_METHODS

    def save_authorization_code(self, code: str, request: Any) -> None:
        """Keep the code with its client, redirect URI, granted scope, grantee and PKCE challenge."""
        data = request.payload.data
        issued = AuthorizationCode(
            client_id=request.client.client_id,
            redirect_uri=request.payload.redirect_uri,
            scope=request.scope,
            grantee=request.user,
            code_challenge=data.get("code_challenge"),
            code_challenge_method=data.get("code_challenge_method"),
        )
        self.server.codes.put(code, issued, CODE_LIFETIME_SECONDS)

    def query_authorization_code(self, code: str, client: AppClient) -> AuthorizationCode | None:
        """The code, taken out of the store at once: any redemption attempt uses it up."""
        issued: AuthorizationCode | None = self.server.codes.take(code)
        return issued if issued is not None and issued.client_id == client.client_id else None

    def delete_authorization_code(self, authorization_code: AuthorizationCode) -> None:
        """Nothing left to delete: `query_authorization_code` took the code out of the store."""

    def authenticate_user(self, authorization_code: AuthorizationCode) -> Grantee | None:
        """The grantee of the code, while the user still exists and is enabled."""
        grantee = authorization_code.grantee
        user = self.server.users.find(grantee.user.username)
        return Grantee(user, grantee.auth_time, grantee.nonce) if user is not None else None


class ClientCredentialsGrant(grants.ClientCredentialsGrant):  # type: ignore[misc]
    """`client_credentials`: a client with a secret gets a token for its own allowed scopes."""

    TOKEN_ENDPOINT_AUTH_METHODS = ("client_secret_basic", "client_secret_post")

    def validate_requested_scope(self) -> None:
        """The requested scopes must all be the client's (none requested: all of them), else `invalid_scope`."""
        if self.client.get_allowed_scope(self.request.payload.scope) is None:
            raise InvalidScopeError("The client may not request this scope")

    def generate_token(self, user: Any = None, scope: str | None = None, **options: Any) -> dict[str, Any]:
        """The token for the granted scope (Authlib passes the requested one)."""
        return super().generate_token(user=user, scope=self.client.get_allowed_scope(scope), **options)  # type: ignore[no-any-return]


class RefreshTokenGrant(grants.RefreshTokenGrant):  # type: ignore[misc]
    """`refresh_token`: new access and id tokens; the refresh token itself stays valid (Cognito does not rotate)."""

    TOKEN_ENDPOINT_AUTH_METHODS = ALL_AUTH_METHODS

    def authenticate_refresh_token(self, refresh_token: str) -> RefreshGrant | None:
        """The live grant behind the refresh token, or None (`invalid_grant`)."""
        grant: RefreshGrant | None = self.server.refresh_tokens.get(refresh_token)
        return grant

    def authenticate_user(self, refresh_token: RefreshGrant) -> Grantee | None:
        """The grantee, while the user still exists and is enabled (an id token from a refresh has no nonce)."""
        user = self.server.users.find(refresh_token.grantee.user.username)
        return Grantee(user, refresh_token.grantee.auth_time) if user is not None else None

    def revoke_old_credential(self, refresh_token: RefreshGrant) -> None:
        """Nothing to revoke: a Cognito refresh token stays valid until it expires."""
