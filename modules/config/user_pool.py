"""The Cognito user pool's settings: MFA, deletion protection, its sign-in domain and the password policy."""

from __future__ import annotations

from modules.config.allowed import MFA_MODES
from modules.config.base import ConfigModel, setting
from modules.config.rules import Between, OneOf

#: Words Cognito refuses inside a prefix domain.
RESERVED_DOMAIN_WORDS = ("aws", "amazon", "cognito")
#: A prefix domain: lowercase letters, digits and inner hyphens, at most 63 characters.
DOMAIN_PREFIX_PATTERN = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"


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
