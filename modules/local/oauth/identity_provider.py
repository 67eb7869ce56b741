"""A stand-in for a company's OpenID Provider: its demo users, the pool as its client, and Authlib's OpenID
Connect authorization code flow (`OpenIDCode`) with ID tokens signed by a key of its own (joserfc).

One stand-in serves every `kind = "oidc"` and `kind = "google"` provider of the stack: each provider's `client_id`
is registered as a client of it, with a secret made for the run and the local sign-in domain's `/oauth2/idpresponse`
as its only redirect URI, as step 1 of "Adding OIDC identity providers to a user pool" asks of a real IdP
(https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-oidc-idp.html). Its users are
`DEMO_USERNAMES`, each with a password made for the run (printed on the info line, never logged). The HTTP side is
`identity_provider_app.py`.
"""

from __future__ import annotations

import hmac
import secrets
import time
import uuid
from dataclasses import dataclass
from typing import Any

from authlib.oauth2.rfc6749 import ClientMixin, grants  # type: ignore[import-untyped]
from authlib.oauth2.rfc6749.util import scope_to_list  # type: ignore[import-untyped]
from authlib.oauth2.rfc6750 import BearerTokenGenerator, BearerTokenValidator  # type: ignore[import-untyped]
from authlib.oidc.core import AuthorizationCodeMixin, UserInfo  # type: ignore[import-untyped]
from authlib.oidc.core.grants import OpenIDCode  # type: ignore[import-untyped]
from joserfc.jwk import RSAKey

from modules.local.oauth.authorization_server import WerkzeugAuthorizationServer
from modules.local.oauth.store import ExpiringStore

#: The stand-in's users: `<name>@example.com`, display name capitalized.
DEMO_USERNAMES = ("alice", "bob")
#: The scopes it grants (a relying party asking for others gets these among them).
SCOPES = ("openid", "email", "profile")
ALGORITHM = "RS256"
CODE_SECONDS = 300
TOKEN_SECONDS = 3600
AUTH_METHODS = ("client_secret_basic", "client_secret_post")


@dataclass(frozen=True)
class DemoUser:
    """A user of the stand-in; `sub` is stable across runs (derived from the username), the password is not."""

    username: str
    password: str

    @property
    def sub(self) -> str:
        """The user's subject at the stand-in."""
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"local-idp:{self.username}"))

    @property
    def email(self) -> str:
        """`<username>@example.com`."""
        return f"{self.username}@example.com"

    def user_info(self) -> UserInfo:
        """Every claim of the user; `UserInfo.filter(scope)` releases those of a token's scope."""
        return UserInfo(
            sub=self.sub,
            email=self.email,
            email_verified=True,
            name=self.username.capitalize(),
            preferred_username=self.username,
        )

    def check_password(self, password: str) -> bool:
        """The password, compared in constant time."""
        return hmac.compare_digest(self.password.encode(), password.encode())


def demo_users() -> tuple[DemoUser, ...]:
    """The demo users, each with a fresh throwaway password."""
    return tuple(DemoUser(name, secrets.token_urlsafe(12)) for name in DEMO_USERNAMES)


@dataclass(frozen=True)
class RelyingParty(ClientMixin):  # type: ignore[misc]
    """The user pool as a client of the stand-in: a confidential client of the code flow."""

    client_id: str
    secret: str
    redirect_uri: str

    def get_client_id(self) -> str:
        """The client id the provider's config names."""
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        """The sign-in domain's `/oauth2/idpresponse`."""
        return self.redirect_uri

    def get_allowed_scope(self, scope: str | None) -> str:
        """The requested scopes the stand-in knows."""
        return " ".join(name for name in scope_to_list(scope) or [] if name in SCOPES)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        """Exactly the sign-in domain's `/oauth2/idpresponse`."""
        return redirect_uri == self.redirect_uri

    def check_client_secret(self, client_secret: str) -> bool:
        """The secret of this run, compared in constant time."""
        return hmac.compare_digest(self.secret.encode(), client_secret.encode())

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:  # noqa: ARG002
        """The secret, in HTTP Basic or in the body."""
        return method in AUTH_METHODS

    def check_response_type(self, response_type: str) -> bool:
        """`code` only."""
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        """`authorization_code` only."""
        return grant_type == "authorization_code"


@dataclass(frozen=True)
class IssuedCode(AuthorizationCodeMixin):  # type: ignore[misc]
    """A code of the stand-in: for whom, to which client, with which scope and nonce."""

    client_id: str
    redirect_uri: str
    scope: str
    user: DemoUser
    nonce: str | None
    auth_time: int

    def get_redirect_uri(self) -> str:
        """The redirect URI the code was issued for."""
        return self.redirect_uri

    def get_scope(self) -> str:
        """The granted scope."""
        return self.scope

    def get_nonce(self) -> str | None:
        """The authorization request's nonce, for the ID token."""
        return self.nonce

    def get_auth_time(self) -> int:
        """When the user signed in."""
        return self.auth_time


@dataclass(frozen=True)
class IssuedToken:
    """An opaque access token of the stand-in, for its userinfo endpoint."""

    user: DemoUser
    scope: str

    def get_scope(self) -> str:
        """The granted scope."""
        return self.scope

    def is_expired(self) -> bool:
        """Never while stored: the store drops it when it expires."""
        return False

    def is_revoked(self) -> bool:
        """Never."""
        return False


