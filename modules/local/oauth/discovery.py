"""`/.well-known/openid-configuration`: the pool's OpenID Provider metadata, with the local sign-in domain's
endpoints, checked by Authlib's `OpenIDProviderMetadata` before it is served.

The issuer stays the pool's (`https://cognito-idp.<region>.amazonaws.com/<pool id>`) and the JWKS is the embedded
Cognito's, exactly what the JWT authorizer trusts.
"""

from __future__ import annotations

from typing import Any

from authlib.oidc.discovery import OpenIDProviderMetadata  # type: ignore[import-untyped]


def openid_configuration(base_url: str, *, issuer: str, jwks_uri: str) -> dict[str, Any]:
    """The metadata document for the pool whose sign-in domain is served at `base_url`."""
    metadata = OpenIDProviderMetadata(
        {
            "issuer": issuer,
            "authorization_endpoint": f"{base_url}/oauth2/authorize",
            "token_endpoint": f"{base_url}/oauth2/token",
            "userinfo_endpoint": f"{base_url}/oauth2/userInfo",
            "jwks_uri": jwks_uri,
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code", "client_credentials", "refresh_token"],
            "scopes_supported": ["openid", "email", "phone", "profile"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
            "code_challenge_methods_supported": ["S256"],
        }
    )
    metadata.validate()
    return dict(metadata)
