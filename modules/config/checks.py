"""The rules that span several fields of an environment. Each raises `InvalidField` naming the field it blames.

Rules of one field live with the field (`setting(rule=…)`); rules within one table live with that table's model.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from modules.config.allowed import LOG_KMS_CREATE, MAX_SESSION_NAME
from modules.config.base import InvalidField
from modules.config.functions import ENVIRONMENT_LIMIT_BYTES, RESERVED_VARIABLE_PREFIXES, SECRET_WORDS
from modules.config.identity_providers import GOOGLE, GOOGLE_PROVIDER_NAME
from modules.config.user_pool import (
    DOMAIN_PREFIX_PATTERN,
    RESERVED_DOMAIN_WORDS,
    TOKEN_CUSTOMIZATION_TIERS,
    TOKEN_CUSTOMIZATION_URL,
)

if TYPE_CHECKING:
    from modules.config.api import RouteConfig
    from modules.config.environment import EnvironmentConfig

#: Lambda's and IAM's limit on a function's and a role's name.
MAX_AWS_NAME = 64


def check_environment(env: EnvironmentConfig) -> None:
    """Every cross-field rule of `env`, in the order the fields are declared."""
    _roles(env)
    _log_kms_key(env)
    _domain_prefix(env)
    _clients(env)
    _groups(env)
    _identity_providers(env)
    _functions(env)
    _domain(env)
    _routes(env)


def _roles(env: EnvironmentConfig) -> None:
    """The assumed role lives in the pinned account (Terraform AWS provider, `allowed_account_ids` and the
    `assume_role` block); its session name and the pipeline's role names fit STS's and IAM's limits."""
    arn = env.assume_role_arn
    if arn:
        account = _account_of(arn)
        if account != env.account_id:
            pinned = f"account_id ({env.account_id})" if env.account_id else "account_id, which is unset: set it"
            raise InvalidField("assume_role_arn", arn, f"a role in the environment's account: {pinned}")
        if len(env.session_name) > MAX_SESSION_NAME:
            raise InvalidField(
                "assume_role_arn",
                arn,
                f"a shorter project or environment name: the session name {env.session_name!r} exceeds STS's "
                f"{MAX_SESSION_NAME} characters",
            )
    plan_role = env.plan_role_arn.rsplit("/", 1)[-1]
    if len(plan_role) > MAX_AWS_NAME:
        raise InvalidField(
            "ci_role_arn",
            env.ci_role_arn,
            f"a role whose plan twin's name ({plan_role!r}) stays within IAM's {MAX_AWS_NAME} characters",
        )


def _account_of(arn: str) -> str:
    """The account id of an ARN (`arn:partition:service:region:account:resource`)."""
    return arn.split(":")[4]


def _log_kms_key(env: EnvironmentConfig) -> None:
    kms = env.log_kms_key
    if kms not in ("", LOG_KMS_CREATE) and not re.fullmatch(rf"arn:aws:kms:{env.region}:\d{{12}}:key/\S+", kms):
        raise InvalidField(
            "log_kms_key",
            kms,
            f"'', '{LOG_KMS_CREATE}' or the ARN of a key in the region: arn:aws:kms:{env.region}:<account>:key/<id>",
        )


def _domain_prefix(env: EnvironmentConfig) -> None:
    prefix = env.domain_prefix
    reserved = [word for word in RESERVED_DOMAIN_WORDS if word in prefix]
    if not re.fullmatch(DOMAIN_PREFIX_PATTERN, prefix) or reserved:
        given = "" if env.user_pool.domain_prefix else " (the default, <project>-<environment>; set it)"
        raise InvalidField(
            "user_pool.domain_prefix",
            prefix,
            "1-63 lowercase letters, digits and hyphens, without the words aws, amazon or cognito" + given,
        )


def _clients(env: EnvironmentConfig) -> None:
    if not env.clients:
        raise InvalidField("clients", {}, "at least one [clients.<name>] table (the JWT authorizer's audience)")
    for name, client in env.clients.items():
        unknown = [scope for scope in client.scopes if scope not in env.scopes]
        if unknown:
            raise InvalidField(
                f"clients.{name}.scopes",
                unknown[0],
                "a scope some route declares: " + (", ".join(env.scopes) or "(no route has scopes)"),
            )


def _identity_providers(env: EnvironmentConfig) -> None:
    """A pool has one Google provider at most: Cognito names it `Google` (`GOOGLE_PROVIDER_NAME`)."""
    google = [name for name, provider in env.identity_providers.items() if provider.kind == GOOGLE]
    if len(google) > 1:
        raise InvalidField(
            f"identity_providers.{google[1]}.kind",
            GOOGLE,
            f"oidc or saml: a pool has one Google provider (named {GOOGLE_PROVIDER_NAME}), and "
            f"identity_providers.{google[0]} is it",
        )