class CodeGrant(grants.AuthorizationCodeGrant):  # type: ignore[misc]
    """`authorization_code` at the stand-in: codes live 5 minutes and are redeemed once."""

    TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS

    def save_authorization_code(self, code: str, request: Any) -> None:
        """Keep the code with its client, redirect URI, scope, user and nonce."""
        data = request.payload.data
        issued = IssuedCode(
            request.client.client_id,
            request.payload.redirect_uri,
            request.scope,
            request.user,
            data.get("nonce"),
            int(time.time()),
        )
        self.server.codes.put(code, issued, CODE_SECONDS)

    def query_authorization_code(self, code: str, client: RelyingParty) -> IssuedCode | None:
        """The code, taken out of the store at once (a replayed code is unknown)."""
        issued: IssuedCode | None = self.server.codes.take(code)
        return issued if issued is not None and issued.client_id == client.client_id else None

    def delete_authorization_code(self, authorization_code: IssuedCode) -> None:
        """Nothing left to delete: `query_authorization_code` took it."""

    def authenticate_user(self, authorization_code: IssuedCode) -> DemoUser:
        """The user the code was issued to."""
        return authorization_code.user


class StandInOpenIDCode(OpenIDCode):  # type: ignore[misc]
    """ID tokens of the stand-in: RS256 with its key, `iss` its URL, `aud` the client, the user's claims."""

    def __init__(self, key: RSAKey, issuer: str) -> None:
        super().__init__(require_nonce=False)
        self.key = key
        self.issuer = issuer

    def resolve_client_private_key(self, client: RelyingParty) -> RSAKey:  # noqa: ARG002
        """The stand-in's own key."""
        return self.key

    def get_client_algorithm(self, client: RelyingParty) -> str:  # noqa: ARG002
        """RS256."""
        return ALGORITHM

    def get_encode_header(self, client: RelyingParty) -> dict[str, str]:  # noqa: ARG002
        """The algorithm and the key's id, which the JWKS lists."""
        return {"alg": ALGORITHM, "kid": str(self.key.kid)}

    def get_client_claims(self, client: RelyingParty) -> dict[str, Any]:
        """`iss`, `aud` and an `exp` an hour away."""
        return {"iss": self.issuer, "aud": [client.client_id], "exp": int(time.time()) + TOKEN_SECONDS}

    def exists_nonce(self, nonce: str, request: Any) -> bool:  # noqa: ARG002
        """Nonces are the relying party's to check (the sign-in domain does)."""
        return False

    def generate_user_info(self, user: DemoUser, scope: str) -> UserInfo:
        """The user's claims the scope releases."""
        return user.user_info().filter(scope)


class StoredTokenValidator(BearerTokenValidator):  # type: ignore[misc]
    """Bearer tokens the stand-in issued and still holds."""

    def __init__(self, tokens: ExpiringStore[IssuedToken]) -> None:
        super().__init__()
        self.tokens = tokens

    def authenticate_token(self, token_string: str) -> IssuedToken | None:
        """The stored token, or None (`invalid_token`)."""
        return self.tokens.get(token_string)


class StandInProvider(WerkzeugAuthorizationServer):
    """The stand-in's authorization server: `issuer` its base URL, `users` its demo users."""

    def __init__(self, issuer: str, users: tuple[DemoUser, ...]) -> None:
        super().__init__()
        self.issuer = issuer
        self.users = users
        self.key = RSAKey.generate_key(2048, parameters={"kid": secrets.token_hex(8), "use": "sig", "alg": ALGORITHM})
        self.clients: dict[str, RelyingParty] = {}
        self.codes: ExpiringStore[IssuedCode] = ExpiringStore()
        self.tokens: ExpiringStore[IssuedToken] = ExpiringStore()
        self.register_token_generator(
            "default", BearerTokenGenerator(lambda **_: secrets.token_urlsafe(32), expires_generator=TOKEN_SECONDS)
        )
        self.register_grant(CodeGrant, [StandInOpenIDCode(self.key, issuer)])

    def register(self, client_id: str, redirect_uri: str) -> RelyingParty:
        """Make `client_id` a client of the stand-in (a new secret), or return it when it is one already."""
        if client_id not in self.clients:
            self.clients[client_id] = RelyingParty(client_id, secrets.token_urlsafe(32), redirect_uri)
        return self.clients[client_id]

    def user(self, username: str, password: str) -> DemoUser | None:
        """The demo user with these credentials, else None."""
        found = [user for user in self.users if user.username == username and user.check_password(password)]
        return found[0] if found else None

    def query_client(self, client_id: str) -> RelyingParty | None:
        """A registered client, else None (`invalid_client`)."""
        return self.clients.get(client_id)

    def save_token(self, token: dict[str, Any], request: Any) -> None:
        """Keep the access token for the userinfo endpoint, for as long as it lives."""
        self.tokens.put(token["access_token"], IssuedToken(request.user, token.get("scope", "")), TOKEN_SECONDS)

    def public_keys(self) -> dict[str, Any]:
        """The JWKS: the public half of the signing key."""
        return {"keys": [self.key.as_dict(private=False)]}
