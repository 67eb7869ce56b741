"""External identity providers, keyed by name: an OpenID Connect, SAML or Google IdP users may sign in with.

Cognito's rules (CreateIdentityProvider, ProviderDetails,
https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateIdentityProvider.html; the
guide's "Adding OIDC identity providers to a user pool", "Adding SAML identity providers to a user pool" and
"Adding social identity providers to a user pool"): an OIDC provider needs `client_id`, `client_secret`,
`oidc_issuer`, `authorize_scopes` and `attributes_request_method`; a SAML provider `MetadataFile` or `MetadataURL`
(one of them); Google `client_id`, `client_secret` and `authorize_scopes`. `KIND_NEEDS` states which config
fields each kind needs, for the config's check and the exported module's validation alike.

The IdP sends users back to `https://<sign-in domain>/oauth2/idpresponse` (OIDC, Google) or
`https://<sign-in domain>/saml2/idpresponse` (SAML). The client secret never sits in the config: it is read from an
SSM SecureString parameter when Terraform plans (and so lands in the state, as every provider argument does).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import PrivateAttr, ValidationInfo, model_validator

from modules.config.base import ConfigModel, InvalidField, setting
from modules.config.metadata_file import METADATA_FILE, read_metadata
from modules.config.rules import EachMatches, Matches, OneOf

OIDC, SAML, GOOGLE = "oidc", "saml", "google"
#: Cognito's `provider_type` for each kind.
PROVIDER_TYPES = {OIDC: "OIDC", SAML: "SAML", GOOGLE: "Google"}
#: The `provider_name` Cognito gives its Google provider, and the name the authorize endpoint's `identity_provider`
#: takes for it ("Adding social identity providers to a user pool"; AWS CDK's UserPoolIdentityProviderGoogle uses
#: it too): a pool has at most one. OIDC and SAML providers are named from their key.
GOOGLE_PROVIDER_NAME = "Google"
#: The kinds whose provider details hold a client secret (read from `client_secret_ssm`).
WITH_SECRET = (OIDC, GOOGLE)
#: An SSM parameter name: a path of letters, digits and `_.-/` (Systems Manager, "Naming requirements").
SSM_PARAMETER = r"/[A-Za-z0-9_./-]{1,1000}"
HTTPS_URL = r"https://[^\s/?#@]+(?:/[^\s?#]*)?"
#: The validation context key the loader passes: the directory `metadata_file` is relative to.
CONFIG_DIR = "config_dir"


@dataclass(frozen=True)
class Needs:
    """Exactly one of `fields` is set (not ''); with one field, that field is set."""

    fields: tuple[str, ...]

    def ok(self, provider: Any) -> bool:
        return sum(1 for name in self.fields if getattr(provider, name)) == 1

    def describe(self, kind: str) -> str:
        what = self.fields[0] if len(self.fields) == 1 else "exactly one of " + " or ".join(self.fields)
        return f"{'an' if kind == OIDC else 'a'} {kind} provider needs {what}"

    def condition(self, ref: str) -> str:
        """The rule as a Terraform condition on the provider object `ref`."""
        if len(self.fields) == 1:
            return f'{ref}.{self.fields[0]} != ""'
        values = ", ".join(f"{ref}.{name}" for name in self.fields)
        return f'length([for value in [{values}] : value if value != ""]) == 1'


#: What each kind needs, from CreateIdentityProvider's ProviderDetails (above).
KIND_NEEDS: dict[str, tuple[Needs, ...]] = {
    OIDC: (Needs(("issuer",)), Needs(("client_id",)), Needs(("client_secret_ssm",))),
    SAML: (Needs(("metadata_url", "metadata_file")),),
    GOOGLE: (Needs(("client_id",)), Needs(("client_secret_ssm",))),
}


class IdentityProviderConfig(ConfigModel):
    """One `aws_cognito_identity_provider`: its `provider_name` is its key (`Google` for kind google)."""

    kind: str = setting(
        OIDC, OneOf(tuple(PROVIDER_TYPES)), doc="oidc (OpenID Connect), saml or google (Sign in with Google)"
    )
    issuer: str = setting("", Matches(f"|{HTTPS_URL}", "'' or an https:// URL"), doc="OIDC issuer URL (oidc_issuer)")
    client_id: str = setting("", doc="Client id of the pool at the OIDC provider or at Google")
    client_secret_ssm: str = setting(
        "",
        Matches(f"|{SSM_PARAMETER}", "'' or an SSM parameter name starting with /"),
        doc="Name of the SSM SecureString parameter that holds the OIDC or Google client secret (the secret is "
        "never in the config; Terraform reads it at plan time and keeps it in the state)",
    )
    authorize_scopes: tuple[str, ...] = setting(
        ("openid", "email", "profile"),
        EachMatches(r"[A-Za-z0-9_.:/-]+", "scope names without spaces"),
        doc="Scopes the pool asks the OIDC provider or Google for",
    )
    attributes_request_method: str = setting(
        "GET", OneOf(("GET", "POST")), doc="How the pool calls the OIDC provider's userinfo endpoint"
    )
    attribute_mapping: dict[str, str] = setting(
        {"email": "email", "username": "sub"},
        doc="User pool attribute → the IdP's claim (OIDC, Google) or SAML attribute",
    )
    metadata_url: str = setting(
        "", Matches(f"|{HTTPS_URL}", "'' or an https:// URL"), doc="SAML: URL of the IdP's metadata document"
    )
    metadata_file: str = setting(
        "",
        Matches(r"|[^/\\].*", "'' or a path relative to the config file's directory"),
        doc="SAML: the IdP's metadata document instead of metadata_url: in the config the path of an XML file "
        "(relative to the config file's directory), in the exported module the document itself",
    )
    _metadata_document: str = PrivateAttr("")

    def provider_name(self, key: str) -> str:
        """The provider's `provider_name` when configured under `key`."""
        return GOOGLE_PROVIDER_NAME if self.kind == GOOGLE else key

    @property
    def metadata_document(self) -> str:
        """The content of `metadata_file`, read when the config loaded ('' without one)."""
        return self._metadata_document

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
    def _kind_needs(self, info: ValidationInfo) -> IdentityProviderConfig:
        for needs in KIND_NEEDS[self.kind]:
            if not needs.ok(self):
                field = next((name for name in needs.fields if getattr(self, name)), needs.fields[0])
                raise InvalidField(field, getattr(self, field), needs.describe(self.kind))
        if self.metadata_file:
            if not info.context or CONFIG_DIR not in info.context:
                raise InvalidField("metadata_file", self.metadata_file, METADATA_FILE)
            self._metadata_document = read_metadata(info.context[CONFIG_DIR], self.metadata_file)
        return self
