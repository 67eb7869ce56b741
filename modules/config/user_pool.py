"""The Cognito user pool's settings: MFA, deletion protection, its sign-in domain and the password policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import model_validator

from modules.config.allowed import MFA_MODES, PRE_TOKEN_VERSIONS, THREAT_PROTECTION_MODES, USER_POOL_TIERS
from modules.config.base import ConfigModel, InvalidField, setting
from modules.config.rules import Between, OneOf
from modules.hcl_literal import literal

#: Words Cognito refuses inside a prefix domain.
RESERVED_DOMAIN_WORDS = ("aws", "amazon", "cognito")
#: A prefix domain: lowercase letters, digits and inner hyphens, at most 63 characters.
DOMAIN_PREFIX_PATTERN = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"


#: AWS's page on what each feature plan unlocks.
FEATURE_PLANS_URL = "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-sign-in-feature-plans.html"


@dataclass(frozen=True)
class PlanRule:
    """A pool feature only some plans offer: `field` is in use unless it holds `off`, and then needs a `tier`
    among `tiers`. Checked when the config loads (`UserPoolConfig`) and by the exported module's validation of
    `var.user_pool` (`condition`)."""

    field: str
    off: Any
    tiers: tuple[str, ...]
    feature: str
    source: str

    def ok(self, pool: UserPoolConfig) -> bool:
        return bool(getattr(pool, self.field) == self.off or pool.tier in self.tiers)

    def describe(self) -> str:
        return f"{literal(self.off)} unless tier is {' or '.join(self.tiers)} ({self.feature}: {self.source})"

    def condition(self, ref: str) -> str:
        return f"{ref}.{self.field} == {literal(self.off)} || contains({literal(list(self.tiers))}, {ref}.tier)"


#: "User pool managed login": the classic hosted UI is the only domain option on Lite.
MANAGED_LOGIN_URL = "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-managed-login.html"
#: "Advanced security with threat protection": threat protection is available in the Plus plan.
THREAT_PROTECTION_URL = (
    "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-settings-threat-protection.html"
)
#: "Pre token generation Lambda trigger": V2_0 and V3_0 events (access-token customization) need Essentials or Plus.
TOKEN_CUSTOMIZATION_URL = (
    "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html"
)
TOKEN_CUSTOMIZATION_TIERS = ("ESSENTIALS", "PLUS")
#: What the plans unlock, from AWS's documentation.
PLAN_RULES = (
    PlanRule("managed_login", False, ("ESSENTIALS", "PLUS"),
             "managed login needs Essentials or Plus; false keeps the classic hosted UI", MANAGED_LOGIN_URL),
    PlanRule("threat_protection", "OFF", ("PLUS",), "threat protection needs Plus", THREAT_PROTECTION_URL),
)  # fmt: skip


class PasswordPolicy(ConfigModel):
    """Cognito password policy. Default: at least 12 characters with all four character classes."""

    minimum_length: int = setting(12, Between(6, 99), doc="Minimum password length")
    require_lowercase: bool = setting(True, doc="Require a lowercase letter")
    require_uppercase: bool = setting(True, doc="Require an uppercase letter")
    require_numbers: bool = setting(True, doc="Require a digit")
    require_symbols: bool = setting(True, doc="Require a symbol")
    temporary_password_validity_days: int = setting(
        7, Between(0, 365), doc="Days an admin-set temporary password stays valid"
    )


class UserPoolConfig(ConfigModel):
    """Cognito user pool settings. An environment named `prod` defaults to deletion protection and MFA OPTIONAL."""

    mfa: str = setting(
        "OFF",
        OneOf(MFA_MODES),
        doc="MFA setting of the user pool, with TOTP software tokens (default OPTIONAL in prod)",
    )
    deletion_protection: bool = setting(
        False, doc="Protect the user pool against deletion (default: true in prod only)"
    )
    domain_prefix: str = setting(
        "",
        doc="Prefix of the pool's sign-in domain https://<prefix>.auth.<region>.amazoncognito.com ('': "
        "<project>-<environment>); lowercase letters, digits and hyphens, at most 63 characters, without the "
        "words aws, amazon or cognito, unique in the region",
    )
    password: PasswordPolicy = setting(PasswordPolicy(), doc="Password policy")
    tier: str = setting(
        "ESSENTIALS",
        OneOf(USER_POOL_TIERS),
        doc="Feature plan of the pool (user_pool_tier): LITE, ESSENTIALS (AWS's default: managed login, "
        "access-token customization) or PLUS (also threat protection)",
    )
    managed_login: bool = setting(
        True,
        doc="Sign-in pages of the domain: managed login (true; ESSENTIALS or PLUS) or the classic hosted UI "
        "(false; the only option on LITE)",
    )
    pre_token_function: str = setting(
        "",
        doc="Name of the [functions] entry Cognito runs before it issues tokens (pre-token-generation trigger); "
        "needed when a group grants scopes ('': none)",
    )
    pre_token_version: str = setting(
        "V2_0",
        OneOf(PRE_TOKEN_VERSIONS),
        doc="Event version of the trigger: V2_0 customizes access tokens of users, V3_0 those of machine clients "
        "(client_credentials) too",
    )
    threat_protection: str = setting(
        "OFF",
        OneOf(THREAT_PROTECTION_MODES),
        doc="Threat protection (advanced_security_mode): OFF, AUDIT (metrics only) or ENFORCED; PLUS only",
    )

    @model_validator(mode="after")
    def _plan_offers(self) -> UserPoolConfig:
        for rule in PLAN_RULES:
            if not rule.ok(self):
                raise InvalidField(rule.field, getattr(self, rule.field), f"{rule.describe()}; tier is {self.tier}")
        return self
