"""The pool's external identity providers: OIDC, SAML or Google, each named from its key."""

from __future__ import annotations

from typing import Any

from modules.config.environment import EnvironmentConfig
from modules.config.identity_providers import GOOGLE, OIDC, PROVIDER_TYPES, IdentityProviderConfig
from modules.constructs.clients import resource_name
from modules.constructs.values import Expression, choose, equals, is_unresolved
from modules.engine.bindings import Construct, Fn, Token
from modules.engine.bindings import cognito_identity_provider as idp
from modules.engine.bindings import data_aws_ssm_parameter as ssm


class IdentityProviders(Construct):
    """`aws_cognito_identity_provider.<p>` per `[identity_providers.<name>]` (`provider_name` = the name, or
    `Google` for kind google).

    Provider details as CreateIdentityProvider's ProviderDetails asks
    (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateIdentityProvider.html):

    - OIDC: `client_id`, `client_secret`, `oidc_issuer`, `authorize_scopes` (space-separated) and
      `attributes_request_method`.
    - Google (`provider_type = "Google"`, "Adding social identity providers to a user pool",
      https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-social-idp.html): `client_id`,
      `client_secret` and `authorize_scopes` (space-separated, e.g. "openid email profile").
    - SAML: `MetadataURL`, or `MetadataFile` with the document `metadata_file` names (read at load).
    - `attribute_mapping` as configured.

    The secret comes from `data.aws_ssm_parameter.<p>_client_secret` (`client_secret_ssm`, decrypted): it is in
    Terraform's state and in Cognito, never in the config or an output. In the exported module, `client_secrets`
    is its sensitive `identity_provider_client_secrets` variable: a provider whose name it holds takes the secret
    from there, and its SSM data source is not read (`count = 0`). The environment stacks pass None: they read
    SSM only.

    `names` are the providers' `provider_name` references, for the clients' `supported_identity_providers` (so
    Terraform creates the providers first).
    """

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        config: EnvironmentConfig,
        user_pool_id: str,
        client_secrets: Any = None,
    ) -> None:
        super().__init__(scope, id_)
        self.names: list[str] = []
        for name, provider in config.identity_providers.items():
            key = resource_name(name)
            if provider.kind in (OIDC, GOOGLE):
                details = {
                    "client_id": provider.client_id,
                    "client_secret": self._secret(name, key, provider, client_secrets),
                    **({"oidc_issuer": provider.issuer} if provider.kind == OIDC else {}),
                    "authorize_scopes": _joined(provider.authorize_scopes),
                    **(
                        {"attributes_request_method": provider.attributes_request_method}
                        if provider.kind == OIDC
                        else {}
                    ),
                }
            else:
                details = _saml_details(provider)
            resource = idp.CognitoIdentityProvider(
                self,
                name,
                user_pool_id=user_pool_id,
                provider_name=provider.provider_name(name),
                provider_type=PROVIDER_TYPES[provider.kind],
                provider_details=details,
                attribute_mapping=provider.attribute_mapping,
            )
            resource.override_logical_id(key)
            self.names.append(resource.provider_name)

    def _secret(self, name: str, key: str, provider: IdentityProviderConfig, client_secrets: Any) -> Any:
        """The client secret: the SSM parameter's value, or in the module the variable's entry when it has one."""
        secret = ssm.DataAwsSsmParameter(self, f"{name}-secret", name=provider.client_secret_ssm, with_decryption=True)
        secret.override_logical_id(f"{key}_client_secret")
        if client_secrets is None:
            return secret.value
        given = Fn.contains(Fn.keys(client_secrets), name)
        secret.count = Token.as_number(Fn.conditional(given, 0, 1))
        read = Expression(f"one(data.aws_ssm_parameter.{key}_client_secret[*].value)")
        return Token.as_string(Fn.conditional(given, Fn.lookup(client_secrets, name, ""), read))


def _saml_details(provider: IdentityProviderConfig) -> Any:
    """`MetadataURL` or `MetadataFile`, whichever is set (in the module, `merge()` keeps the one set)."""
    url, document = provider.metadata_url, _metadata_document(provider)
    if not is_unresolved(url):
        return {"MetadataURL": url} if url else {"MetadataFile": document}
    return Token.as_string_map(Fn.merge([
        choose(equals(url, ""), Expression("{}"), {"MetadataURL": url}),
        choose(equals(document, ""), Expression("{}"), {"MetadataFile": document}),
    ]))  # fmt: skip


def _metadata_document(provider: IdentityProviderConfig) -> Any:
    """The metadata document: read at load in an environment stack; in the module, `metadata_file` is the
    variable's attribute that holds the document itself."""
    return provider.metadata_file if is_unresolved(provider.metadata_file) else provider.metadata_document


def _joined(scopes: Any) -> Any:
    """The scopes space-separated, as Cognito takes `authorize_scopes` (`join()` where they are a variable)."""
    return Fn.join(" ", scopes) if is_unresolved(list(scopes)) else " ".join(scopes)
