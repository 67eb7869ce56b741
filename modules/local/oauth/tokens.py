"""The tokens a sign-in domain issues, with the claims Cognito puts in them, signed with the pool's key.

- Access token: `iss` (the pool issuer), `sub`, `client_id`, `token_use: access`, `scope`, `auth_time`, `iat`,
  `exp`, `jti`; for a user also `username` and `version: 2`. A client-credentials token's `sub` is the client id.
  Access tokens have no `aud`: the JWT authorizer checks their `client_id`.
- Id token (a user's, when the scope has `openid`): `aud` = the client id, `token_use: id`, `cognito:username`,
  the user's attributes (a federated user's `identities` among them), `at_hash`, and the `nonce` of the
  authorization request.
- Both pass through the pool's pre-token-generation trigger when it has one (`modules/local/token_trigger.py`).
- Refresh token (a user's, code flow): opaque, kept in memory for the client's refresh token validity.

Lifetimes are the client's token validities, as the embedded Cognito holds them.
"""

from __future__ import annotations

import json
import secrets
import time
import uuid
from dataclasses import dataclass
from typing import Any

from authlib.oauth2.rfc6749 import TokenMixin  # type: ignore[import-untyped]
from authlib.oauth2.rfc6749.util import scope_to_list  # type: ignore[import-untyped]
from authlib.oidc.core.util import create_half_hash  # type: ignore[import-untyped]

from modules.local.oauth.clients import AppClient
from modules.local.oauth.signing import ALGORITHM, SigningKey
from modules.local.oauth.store import ExpiringStore
from modules.local.oauth.users import User
from modules.local.token_trigger import customize

#: The pre-token-generation trigger's `triggerSource` for a user's sign-in here and for client_credentials.
TRIGGER_SOURCES = {"hosted": "TokenGeneration_HostedAuth", "client": "TokenGeneration_ClientCredentials"}
#: Cognito's `version` claim of user access tokens.
ACCESS_TOKEN_VERSION = 2


@dataclass(frozen=True)
class Grantee:
    """Who a user token is for: the user, when they signed in, and the authorization request's nonce."""

    user: User
    auth_time: int
    nonce: str | None = None


@dataclass(frozen=True)
class RefreshGrant(TokenMixin):  # type: ignore[misc]
    """What a refresh token stands for: a client, a grantee and the scope granted at sign-in."""

    client_id: str
    grantee: Grantee
    scope: str

    def check_client(self, client: AppClient) -> bool:
        """Only the client it was issued to may use it."""
        return client.client_id == self.client_id

    def get_scope(self) -> str:
        """The scope granted at sign-in."""
        return self.scope


class TokenIssuer:
    """Authlib's token generator: `issuer(grant_type, client, user, scope, ...)` → the token response body."""

    def __init__(self, key: SigningKey, issuer: str, refresh_tokens: ExpiringStore[RefreshGrant]) -> None:
        self.key = key
        self.issuer = issuer
        self.refresh_tokens = refresh_tokens

    def __call__(
        self,
        grant_type: str,  # noqa: ARG002 (part of Authlib's generator signature; the claims depend on the grantee)
        client: AppClient,
        user: Grantee | None = None,
        scope: str | None = None,
        expires_in: int | None = None,
        include_refresh_token: bool = True,
    ) -> dict[str, Any]:
        """The token response: access token, id token (user with `openid`), refresh token (when asked)."""
        now = int(time.time())
        scope = scope or ""
        lifetime = expires_in or client.validity_seconds["AccessToken"]
        access = self.access_token(client, user, scope, now, lifetime)
        body: dict[str, Any] = {"access_token": access}
        if user is not None and "openid" in scope_to_list(scope):
            body["id_token"] = self.id_token(client, user, access, now)
        if user is not None and include_refresh_token:
            refresh = secrets.token_urlsafe(64)
            grant = RefreshGrant(client.client_id, user, scope)
            self.refresh_tokens.put(refresh, grant, client.validity_seconds["RefreshToken"])
            body["refresh_token"] = refresh
        body.update({"expires_in": lifetime, "token_type": "Bearer"})
        return body

    def access_token(self, client: AppClient, user: Grantee | None, scope: str, now: int, lifetime: int) -> str:
        """A signed access token for a user (`user`) or for the client itself."""
        claims: dict[str, Any] = {
            "sub": user.user.sub if user is not None else client.client_id,
            "iss": self.issuer,
            "client_id": client.client_id,
            "token_use": "access",
            "scope": scope,
            "auth_time": user.auth_time if user is not None else now,
            "iat": now,
            "exp": now + lifetime,
            "jti": str(uuid.uuid4()),
        }
        if user is not None:
            claims.update({"username": user.user.username, "version": ACCESS_TOKEN_VERSION})
        region, pool_id = self.issuer.split(".")[1], self.issuer.rsplit("/", 1)[-1]
        source = TRIGGER_SOURCES["hosted" if user is not None else "client"]
        username = user.user.username if user is not None else None
        claims = customize(region, pool_id, claims, username=username, client_id=client.client_id, source=source)
        return self.key.sign(claims)

    def id_token(self, client: AppClient, user: Grantee, access_token: str, now: int) -> str:
        """A signed id token of `user` for `client`."""
        attributes = {name: _attribute(name, value) for name, value in user.user.attributes.items()}
        claims: dict[str, Any] = {
            **attributes,
            "at_hash": create_half_hash(access_token, ALGORITHM).decode(),
            "sub": user.user.sub,
            "aud": client.client_id,
            "iss": self.issuer,
            "token_use": "id",
            "cognito:username": user.user.username,
            "auth_time": user.auth_time,
            "iat": now,
            "exp": now + client.validity_seconds["IdToken"],
            "jti": str(uuid.uuid4()),
        }
        if user.nonce:
            claims["nonce"] = user.nonce
        return self.key.sign(claims)


def _attribute(name: str, value: str) -> Any:
    """An attribute as Cognito writes it into an id token: `*_verified` as a boolean, a federated user's
    `identities` as the JSON array it holds, others as strings."""
    if name.endswith("_verified") and value in ("true", "false"):
        return value == "true"
    if name == "identities":
        return json.loads(value)
    return value
