"""The pool's external identity providers, as the embedded Cognito holds them (DescribeIdentityProvider).

An OIDC or Google provider's `ProviderDetails` are those of the local stand-in that plays it
(`identity_provider_app.py`): its endpoints, the client id the config names and the secret of this run. Each
federated sign-in reads the provider afresh, never from a second copy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError  # type: ignore[import-untyped]

OIDC = "OIDC"
#: The provider types the stand-in plays: OIDC, and Google, which signs users in with OpenID Connect ("Adding
#: social identity providers to a user pool"). SAML is not emulated offline.
PLAYED = (OIDC, "Google")


@dataclass(frozen=True)
class ExternalProvider:
    """One identity provider of the pool: its name, type (`OIDC`, `Google`, `SAML`), details and attribute mapping."""

    name: str
    provider_type: str
    details: Mapping[str, str]
    attribute_mapping: Mapping[str, str]


class PoolProviders:
    """The identity providers of one user pool in the embedded Cognito."""

    def __init__(self, api: Any, pool_id: str) -> None:
        self.api = api
        self.pool_id = pool_id

    def find(self, name: str) -> ExternalProvider | None:
        """The provider named `name`, or None."""
        try:
            found = self.api.describe_identity_provider(UserPoolId=self.pool_id, ProviderName=name)
        except ClientError:
            return None
        provider = found["IdentityProvider"]
        return ExternalProvider(
            name=str(provider["ProviderName"]),
            provider_type=str(provider["ProviderType"]),
            details=dict(provider.get("ProviderDetails", {})),
            attribute_mapping=dict(provider.get("AttributeMapping", {})),
        )
