"""The exported module's `validation` blocks: each config field's rule, plus the checks no single rule states.

Pure Python, used by the module's interface (`interface.py`).
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from modules.config.allowed import ENV_NAME_PATTERN, HTTP_METHODS, LOG_KMS_CREATE, PROJECT_NAME_PATTERN
from modules.config.base import rule_of
from modules.config.environment import EnvironmentConfig
from modules.config.identity_providers import KIND_NEEDS, IdentityProviderConfig
from modules.config.rules import TEXT
from modules.config.user_pool import (
    DOMAIN_PREFIX_PATTERN,
    PLAN_RULES,
    RESERVED_DOMAIN_WORDS,
    TOKEN_CUSTOMIZATION_TIERS,
    TOKEN_CUSTOMIZATION_URL,
    UserPoolConfig,
)
from modules.constructs.module.fields import DOCUMENTS, is_object, named_table, object_fields, pattern, unwrap
from modules.hcl_literal import literal, quote

_RESERVED = "|".join(RESERVED_DOMAIN_WORDS)
#: Fields of `KIND_NEEDS` the module may do without: the env root may give the secret as a sensitive variable
#: instead (a validation block of Terraform 1.3 sees its own variable only).
ELSEWHERE_IN_MODULE = ("client_secret_ssm",)

#: Validations that no single field rule states (the rules of the config models give the rest): field path →
#: (condition with `{v}` for the value, what is allowed). Paths under a nullable object are only checked when the
#: object is set.
SPECIAL_CHECKS: dict[str, tuple[str, str]] = {
    "project": (f"can(regex({quote(PROJECT_NAME_PATTERN.pattern)}, {{v}}))", "3-40 lowercase letters, digits, hyphens"),
    "name": (f"can(regex({quote(ENV_NAME_PATTERN.pattern)}, {{v}}))", "2-32 lowercase letters, digits, hyphens"),
    "log_kms_key": (
        f'{{v}} == "" || {{v}} == {quote(LOG_KMS_CREATE)} || '
        'can(regex("^arn:aws:kms:[a-z0-9-]+:[0-9]{12}:key/", {v}))',
        f"'', '{LOG_KMS_CREATE}' or the ARN of a KMS key (arn:aws:kms:<region>:<account>:key/<id>)",
    ),
    "user_pool.domain_prefix": (
        f'{{v}} == "" || (can(regex({quote(f"^{DOMAIN_PREFIX_PATTERN}$")}, {{v}})) && '
        f"!can(regex({quote(_RESERVED)}, {{v}})))",
        "'' or 1-63 lowercase letters, digits and hyphens, without the words aws, amazon or cognito",
    ),
    "cors": (
        '!({v}.allow_credentials && contains({v}.allow_origins, "*"))',
        "explicit origins, not '*', when allow_credentials is true",
    ),
    "cors.allow_origins": ("length({v}) > 0", "at least one origin (set cors = null to disable CORS)"),
    "cors.allow_methods": (
        f"alltrue([for method in {{v}} : contains({literal([*HTTP_METHODS, '*'])}, method)])",
        ", ".join(HTTP_METHODS) + " or *",
    ),
    "domain": (
        '{v}.name == {v}.zone || endswith({v}.name, ".${{v}.zone}")',
        "a name inside its zone (e.g. api.example.com in example.com)",
    ),
    "alarms": (
        "{v}.datapoints_to_alarm <= {v}.evaluation_periods",
        "datapoints_to_alarm at most evaluation_periods",
    ),
}


@dataclass(frozen=True)
class Validation:
    """One `validation` block of a variable."""

    condition: str
    error_message: str


def validations(path: str, hint: Any, reference: str, guard: str, value: Any) -> Iterator[Validation]:
    """Validation blocks for the field at `path` (referenced as `reference`) and everything below it."""
    inner, nullable = unwrap(hint)
    if path == "user_pool" and isinstance(value, UserPoolConfig) and value.pre_token_function:  # built into the module
        tiers = literal(list(TOKEN_CUSTOMIZATION_TIERS))
        yield Validation(
            f"contains({tiers}, {reference}.tier)",
            f"user_pool.tier must be ESSENTIALS or PLUS: the module's pre-token-generation trigger customizes "
            f"access tokens ({TOKEN_CUSTOMIZATION_URL}).",
        )
    if isinstance(value, IdentityProviderConfig):  # the kind is built into the module
        for needs in KIND_NEEDS[value.kind]:
            if not set(needs.fields) & set(ELSEWHERE_IN_MODULE):
                yield Validation(needs.condition(reference), f"{_display(path)}: {needs.describe(value.kind)}.")
    for condition, allowed in _checks().get(pattern(path), ()):
        check = condition.replace("{v}", reference)
        if nullable and guard == "":
            check = f"{reference} == null ? true : ({check})"
        elif guard:
            check = f"{guard} == null ? true : ({check})"
        yield Validation(check, f"{_display(path)} must be {allowed}.")
    model = named_table(inner)
    if model is not None:
        for name in sorted(value or {}):
            yield from validations(f"{path}.{name}", model, f"{reference}.{name}", guard, value[name])
    elif is_object(inner):
        child_guard = reference if nullable and not guard else guard
        for name, info, child in object_fields(inner, path):
            child_value = getattr(value, name, None) if value is not None else None
            yield from validations(child, info.annotation, f"{reference}.{name}", child_guard, child_value)


def route_limits(base: EnvironmentConfig, reference: str) -> Iterator[Validation]:
    """The stage's limits (`throttling`) against the routes' own, which the module bakes in: a route's limits are
    at most the stage's (the config's rule, `modules/config/checks.py`), so the stage's are at least the largest."""
    tuned = [route.throttling for route in base.routes if route.throttling is not None]
    if not tuned:
        return
    for field in ("burst_limit", "rate_limit"):
        largest = max(getattr(limits, field) for limits in tuned)
        yield Validation(
            f"{reference}.{field} >= {literal(largest)}",
            f"throttling.{field} must be at least {literal(largest)}, the largest {field} of the module's routes "
            "(a route's limits are at most the stage's).",
        )


