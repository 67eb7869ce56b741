"""An HTTP API JWT authorizer, with the checks API Gateway documents ("Control access to HTTP APIs with JWT
authorizers in API Gateway", https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html),
in this order:

1. the token comes from the identity source (`$request.header.<name>` or `$request.querystring.<name>`), with
   or without a `Bearer ` prefix; a missing or empty token is 401;
2. the header must name RS256 (API Gateway supports RSA keys only) and a `kid`; the key with that `kid` is
   fetched from the issuer's JWKS over HTTP (PyJWKClient; cached, refreshed once for an unknown `kid`);
3. the RS256 signature is verified with that key (PyJWT; no hand-rolled crypto);
4. `iss` must equal the configured issuer exactly; `exp` must be in the future, `nbf` and `iat` (when present)
   in the past, with no leeway;
5. `aud`, or `client_id` when the token has no `aud`, must be one of the configured audience entries;
6. when the route has `authorization_scopes`, the token's `scope` (or `scp`) must hold at least one: else 403.

Whatever a token holds (a header that is not JSON, a `kid` or `crit` of the wrong type, deeply nested values),
an invalid token is a 401 (every `PyJWTError`), never a server error; the denial's reason shows what the
token held only shortened and escaped, and its `www-authenticate` header stays printable ASCII.
"""

from __future__ import annotations

import reprlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jwt

BEARER = "bearer "
ALGORITHM = "RS256"
#: API Gateway caches an issuer's public keys for up to two hours.
JWKS_LIFESPAN_SECONDS = 7200
#: The longest a token's own value (`alg`, `kid`) is quoted in a denial's reason.
QUOTE_LIMIT = 40
#: The longest `error_description` of a `www-authenticate` header.
DESCRIPTION_LIMIT = 200


class AuthorizationDenied(Exception):
    """The request may not reach the integration: 401 Unauthorized, or 403 Forbidden for a missing scope."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason

    @property
    def message(self) -> str:
        """The body's message, as API Gateway words it."""
        return "Forbidden" if self.status == 403 else "Unauthorized"

    @property
    def www_authenticate(self) -> str:
        """The `www-authenticate` header value of the denial."""
        error = "insufficient_scope" if self.status == 403 else "invalid_token"
        description = "".join(c if " " <= c <= "~" and c not in '"\\' else "?" for c in self.reason)
        return f'Bearer error="{error}" error_description="{description[:DESCRIPTION_LIMIT]}"'


@dataclass(frozen=True)
class Authorization:
    """A token that passed: its claims, and its scopes when the route asked for scopes."""

    claims: Mapping[str, Any]
    scopes: tuple[str, ...] | None


class JwtAuthorizer:
    """Validates JWTs for one authorizer against one issuer's JWKS."""

    def __init__(self, *, issuer: str, audience: Sequence[str], identity_sources: Sequence[str], jwks_uri: str) -> None:
        if len(identity_sources) != 1:
            raise ValueError(f"a JWT authorizer has exactly one identity source, got {list(identity_sources)}")
        self.issuer = issuer
        self.audience = tuple(audience)
        self.identity_source = identity_sources[0]
        self.jwks = jwt.PyJWKClient(jwks_uri, cache_jwk_set=True, lifespan=JWKS_LIFESPAN_SECONDS, timeout=10)

    def token(self, headers: Mapping[str, str], query: Mapping[str, str]) -> str:
        """The raw token from the identity source, without a `Bearer ` prefix ("" when absent)."""
        _, kind, name = [*self.identity_source.split(".", 2), "", ""][:3]
        if kind == "header":
            value = next((v for k, v in headers.items() if k.lower() == name.lower()), "")
        elif kind == "querystring":
            value = query.get(name, "")
        else:
            raise ValueError(f"unsupported identity source {self.identity_source!r}")
        value = value.strip()
        if value.lower().startswith(BEARER) or value.lower() == BEARER.strip():
            value = value[len(BEARER) :].strip()
        return value

    def authorize(
        self, headers: Mapping[str, str], query: Mapping[str, str], scopes: Sequence[str] = ()
    ) -> Authorization:
        """Check the request's token for a route needing `scopes`. Raises `AuthorizationDenied`."""
        token = self.token(headers, query)
        if not token:
            raise AuthorizationDenied(401, "no token in the identity source")
        claims = self.verify(token)
        if not scopes:
            return Authorization(claims, None)
        granted = token_scopes(claims)
        if not set(granted) & set(scopes):
            raise AuthorizationDenied(403, f"the token has none of the route's scopes {' '.join(scopes)}")
        return Authorization(claims, granted)

    def verify(self, token: str) -> dict[str, Any]:
        """The claims of a valid token. Raises `AuthorizationDenied` (401) otherwise."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:  # DecodeError, or InvalidTokenError for a `kid` or `crit` of the wrong type
            raise AuthorizationDenied(401, f"the token is not a valid JWT ({exc})") from None
        if header.get("alg") != ALGORITHM:
            raise AuthorizationDenied(401, f"the token's algorithm {_quote(header.get('alg'))} is not {ALGORITHM}")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise AuthorizationDenied(401, "the token has no kid")
        try:
            key = self.jwks.get_signing_key(kid)
        except jwt.PyJWKClientConnectionError:
            raise  # the emulator's own JWKS is unreachable: a server error, not the caller's
        except jwt.PyJWTError:
            raise AuthorizationDenied(401, f"no key with kid {_quote(kid)} in the issuer's JWKS") from None
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key,
                algorithms=[ALGORITHM],
                issuer=self.issuer,
                leeway=0,
                options={"require": ["exp", "iss"], "verify_aud": False},
            )
        except jwt.PyJWTError as exc:
            raise AuthorizationDenied(401, _describe(exc)) from None
        audience = claims.get("aud", claims.get("client_id"))
        audiences = audience if isinstance(audience, list) else [audience]
        if not any(isinstance(a, str) and a in self.audience for a in audiences):
            field = "aud" if "aud" in claims else "client_id"
            raise AuthorizationDenied(401, f"the token's {field} is not in the authorizer's audience")
        return claims


def token_scopes(claims: Mapping[str, Any]) -> tuple[str, ...]:
    """The scopes a token grants: `scope` (space-separated) or `scp` (list or string)."""
    raw = claims.get("scope", claims.get("scp", ""))
    if isinstance(raw, list):
        return tuple(str(item) for item in raw)
    return tuple(str(raw).split())


def _quote(value: Any) -> str:
    """A value from the token, for a reason: its repr (control characters escaped), shortened at any depth."""
    shown = _SHORT_REPR.repr(value)
    return shown if len(shown) <= QUOTE_LIMIT else shown[: QUOTE_LIMIT - 3] + "..."


_SHORT_REPR = reprlib.Repr()
_SHORT_REPR.maxlevel = 2
_SHORT_REPR.maxstring = QUOTE_LIMIT


def _describe(exc: jwt.PyJWTError) -> str:
    if isinstance(exc, jwt.ExpiredSignatureError):
        return "the token has expired"
    if isinstance(exc, jwt.ImmatureSignatureError):
        return "the token is not valid yet (nbf or iat in the future)"
    if isinstance(exc, jwt.InvalidIssuerError):
        return "the token's iss is not the authorizer's issuer"
    if isinstance(exc, jwt.InvalidSignatureError):
        return "the token does not have a valid signature"
    return f"the token is invalid ({exc})"
