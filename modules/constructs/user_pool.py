"""Cognito user pool, its resource server (when routes ask for scopes) and the app client."""

from __future__ import annotations

from constructs import Construct

from modules.config.model import EnvironmentConfig
from modules.constructs.values import choose, differs
from modules.engine import cognito_resource_server as crs
from modules.engine import cognito_user_pool as cup
from modules.engine import cognito_user_pool_client as cupc


class UserPool(Construct):
    """A user pool with email as username, plus an app client without secret.

    Resources (Terraform names): `aws_cognito_user_pool.this`, `aws_cognito_user_pool_client.this` and, when
    any route has `scopes`, `aws_cognito_resource_server.this` (identifier = the project name) whose scopes the
    client may request through the OAuth code flow.

    Defaults (from `modules/config/model.py`): password of at least 12 characters with all four classes, MFA OFF,
    deletion protection in `prod` only, flows USER_PASSWORD + USER_SRP + REFRESH_TOKEN, 60-minute access and id
    tokens, 30-day refresh tokens.
    """

    def __init__(self, scope: Construct, id_: str, *, config: EnvironmentConfig) -> None:
        super().__init__(scope, id_)
        pool_config, password = config.user_pool, config.user_pool.password
        self.pool = cup.CognitoUserPool(
            self,
            "pool",
            name=config.prefix,
            username_attributes=["email"],
            auto_verified_attributes=["email"],
            username_configuration=cup.CognitoUserPoolUsernameConfiguration(case_sensitive=False),
            password_policy=cup.CognitoUserPoolPasswordPolicy(
                minimum_length=password.minimum_length,
                require_lowercase=password.require_lowercase,
                require_uppercase=password.require_uppercase,
                require_numbers=password.require_numbers,
                require_symbols=password.require_symbols,
                temporary_password_validity_days=password.temporary_password_validity_days,
            ),
            account_recovery_setting=cup.CognitoUserPoolAccountRecoverySetting(
                recovery_mechanism=[
                    cup.CognitoUserPoolAccountRecoverySettingRecoveryMechanism(name="verified_email", priority=1)
                ]
            ),
            mfa_configuration=pool_config.mfa,
            software_token_mfa_configuration=cup.CognitoUserPoolSoftwareTokenMfaConfiguration(
                enabled=differs(pool_config.mfa, "OFF")
            ),
            deletion_protection=choose(pool_config.deletion_protection, "ACTIVE", "INACTIVE"),
        )
        self.pool.override_logical_id("this")

        self.scopes: list[str] = []
        depends = []
        oauth: dict[str, object] = {}
        if config.scopes:
            server = crs.CognitoResourceServer(
                self,
                "resource-server",
                user_pool_id=self.pool.id,
                identifier=config.project,
                name=config.prefix,
                scope=[
                    crs.CognitoResourceServerScope(scope_name=s, scope_description=f"Grants the {s} scope")
                    for s in config.scopes
                ],
            )
            server.override_logical_id("this")
            self.scopes = [f"{config.project}/{s}" for s in config.scopes]
            depends.append(server)
            oauth = {
                "allowed_oauth_flows_user_pool_client": True,
                "allowed_oauth_flows": ["code"],
                "allowed_oauth_scopes": ["openid", "email", *self.scopes],
                "callback_urls": list(config.client.callback_urls),
                "supported_identity_providers": ["COGNITO"],
            }

        client = config.client
        self.client = cupc.CognitoUserPoolClient(
            self,
            "client",
            name=f"{config.prefix}-client",
            user_pool_id=self.pool.id,
            generate_secret=False,
            explicit_auth_flows=list(client.auth_flows),
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
            depends_on=depends or None,
            **oauth,
        )
        self.client.override_logical_id("this")

    @property
    def issuer(self) -> str:
        """The JWT issuer, derived from the pool: `https://${endpoint}`."""
        return f"https://{self.pool.endpoint}"
