"""The pool's external identity providers: OIDC or SAML, each named from its key."""

from __future__ import annotations

from typing import Any

from modules.config.environment import EnvironmentConfig
from modules.config.identity_providers import OIDC, PROVIDER_TYPES
from modules.constructs.clients import resource_name
from modules.constructs.values import is_unresolved
from modules.engine.bindings import Construct, Fn
from modules.engine.bindings import cognito_identity_provider as idp
from modules.engine.bindings import data_aws_ssm_parameter as ssm


class IdentityProviders(Construct):
    """`aws_cognito_identity_provider.<p>` per `[identity_providers.<name>]` (`provider_name` = the name).

    - OIDC: `provider_details` `client_id`, `client_secret`, `oidc_issuer`, `authorize_scopes` (space-separated)
      and `attributes_request_method`, as CreateIdentityProvider's ProviderDetails asks
      (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateIdentityProvider.html).
      The secret comes from `data.aws_ssm_parameter.<p>_client_secret` (`client_secret_ssm`, decrypted): it is
      in Terraform's state and in Cognito, never in the config or an output.
    - SAML: `provider_details.MetadataURL`.
    - `attribute_mapping` as configured.

    `names` are the providers' `provider_name` references, for the clients' `supported_identity_providers` (so
    Terraform creates the providers first).
    """

    def __init__(self, scope: Construct, id_: str, *, config: EnvironmentConfig, user_pool_id: str) -> None:
        super().__init__(scope, id_)
        self.names: list[str] = []
        for name, provider in config.identity_providers.items():
            key = resource_name(name)
            if provider.kind == OIDC:
                secret = ssm.DataAwsSsmParameter(
                    self, f"{name}-secret", name=provider.client_secret_ssm, with_decryption=True
                )
                secret.override_logical_id(f"{key}_client_secret")
                details = {
                    "client_id": provider.client_id,
                    "client_secret": secret.value,
                    "oidc_issuer": provider.issuer,
                    "authorize_scopes": _joined(provider.authorize_scopes),
                    "attributes_request_method": provider.attributes_request_method,
                }
            else:
                details = {"MetadataURL": provider.metadata_url}
            resource = idp.CognitoIdentityProvider(
                self,
                name,
                user_pool_id=user_pool_id,
                provider_name=name,
                provider_type=PROVIDER_TYPES[provider.kind],
                provider_details=details,
                attribute_mapping=provider.attribute_mapping,
            )
            resource.override_logical_id(key)
            self.names.append(resource.provider_name)


def _joined(scopes: Any) -> Any:
    """The scopes space-separated, as Cognito takes `authorize_scopes` (`join()` where they are a variable)."""
    return Fn.join(" ", scopes) if is_unresolved(list(scopes)) else " ".join(scopes)
