"""The app clients of the user pool, one per `[clients.<name>]`, and the managed login branding of interactive ones."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from modules.config.clients import OPENID_SCOPES, ClientConfig
from modules.config.environment import EnvironmentConfig
from modules.constructs.user_pool import UserPool
from modules.constructs.values import count_if, none_if_empty
from modules.engine.bindings import Construct
from modules.engine.bindings import cognito_managed_login_branding as branding
from modules.engine.bindings import cognito_user_pool_client as cupc


def resource_name(name: str) -> str:
    """The Terraform name of a client's resources: its config name with `-` as `_` (`web-app` → `web_app`)."""
    return name.replace("-", "_")


class AppClients(Construct):
    """`aws_cognito_user_pool_client.<name>` for every configured client; the authorizer's audience is all of them.

    - interactive: no secret; the user flows in `auth_flows` (password flow, SRP, refresh) and the
      authorization code flow (PKCE is the client's part) to its callback URLs, for `openid email` and its
      scopes; plus `aws_cognito_managed_login_branding.<name>` in Cognito's default style (managed login only:
      none with `user_pool.managed_login = false`, the classic hosted UI).
    - machine: `generate_secret = true` and `client_credentials` only, for its scopes; no user flow. The secret
      lives in Terraform state and Cognito, never in an output (`aws cognito-idp describe-user-pool-client`
      reads it).

    Every client: `prevent_user_existence_errors`, token revocation, validities with their units.
    """

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        config: EnvironmentConfig,
        user_pool: UserPool,
        identity_providers: tuple[str, ...] = (),
    ) -> None:
        super().__init__(scope, id_)
        project_scopes = {name: f"{config.project}/{name}" for name in config.scopes}
        #: Each client's id by name: the authorizer's audience and the `client_ids` output.
        self.ids: dict[str, str] = {}
        for name, client in config.clients.items():
            resource = cupc.CognitoUserPoolClient(
                self,
                name,
                name=f"{config.prefix}-{name}",
                user_pool_id=user_pool.pool_id,
                generate_secret=client.is_machine,
                explicit_auth_flows=list(client.explicit_auth_flows),
                prevent_user_existence_errors="ENABLED",
                enable_token_revocation=True,
                access_token_validity=client.access_token_validity_minutes,
                id_token_validity=client.id_token_validity_minutes,
                refresh_token_validity=client.refresh_token_validity_days,
                token_validity_units=[
                    cupc.CognitoUserPoolClientTokenValidityUnits(
                        access_token="minutes", id_token="minutes", refresh_token="days"
                    )
                ],
                depends_on=[user_pool.resource_server] if client.scopes and user_pool.resource_server else None,
                **_oauth(client, [project_scopes[s] for s in client.scopes], identity_providers),
            )
            resource.override_logical_id(resource_name(name))
            self.ids[name] = resource.id
            managed_login = config.user_pool.managed_login
            if not client.is_machine and managed_login is not False:
                style = branding.CognitoManagedLoginBranding(
                    self,
                    f"{name}-branding",
                    client_id=self.ids[name],
                    user_pool_id=user_pool.pool_id,
                    use_cognito_provided_values=True,
                    depends_on=[user_pool.domain],
                    count=count_if(managed_login),
                )
                style.override_logical_id(resource_name(name))


def _oauth(client: ClientConfig, scopes: list[str], identity_providers: tuple[str, ...]) -> Mapping[str, Any]:
    """The OAuth arguments of a client: the code flow for an interactive one (the pool's own users and every
    external identity provider), client_credentials for a machine one (the pool alone)."""
    common = {"allowed_oauth_flows_user_pool_client": True, "supported_identity_providers": ["COGNITO"]}
    if client.is_machine:
        return {**common, "allowed_oauth_flows": ["client_credentials"], "allowed_oauth_scopes": scopes}
    return {
        **common,
        "supported_identity_providers": ["COGNITO", *identity_providers],
        "allowed_oauth_flows": ["code"],
        "allowed_oauth_scopes": [*OPENID_SCOPES, *scopes],
        "callback_urls": list(client.callback_urls),
        "logout_urls": none_if_empty(client.logout_urls),
    }
