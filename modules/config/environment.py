"""One environment's config (`EnvironmentConfig`) and the whole project's (`ProjectConfig`).

`EnvironmentSettings` is what a `[defaults]` or `[environments.<name>]` table may hold; `EnvironmentConfig` adds
the environment's name and the project's, which come from the file's structure, and checks the rules that span
several fields (`modules/config/checks.py`).
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import model_validator

from modules.config import checks
from modules.config.alarms import AlarmsConfig
from modules.config.allowed import ACCOUNT_ID_PATTERN, AWS_REGIONS, LOG_RETENTION_DAYS, NAME_PATTERN, ROLE_ARN_PATTERN
from modules.config.api import CorsConfig, RouteConfig, ThrottlingConfig
from modules.config.backend import BackendConfig
from modules.config.base import ConfigModel, setting
from modules.config.clients import ClientConfig
from modules.config.domain import CustomDomainConfig
from modules.config.functions import FunctionConfig
from modules.config.groups import GroupConfig
from modules.config.identity_providers import IdentityProviderConfig
from modules.config.rules import Matches, OneOf
from modules.config.user_pool import UserPoolConfig

#: The key of a `[functions.<name>]` or `[clients.<name>]` table.
Name = Annotated[str, Matches(NAME_PATTERN, "1-24 lowercase letters, digits and hyphens, starting with a letter")]

#: The environment that gets production defaults: they apply where neither `[defaults]` nor its own table sets
#: the field (deletion protection on, a year of logs, MFA offered).
PRODUCTION_ENVIRONMENT = "prod"
#: The plan role's name is the deploy role's plus this suffix.
PLAN_ROLE_SUFFIX = "-plan"
PRODUCTION_DEFAULTS: dict[str, Any] = {
    "log_retention_days": 365,
    "user_pool": {"mfa": "OPTIONAL", "deletion_protection": True},
}


class EnvironmentSettings(ConfigModel):
    """Every field an environment table (or `[defaults]`) may set."""

    region: str = setting(doc="AWS region", rule=OneOf(AWS_REGIONS, what="the AWS regions "))
    account_id: str = setting(
        "",
        Matches(f"|{ACCOUNT_ID_PATTERN}", "an AWS account id (12 digits), or '' (no account pinned)"),
        doc="AWS account of the environment: the provider refuses credentials of any other (allowed_account_ids); "
        "'' pins none. make pipeline needs it",
    )
    shared_account: bool = setting(
        False, doc="Allow another environment with the same account_id (each environment sharing it says so)"
    )
    assume_role_arn: str = setting(
        "",
        Matches(f"|{ROLE_ARN_PATTERN}", "an IAM role ARN (arn:aws:iam::<account>:role/<name>), or ''"),
        doc="IAM role in account_id the provider assumes (session <project>-<environment>); '' uses the caller's "
        "credentials as they are",
    )
    ci_role_arn: str = setting(
        "",
        Matches(f"|{ROLE_ARN_PATTERN}", "an IAM role ARN (arn:aws:iam::<account>:role/<name>), or ''"),
        doc="IAM role the pipeline deploys with, through OIDC; its read-only twin for pull requests is the same "
        "name plus -plan (default: arn:aws:iam::<account_id>:role/<project>-<environment>-ci)",
    )
    log_retention_days: int = setting(
        30,
        OneOf(LOG_RETENTION_DAYS, what="CloudWatch's values "),
        doc="Retention of the function and access log groups, in days (default 365 in prod)",
    )
    log_kms_key: str = setting(
        "",
        doc="KMS key of the log groups: '' (CloudWatch's own encryption), 'create' (a customer managed key per "
        "environment, rotated yearly) or the ARN of an existing key in the environment's region",
    )
    user_pool: UserPoolConfig = setting(UserPoolConfig(), doc="Cognito user pool settings")
    clients: dict[Name, ClientConfig] = setting(
        {}, doc="Cognito app clients by name (at least one; the JWT authorizer's audience is all of them)"
    )
    groups: dict[Name, GroupConfig] = setting(
        {}, doc="User pool groups by name; a group's scopes reach its members' access tokens through the trigger"
    )
    identity_providers: dict[Name, IdentityProviderConfig] = setting(
        {},
        doc="External identity providers by name (OIDC, SAML or Google): interactive clients offer them beside the "
        "pool's own users",
    )
    cors: CorsConfig | None = setting(None, doc="CORS of the HTTP API (without it: no CORS)")
    throttling: ThrottlingConfig = setting(ThrottlingConfig(), doc="Default route throttling of the $default stage")
    functions: dict[Name, FunctionConfig] = setting({}, doc="Lambda functions by name")
    domain: CustomDomainConfig | None = setting(None, doc="Custom domain of the API (without it: the execute-api URL)")
    backend: BackendConfig = setting(BackendConfig(), doc="Terraform state backend")
    routes: tuple[RouteConfig, ...] = setting((), doc="Routes of the HTTP API ([[routes]] entries)")
    alarms: AlarmsConfig = setting(
        AlarmsConfig(), doc="CloudWatch alarms, their SNS topic and the dashboard (on by default)"
    )


class EnvironmentConfig(EnvironmentSettings):
    """Everything one environment stack is built from."""

    #: Fields that come from the file's structure (the table's key, `[project] name`), never from a table.
    derived_fields: ClassVar[tuple[str, ...]] = ("name", "project")

    name: str = setting(doc="Environment name (the table's key)")
    project: str = setting(doc="Project name ([project] name)")

    @property
    def prefix(self) -> str:
        """Prefix of every AWS-side name in this environment, e.g. `cognito-http-api-dev`."""
        return f"{self.project}-{self.name}"

    @property
    def session_name(self) -> str:
        """The provider's session name when it assumes `assume_role_arn` (CloudTrail shows it)."""
        return self.prefix

    @property
    def deploy_role_arn(self) -> str:
        """The role the pipeline deploys with: `ci_role_arn`, or `<project>-<environment>-ci` in `account_id`
        ('' when neither is set)."""
        if self.ci_role_arn or not self.account_id:
            return self.ci_role_arn
        return f"arn:aws:iam::{self.account_id}:role/{self.prefix}-ci"

    @property
    def plan_role_arn(self) -> str:
        """The read-only role pull requests plan with: the deploy role's ARN plus `-plan` ('' without one)."""
        return f"{self.deploy_role_arn}{PLAN_ROLE_SUFFIX}" if self.deploy_role_arn else ""

    @property
    def domain_prefix(self) -> str:
        """The sign-in domain's prefix: `user_pool.domain_prefix`, or the environment's prefix."""
        return self.user_pool.domain_prefix or self.prefix

    @property
    def scopes(self) -> tuple[str, ...]:
        """All scope names the routes ask for, sorted and unique: the resource server's scopes."""
        return tuple(sorted({scope for route in self.routes for scope in route.scopes}))

    @property
    def detailed_routes(self) -> tuple[RouteConfig, ...]:
        """The routes with detailed (route-level) metrics, which get alarms of their own."""
        return tuple(route for route in self.routes if route.detailed_metrics)

    @property
    def group_scopes(self) -> dict[str, tuple[str, ...]]:
        """The scopes each group grants, by group name, for groups that grant any."""
        return {name: group.scopes for name, group in self.groups.items() if group.scopes}

    @property
    def public_routes(self) -> tuple[str, ...]:
        return tuple(route.route_key for route in self.routes if route.public)

    def route_function(self, route: RouteConfig) -> str:
        """The name of the function a lambda route invokes: its `function`, or the only one."""
        return route.function or next(iter(self.functions))

    @model_validator(mode="after")
    def _consistent(self) -> EnvironmentConfig:
        checks.check_environment(self)
        return self


class ProjectConfig(ConfigModel):
    """The whole committed config: project identity plus one `EnvironmentConfig` per environment."""

    source: str
    name: str
    version: str
    environments: tuple[EnvironmentConfig, ...]
    #: Every environment's name once, in the order the pipeline deploys them (`[project] deploy_order`).
    deploy_order: tuple[str, ...] = ()

    @property
    def in_deploy_order(self) -> tuple[EnvironmentConfig, ...]:
        """The environments in the order the pipeline deploys them."""
        order = self.deploy_order or tuple(env.name for env in self.environments)
        return tuple(self.environment(name) for name in order)

    def environment(self, name: str) -> EnvironmentConfig:
        for env in self.environments:
            if env.name == name:
                return env
        raise KeyError(name)