@functools.cache
def _checks() -> dict[str, tuple[tuple[str, str], ...]]:
    """Every validation by field path (names as `*`): each field's rule (or `TEXT` for text without a rule of
    its own), then `SPECIAL_CHECKS`."""
    checks: dict[str, tuple[tuple[str, str], ...]] = {
        path: (check,) for path, check in _rule_checks(EnvironmentConfig, "").items()
    }
    for path, check in SPECIAL_CHECKS.items():
        checks[path] = (*checks.get(path, ()), check)
    for rule in PLAN_RULES:
        checks["user_pool"] = (
            *checks.get("user_pool", ()),
            (rule.condition("{v}"), f"a pool whose {rule.field} is {rule.describe()}"),
        )
    return checks


def _text_check(hint: Any) -> tuple[str, str] | None:
    """`TEXT` as a condition on a field of type `hint` (a string, a list of strings, a map of strings), else None."""
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if hint is str:
        return TEXT.condition("{v}"), TEXT.describe()
    if origin is tuple and unwrap(arguments[0])[0] is str:
        return f"alltrue([for item in {{v}} : {TEXT.condition('item')}])", TEXT.describe()
    if origin is dict and unwrap(arguments[1])[0] is str:
        return f"alltrue([for item in values({{v}}) : {TEXT.condition('item')}])", TEXT.describe()
    return None


def _rule_checks(model: type[BaseModel], prefix: str) -> dict[str, tuple[str, str]]:
    checks: dict[str, tuple[str, str]] = {}
    for name, info in model.model_fields.items():
        rule = rule_of(info)
        inner, _ = unwrap(info.annotation)
        check = (rule.condition("{v}"), rule.describe()) if rule is not None else _text_check(inner)
        if check is not None and prefix + name not in DOCUMENTS:
            checks[prefix + name] = check
        nested = named_table(inner)
        if nested is not None:
            checks.update(_rule_checks(nested, f"{prefix}{name}.*."))
        elif is_object(inner):
            checks.update(_rule_checks(inner, f"{prefix}{name}."))
    return checks


def _display(path: str) -> str:
    return "environment" if path == "name" else path
