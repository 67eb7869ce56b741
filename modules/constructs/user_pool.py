"""The Cognito user pool, its resource server (when routes ask for scopes) and its sign-in domain."""

from __future__ import annotations

from modules.config.environment import EnvironmentConfig
from modules.constructs.values import choose, differs, number
from modules.engine.bindings import Construct
from modules.engine.bindings import cognito_resource_server as crs
from modules.engine.bindings import cognito_user_pool as cup
from modules.engine.bindings import cognito_user_pool_domain as domain

#: The domain's `managed_login_version`: 2 is managed login (Essentials, Plus), 1 the classic hosted UI.
MANAGED_LOGIN_VERSION = 2
CLASSIC_HOSTED_UI_VERSION = 1


class UserPool(Construct):
    """A user pool with email as username, its OAuth scopes and its prefix sign-in domain.

    - `aws_cognito_user_pool.this`: feature plan `user_pool_tier` (ESSENTIALS unless set), threat protection
      (`user_pool_add_ons.advanced_security_mode`, OFF unless set, PLUS only), password of at least 12
      characters with all four classes, recovery by verified email, MFA OFF (OPTIONAL in `prod`), deletion
      protection in `prod` only.
    - `aws_cognito_resource_server.this`, when any route has `scopes`: identifier = the project name, one scope
      per name the routes use (published as `<project>/<scope>`).
    - `aws_cognito_user_pool_domain.this`: `https://<prefix>.auth.<region>.amazoncognito.com`, managed login
      version 2 (the classic hosted UI, version 1, with `managed_login = false`). Its `/oauth2/authorize` and
      `/oauth2/token` endpoints are what make scoped tokens obtainable: tokens from InitiateAuth carry custom
      scopes only through the pre-token-generation trigger (`groups.py`).
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
            user_pool_tier=pool_config.tier,
            user_pool_add_ons=cup.CognitoUserPoolUserPoolAddOns(advanced_security_mode=pool_config.threat_protection),
        )
        self.pool.override_logical_id("this")
        #: Read from Node once (every attribute read is a jsii round trip): the resources below and the outputs.
        self.pool_id = self.pool.id
        #: The JWT issuer, derived from the pool: `https://${endpoint}`.
        self.issuer = f"https://{self.pool.endpoint}"

        self.resource_server: crs.CognitoResourceServer | None = None
        if config.scopes:
            self.resource_server = crs.CognitoResourceServer(
                self,
                "resource-server",
                user_pool_id=self.pool_id,
                identifier=config.project,
                name=config.prefix,
                scope=[
                    crs.CognitoResourceServerScope(scope_name=s, scope_description=f"Grants the {s} scope")
                    for s in config.scopes
                ],
            )
            self.resource_server.override_logical_id("this")

        self.domain = domain.CognitoUserPoolDomain(
            self,
            "domain",
            domain=choose(differs(config.user_pool.domain_prefix, ""), config.user_pool.domain_prefix, config.prefix),
            user_pool_id=self.pool_id,
            managed_login_version=number(
                choose(pool_config.managed_login, MANAGED_LOGIN_VERSION, CLASSIC_HOSTED_UI_VERSION)
            ),
        )
        self.domain.override_logical_id("this")

    def auth_base_url(self, region: str) -> str:
        """The sign-in domain's base URL: `https://<prefix>.auth.<region>.amazoncognito.com`."""
        return f"https://{self.domain.domain}.auth.{region}.amazoncognito.com"
