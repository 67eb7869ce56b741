"""Tokens for the authorizer tests: real ones from the embedded Cognito, and minted ones where Cognito cannot.

moto signs every pool's tokens with one RSA key that ships in the moto package
(`moto/cognitoidp/resources/jwks-private.json.gz`, kid `dummy`); minting with it gives tokens only the claims
distinguish from Cognito's own, which is what the expiry, `nbf`, issuer and scope cases need.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from importlib import resources
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

MOTO_KID = "dummy"


def moto_private_jwk() -> dict[str, Any]:
    """moto's signing key, as the JWK it ships."""
    data = (resources.files("moto") / "cognitoidp" / "resources" / "jwks-private.json.gz").read_bytes()
    return dict(json.loads(gzip.decompress(data)))


def moto_private_key() -> Any:
    """moto's signing key as a `cryptography` private key."""
    return jwt.PyJWK(moto_private_jwk(), algorithm="RS256").key


def public_pem() -> bytes:
    """The PEM of moto's public key: the HS256 key-confusion attack uses it as an HMAC secret."""
    key = moto_private_key().public_key()
    return bytes(key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))


def mint(claims: dict[str, Any], *, kid: str = MOTO_KID, key: Any = None, algorithm: str = "RS256") -> str:
    """A JWT signed with moto's key (or `key`), with header `kid`."""
    return jwt.encode(claims, key if key is not None else moto_private_key(), algorithm=algorithm, headers={"kid": kid})


def foreign_key() -> Any:
    """A fresh RSA key nobody's JWKS holds."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned(claims: dict[str, Any]) -> str:
    """`alg: none`: header and payload, empty signature."""
    header = b64url(json.dumps({"alg": "none", "typ": "JWT", "kid": MOTO_KID}).encode())
    return f"{header}.{b64url(json.dumps(claims).encode())}."


def hs256_with_public_key(claims: dict[str, Any]) -> str:
    """The key-confusion attack: HS256 with the public key's PEM as the HMAC secret."""
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT", "kid": MOTO_KID}).encode())
    signing_input = f"{header}.{b64url(json.dumps(claims).encode())}"
    signature = hmac.new(public_pem(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(signature)}"


def tampered(token: str, **changes: Any) -> str:
    """`token` with its payload changed and its original signature kept."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims.update(changes)
    return f"{header}.{b64url(json.dumps(claims).encode())}.{signature}"


def with_header(token: str, header: str | bytes) -> str:
    """`token` with its header segment replaced by `header` (raw JSON text, or any bytes); payload, signature kept."""
    _, payload, signature = token.split(".")
    raw = header.encode() if isinstance(header, str) else header
    return f"{b64url(raw)}.{payload}.{signature}"


def claims_of(token: str) -> dict[str, Any]:
    """The payload of a token, unverified."""
    return dict(jwt.decode(token, options={"verify_signature": False}))


@dataclass(frozen=True)
class UserTokens:
    """A confirmed user's tokens from USER_PASSWORD_AUTH."""

    email: str
    access: str
    id: str


def sign_in(cognito: Any, pool_id: str, client_id: str) -> UserTokens:
    """Sign a new user up on `client_id`, confirm them as admin and sign them in (all real Cognito calls)."""
    email = f"user-{secrets.token_hex(4)}@example.com"
    password = f"Pw-{secrets.token_hex(8)}-Aa1!"
    cognito.sign_up(
        ClientId=client_id, Username=email, Password=password, UserAttributes=[{"Name": "email", "Value": email}]
    )
    cognito.admin_confirm_sign_up(UserPoolId=pool_id, Username=email)
    result = cognito.initiate_auth(
        ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": email, "PASSWORD": password}
    )["AuthenticationResult"]
    return UserTokens(email, result["AccessToken"], result["IdToken"])


def access_claims(issuer: str, client_id: str, /, **extra: Any) -> dict[str, Any]:
    """Claims of a Cognito access token that the authorizer should accept, plus `extra`."""
    now = int(time.time())
    claims = {
        "iss": issuer,
        "sub": "00000000-0000-4000-8000-000000000001",
        "client_id": client_id,
        "token_use": "access",
        "scope": "aws.cognito.signin.user.admin",
        "iat": now,
        "auth_time": now,
        "exp": now + 3600,
        "jti": secrets.token_hex(8),
        "username": "minted",
    }
    claims.update(extra)
    return claims
