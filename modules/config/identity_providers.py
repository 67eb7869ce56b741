"""External identity providers, keyed by name: the company's OpenID Connect or SAML IdP users may sign in with.

Cognito's rules ("Adding OIDC identity providers to a user pool" and "Adding SAML identity providers to a user
pool", Amazon Cognito Developer Guide; CreateIdentityProvider, ProviderDetails): an OIDC provider needs
`client_id`, `client_secret`, `oidc_issuer`, `authorize_scopes` and `attributes_request_method`; a SAML provider
its metadata (`MetadataURL`). The IdP sends users back to `https://<sign-in domain>/oauth2/idpresponse` (OIDC) or
`https://<sign-in domain>/saml2/idpresponse` (SAML). The client secret never sits in the config: it is read from an
SSM SecureString parameter when Terraform plans (and so lands in the state, as every provider argument does).
"""

from __future__ import annotations

from typing import Any

from pydantic import model_validator

from modules.config.base import ConfigModel, InvalidField, setting
from modules.config.rules import EachMatches, Matches, OneOf

OIDC, SAML = "oidc", "saml"
#: Cognito's `provider_type` for each kind.
PROVIDER_TYPES = {OIDC: "OIDC", SAML: "SAML"}
#: An SSM parameter name: a path of letters, digits and `_.-/` (Systems Manager, "Naming requirements").
SSM_PARAMETER = r"/[A-Za-z0-9_./-]{1,1000}"
HTTPS_URL = r"https://[^\s/?#@]+(?:/[^\s?#]*)?"


class IdentityProviderConfig(ConfigModel):
    """One `aws_cognito_identity_provider`, named from its key (its `provider_name`)."""

    kind: str = setting(OIDC, OneOf(tuple(PROVIDER_TYPES)), doc="oidc (OpenID Connect) or saml")
    issuer: str = setting("", Matches(f"|{HTTPS_URL}", "'' or an https:// URL"), doc="OIDC issuer URL (oidc_issuer)")
    client_id: str = setting("", doc="Client id of the pool at the OIDC provider")
    client_secret_ssm: str = setting(
        "",
        Matches(f"|{SSM_PARAMETER}", "'' or an SSM parameter name starting with /"),
        doc="Name of the SSM SecureString parameter that holds the OIDC client secret (the secret is never in the "
        "config; Terraform reads it at plan time and keeps it in the state)",
    )
    authorize_scopes: tuple[str, ...] = setting(
        ("openid", "email", "profile"),
        EachMatches(r"[A-Za-z0-9_.:/-]+", "scope names without spaces"),
        doc="Scopes the pool asks the OIDC provider for",
    )
    attributes_request_method: str = setting(
        "GET", OneOf(("GET", "POST")), doc="How the pool calls the OIDC provider's userinfo endpoint"
    )
    attribute_mapping: dict[str, str] = setting(
        {"email": "email", "username": "sub"},
        doc="User pool attribute → the IdP's claim (OIDC) or SAML attribute",
    )
    metadata_url: str = setting(
        "", Matches(f"|{HTTPS_URL}", "'' or an https:// URL"), doc="SAML: URL of the IdP's metadata document"
    )

    @model_validator(mode="before")
    @classmethod
    def _no_secret(cls, data: Any) -> Any:
        if isinstance(data, dict) and "client_secret" in data:
            raise InvalidField(
                "client_secret",
                "(not shown)",
                "no secret in the config: put it in an SSM SecureString parameter and name it in client_secret_ssm",
            )
        return data

    @model_validator(mode="after")
    def _kind_needs(self) -> IdentityProviderConfig:
        needed = ("issuer", "client_id", "client_secret_ssm") if self.kind == OIDC else ("metadata_url",)
        for name in needed:
            if not getattr(self, name):
                raise InvalidField(name, "", f"a value: a {self.kind} provider needs {', '.join(needed)}")
        return self
