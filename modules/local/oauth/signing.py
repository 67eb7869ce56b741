"""The embedded Cognito's signing key: moto signs every pool's tokens with one RSA key it ships.

The key is `moto/cognitoidp/resources/jwks-private.json.gz` (kid `dummy`); moto serves its public half as each
pool's JWKS (`<endpoint>/<pool id>/.well-known/jwks.json`). Tokens signed here are therefore verified by the same
JWKS as moto's own, exactly as a real pool's tokens are all verified by that pool's JWKS.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping
from importlib import resources
from typing import Any

import jwt

ALGORITHM = "RS256"


class SigningKey:
    """moto's RSA private key, loaded once from the moto package."""

    def __init__(self) -> None:
        packed = (resources.files("moto") / "cognitoidp" / "resources" / "jwks-private.json.gz").read_bytes()
        document = json.loads(gzip.decompress(packed))
        jwk = document["keys"][0] if "keys" in document else document
        self.kid = str(jwk["kid"])
        self._key = jwt.PyJWK(jwk, algorithm=ALGORITHM)

    def sign(self, claims: Mapping[str, Any]) -> str:
        """A compact JWS of `claims`: RS256, header `kid` as Cognito's."""
        return jwt.encode(dict(claims), self._key.key, algorithm=ALGORITHM, headers={"kid": self.kid})

    def verify(self, token: str, *, issuer: str) -> dict[str, Any]:
        """The claims of a token this key signed for `issuer`, unexpired (raises `jwt.PyJWTError` otherwise)."""
        public = self._key.key.public_key()
        claims: dict[str, Any] = jwt.decode(
            token,
            public,
            algorithms=[ALGORITHM],
            issuer=issuer,
            options={"require": ["exp", "iat", "iss", "sub"], "verify_aud": False},
        )
        return claims