def _groups(env: EnvironmentConfig) -> None:
    """Group scopes are the resource server's; granting them takes the pre-token-generation trigger, which
    customizes access tokens only on the Essentials and Plus plans (`TOKEN_CUSTOMIZATION_URL`)."""
    for name, group in env.groups.items():
        unknown = [scope for scope in group.scopes if scope not in env.scopes]
        if unknown:
            raise InvalidField(
                f"groups.{name}.scopes",
                unknown[0],
                "a scope some route declares: " + (", ".join(env.scopes) or "(no route has scopes)"),
            )
    pool = env.user_pool
    if pool.pre_token_function:
        known = ", ".join(sorted(env.functions)) or "(none: add a [functions.<name>] table)"
        if pool.pre_token_function not in env.functions:
            raise InvalidField(
                "user_pool.pre_token_function", pool.pre_token_function, f"one of the functions: {known}"
            )
        if pool.tier not in TOKEN_CUSTOMIZATION_TIERS:
            raise InvalidField(
                "user_pool.tier",
                pool.tier,
                f"ESSENTIALS or PLUS with a pre-token-generation trigger (access-token customization: "
                f"{TOKEN_CUSTOMIZATION_URL})",
            )
    granting = next(iter(env.group_scopes), "")
    if granting and not pool.pre_token_function:
        raise InvalidField(
            f"groups.{granting}.scopes",
            list(env.group_scopes[granting]),
            "scopes only with user_pool.pre_token_function set: the trigger adds them to members' access tokens",
        )


def _functions(env: EnvironmentConfig) -> None:
    for name, function in env.functions.items():
        field = f"functions.{name}"
        role = f"{env.prefix}-{name}-role"
        if len(role) > MAX_AWS_NAME:
            raise InvalidField(
                field, name, f"a shorter name: the role name {role!r} exceeds AWS's {MAX_AWS_NAME} characters"
            )
        for variable in function.environment:
            if variable.startswith(RESERVED_VARIABLE_PREFIXES):
                raise InvalidField(
                    f"{field}.environment", variable, "a name not reserved by Lambda (AWS_*, LAMBDA_*, _*)"
                )
            if any(word in variable.lower() for word in SECRET_WORDS):
                raise InvalidField(
                    f"{field}.environment",
                    variable,
                    "a non-secret name: plain variables are readable by anyone who can read the function (keep "
                    "secrets in Secrets Manager or SSM)",
                )
        size = sum(len(key) + len(value) for key, value in function.environment.items())
        if size > ENVIRONMENT_LIMIT_BYTES:
            raise InvalidField(f"{field}.environment", f"{size} bytes", f"at most {ENVIRONMENT_LIMIT_BYTES} bytes")


def _domain(env: EnvironmentConfig) -> None:
    arn = env.domain.certificate_arn if env.domain else ""
    if arn and arn.split(":")[3] != env.region:
        raise InvalidField(
            "domain.certificate_arn", arn, f"a certificate in the environment's region ({env.region}): regional API"
        )


def _routes(env: EnvironmentConfig) -> None:
    if not env.routes:
        raise InvalidField("routes", [], "at least one [[routes]] entry")
    names: dict[str, str] = {}
    for route in env.routes:
        field = f"routes[{route.route_key!r}]"
        if route.route_key in names.values():
            raise InvalidField(f"{field}.route_key", route.route_key, "each route key once (duplicate route)")
        resource = route.resource_name
        if resource in names:
            raise InvalidField(
                f"{field}.route_key",
                route.route_key,
                f"a key whose resource name differs from {names[resource]!r}'s ({resource})",
            )
        names[resource] = route.route_key
        if route.is_lambda:
            _route_function(env, field, route.function)
        _route_throttling(env, field, route)
        for scope in route.scopes:
            if not any(scope in client.scopes for client in env.clients.values()):
                raise InvalidField(
                    f"{field}.scopes",
                    scope,
                    "a scope some client may request (add it to a [clients.<name>] scopes list)",
                )


def _route_throttling(env: EnvironmentConfig, field: str, route: RouteConfig) -> None:
    """A route's limits are at most the stage's: a route is limited more tightly than the API, never more loosely
    ("Throttle requests to your HTTP APIs",
    https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html)."""
    if route.throttling is None:
        return
    stage = env.throttling
    if route.throttling.burst_limit > stage.burst_limit:
        raise InvalidField(
            f"{field}.throttling.burst_limit",
            route.throttling.burst_limit,
            f"at most the stage's throttling.burst_limit ({stage.burst_limit})",
        )
    if route.throttling.rate_limit > stage.rate_limit:
        raise InvalidField(
            f"{field}.throttling.rate_limit",
            route.throttling.rate_limit,
            f"at most the stage's throttling.rate_limit ({stage.rate_limit:g})",
        )


def _route_function(env: EnvironmentConfig, field: str, function: str) -> None:
    known = ", ".join(sorted(env.functions)) or "(none: add a [functions.<name>] table)"
    if function and function not in env.functions:
        raise InvalidField(f"{field}.function", function, f"one of the functions: {known}")
    if not function and len(env.functions) != 1:
        raise InvalidField(
            f"{field}.function", function, f"the name of one of the functions ({known}): there is not exactly one"
        )
