"""`/oauth2/userInfo`: the signed-in user's attributes, for a user access token with the `openid` scope.

As Cognito answers: `openid` alone gives every attribute; with `email`, `phone` or `profile`, `sub` and
`username` plus the attributes of those scopes (`profile`: every attribute that is neither email nor phone).
Access tokens from InitiateAuth have no `openid` scope, so they are refused, as on AWS.

The bearer token is checked by Authlib's resource protector (RFC 6750 errors: 401 `invalid_token`, 403
`insufficient_scope`) with a validator that verifies the JWT with the pool's key and issuer (PyJWT).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jwt
from authlib.oauth2 import OAuth2Error, ResourceProtector  # type: ignore[import-untyped]
from authlib.oauth2.rfc6750 import BearerTokenValidator, InvalidTokenError  # type: ignore[import-untyped]
from werkzeug.wrappers import Request

from modules.local.oauth.signing import SigningKey
from modules.local.oauth.users import PoolUsers

REQUIRED_SCOPES = ["openid"]
#: The attributes each OIDC scope releases; `profile` releases every other attribute.
SCOPE_ATTRIBUTES = {"email": ("email", "email_verified"), "phone": ("phone_number", "phone_number_verified")}


@dataclass(frozen=True)
class UserAccessToken:
    """The verified claims of a user's access token."""

    claims: Mapping[str, Any]

    def get_scope(self) -> str:
        """The token's `scope` claim."""
        return str(self.claims.get("scope", ""))

    def is_expired(self) -> bool:
        """Past its `exp`."""
        return float(self.claims["exp"]) <= time.time()

    def is_revoked(self) -> bool:
        """Never: access tokens are not revoked locally."""
        return False


class PoolAccessTokenValidator(BearerTokenValidator):  # type: ignore[misc]
    """Accepts the pool's user access tokens: the pool's key and issuer, `token_use: access`, a `username`."""

    def __init__(self, key: SigningKey, issuer: str) -> None:
        super().__init__()
        self.key = key
        self.issuer = issuer

    def authenticate_token(self, token_string: str) -> UserAccessToken | None:
        """The token's claims, or None when it is not a valid user access token of the pool."""
        try:
            claims = self.key.verify(token_string, issuer=self.issuer)
        except jwt.PyJWTError:
            return None
        if claims.get("token_use") != "access" or "username" not in claims:
            return None
        return UserAccessToken(claims)


class UserInfoEndpoint:
    """Answers `/oauth2/userInfo` with `(status, body, headers)`."""

    def __init__(self, key: SigningKey, issuer: str, users: PoolUsers) -> None:
        self.protector = ResourceProtector()
        self.protector.register_token_validator(PoolAccessTokenValidator(key, issuer))
        self.users = users

    def __call__(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        """The user's attributes and `username`, or an RFC 6750 error."""
        try:
            token = self.protector.validate_request(REQUIRED_SCOPES, request)
            user = self.users.find(str(token.claims["username"]))
            if user is None:
                raise InvalidTokenError(description="The user no longer exists")
        except OAuth2Error as error:
            status, body, headers = error()
            return int(status), body, list(headers)
        body = {**released(user.attributes, token.get_scope().split()), "username": user.username}
        return 200, body, [("Content-Type", "application/json"), ("Cache-Control", "no-store")]


def released(attributes: Mapping[str, str], scopes: list[str]) -> dict[str, str]:
    """The attributes a token with `scopes` may read at `/oauth2/userInfo`."""
    asked = [scope for scope in ("email", "phone", "profile") if scope in scopes]
    if not asked:
        return dict(attributes)
    named = {name for scope in asked for name in SCOPE_ATTRIBUTES.get(scope, ())}
    others = {name for names in SCOPE_ATTRIBUTES.values() for name in names}
    return {
        name: value
        for name, value in attributes.items()
        if name == "sub" or name in named or ("profile" in asked and name not in others)
    }
