"""The exported module's interface, derived from the config models: variables, their values per environment.

Every field of `EnvironmentSettings` becomes a Terraform variable of the module, except the ones in
`NOT_VARIABLES` (region, account, assumed role and backend move to the env roots, the CI role to the pipelines,
routes are baked in). Types come from the annotations
(`optional(type, default)` inside objects, defaults from the models), descriptions from the fields' docs, so a
field added to a model becomes a module variable with no change here. A table of named tables (`functions`,
`clients`, `groups`, `identity_providers`) becomes an object with one attribute per name: the names are
structural, baked into the module from the first environment, like the `STRUCTURAL` fields inside them (a table
without names there is no variable). Each field's rule and `SPECIAL_CHECKS` become Terraform `validation` blocks
(`validations.py`). One variable is no config field: `identity_provider_client_secrets` (sensitive), when the
first environment has a provider with a client secret; the env roots pass their own sensitive variable to it.

Pure Python: used by the module stack (`modules/constructs/module/stack.py`) at synth time. No cdktf import.
"""

from __future__ import annotations

import typing
from dataclasses import MISSING, dataclass
from typing import Any

from pydantic import BaseModel

from modules.config.base import default_of, describe
from modules.config.environment import EnvironmentConfig, EnvironmentSettings
from modules.config.identity_providers import WITH_SECRET
from modules.constructs.module.fields import (
    DOCUMENTS,
    is_object,
    named_table,
    object_fields,
    pattern,
    structural,
    unwrap,
)
from modules.constructs.module.validations import Validation, route_limits, validations
from modules.hcl_literal import literal

#: EnvironmentConfig fields that are not variables of the module, and where they go instead.
NOT_VARIABLES = {
    "name": "the `environment` variable",
    "project": "the `project` variable",
    "region": "the provider block of each env root",
    "account_id": "the provider block of each env root (allowed_account_ids)",
    "shared_account": "a rule of the config across environments, nothing to deploy",
    "assume_role_arn": "the provider block of each env root (assume_role)",
    "ci_role_arn": "the pipelines (dist/ci/, .github/workflows/) and dist/bootstrap/",
    "backend": "the backend block of each env root",
    "routes": "baked into the module: route keys, targets, functions, public and scopes are structural",
}
#: The identity variables, first in the interface: (variable, EnvironmentConfig field, description).
IDENTITY = (
    ("project", "project", "Project name: first part of every AWS name (<project>-<environment>...)"),
    ("environment", "name", "Environment name: second part of every AWS name, e.g. dev, staging or prod"),
)
#: The sensitive variable of identity-provider client secrets: no config field (the config never holds a secret).
CLIENT_SECRETS = "identity_provider_client_secrets"
CLIENT_SECRETS_DOC = (
    "Client secrets of identity providers by provider name (sensitive): a provider named here takes its secret "
    "from this map instead of its client_secret_ssm parameter"
)


@dataclass(frozen=True)
class Variable:
    """One variable of the module, derived from an `EnvironmentConfig` field."""

    name: str
    field: str
    hint: Any
    description: str
    type: str
    default: Any
    validations: tuple[Validation, ...]
    attribute_defaults: dict[str, Any] | None
    short_type: str
    sensitive: bool = False

    @property
    def required(self) -> bool:
        return self.default is MISSING

    @property
    def nullable(self) -> bool:
        return unwrap(self.hint)[1]


def variables(base: EnvironmentConfig) -> tuple[Variable, ...]:
    """Every variable of the module, identity first, then the settings' fields in declaration order.

    `base` (the first environment) names the functions and clients, whose names are structural.
    """
    result = [
        Variable(name, field, str, doc, "string", MISSING, tuple(validations(field, str, f"var.{name}", "", base)),
                 None, "string")
        for name, field, doc in IDENTITY
    ]  # fmt: skip
    for name, info in EnvironmentSettings.model_fields.items():
        if name in NOT_VARIABLES:
            continue
        hint, value = info.annotation, getattr(base, name)
        default = default_of(info)
        inner, _ = unwrap(hint)
        if named_table(inner) is not None and not value:
            continue  # no names in the first environment: nothing the module could take (e.g. no identity provider)
        result.append(
            Variable(
                name=name,
                field=name,
                hint=hint,
                description=describe(info),
                type=_type(hint, name, value, commented=True),
                default=MISSING if default.required else _variable_default(default.value, name),
                validations=(
                    *validations(name, hint, f"var.{name}", "", value),
                    *(route_limits(base, f"var.{name}") if name == "throttling" else ()),
                ),
                attribute_defaults=(
                    _attribute_defaults(hint, name, value) if is_object(inner) or named_table(inner) else None
                ),
                short_type=_type(hint, name, value, commented=False),
            )
        )
    if any(provider.kind in WITH_SECRET for provider in base.identity_providers.values()):
        result.append(
            Variable(CLIENT_SECRETS, "", dict[str, str], CLIENT_SECRETS_DOC, "map(string)", {}, (), None,
                     "map(string)", sensitive=True)
        )  # fmt: skip
    return tuple(result)


def module_inputs(env: EnvironmentConfig, base: EnvironmentConfig | None = None) -> dict[str, Any]:
    """The value of every module variable for `env` that the config gives (not the secrets), as JSON-like data
    (dicts, lists, scalars, None)."""
    return {var.name: _json(getattr(env, var.field), var.field) for var in variables(base or env) if var.field}


def structure(env: EnvironmentConfig) -> dict[str, Any]:
    """What the module bakes in from `env`: every environment packaged with one module must agree on it."""
    return {
        "routes": [_json(route, "routes") | {"function": _route_function(env, route)} for route in env.routes],
        "functions": {name: _structural(function, f"functions.{name}") for name, function in env.functions.items()},
        "clients": {name: _structural(client, f"clients.{name}") for name, client in env.clients.items()},
    }


def _route_function(env: EnvironmentConfig, route: Any) -> str:
    return env.route_function(route) if route.is_lambda else ""


def _structural(value: BaseModel, path: str) -> dict[str, Any]:
    return {
        name: _json(getattr(value, name), f"{path}.{name}")
        for name in type(value).model_fields
        if structural(pattern(f"{path}.{name}"))
    }


def _attribute_defaults(hint: Any, path: str, value: Any) -> dict[str, Any]:
    inner, _ = unwrap(hint)
    model = named_table(inner)
    if model is not None:
        return {key: _attribute_defaults(model, f"{path}.{key}", item) for key, item in value.items()}
    result: dict[str, Any] = {}
    for name, info, child in object_fields(inner, path):
        default = default_of(info)
        if default.required:
            continue
        child_hint = unwrap(info.annotation)[0]
        nested = is_object(child_hint) or named_table(child_hint) is not None
        child_value = getattr(value, name, None) if value is not None else None
        result[name] = (
            _attribute_defaults(child_hint, child, child_value if child_value is not None else default.value)
            if nested
            else _json(default.value, child)
        )
    return result


def _variable_default(default: Any, path: str) -> Any:
    """An object default is `{}`: Terraform fills in the attributes from the `optional()` defaults of the type."""
    return {} if isinstance(default, BaseModel | dict) else _json(default, path)


def _scalar(hint: Any) -> str:
    names = {bool: "bool", int: "number", float: "number", str: "string"}
    if hint in names:
        return names[hint]
    raise TypeError(f"no Terraform type for {hint!r}: extend modules/constructs/module/interface.py")


def _type(hint: Any, path: str, value: Any, *, commented: bool, indent: str = "") -> str:
    inner, _ = unwrap(hint)
    origin = typing.get_origin(inner)
    if origin is tuple:
        return f"list({_type(typing.get_args(inner)[0], path, None, commented=commented, indent=indent)})"
    model = named_table(inner)
    if model is not None:
        return _named_type(model, path, value, commented=commented, indent=indent)
    if origin is dict:
        return f"map({_type(typing.get_args(inner)[1], path, None, commented=commented, indent=indent)})"
    if not is_object(inner):
        return _scalar(inner)
    if not commented:
        return "object({" + ", ".join(name for name, _, _ in object_fields(inner, path)) + "})"
    lines = []
    for name, info, child in object_fields(inner, path):
        child_value = getattr(value, name, None) if value is not None else None
        child_type = _type(info.annotation, child, child_value, commented=True, indent=indent + "  ")
        default = default_of(info)
        if default.required:
            attribute = child_type
        elif default.value is None:
            attribute = f"optional({child_type})"
        elif isinstance(default.value, BaseModel) or default.value == {}:
            attribute = f"optional({child_type}, {{}})"
        else:
            attribute = f"optional({child_type}, {literal(_json(default.value, child))})"
        head, sep, tail = f"{indent}  {name} = {attribute}".partition("\n")
        lines.append(f"{head} # {describe(info)}{sep}{tail}")
    return "object({\n" + "\n".join(lines) + f"\n{indent}}})"


def _named_type(model: type[BaseModel], path: str, value: Any, *, commented: bool, indent: str) -> str:
    """`object({<name> = optional(object({...}), {}), ...})`: one attribute per name of the first environment."""
    names = sorted(value or {})
    if not commented:
        return "object({" + ", ".join(names) + "})"
    lines = []
    for name in names:
        entry = _type(model, f"{path}.{name}", value[name], commented=True, indent=indent + "  ")
        lines.append(f"{indent}  {name} = optional({entry}, {{}})")
    return "object({\n" + "\n".join(lines) + f"\n{indent}}})"


def _json(value: Any, path: str) -> Any:
    """A config value as JSON-like data, without structural fields."""
    if isinstance(value, BaseModel):
        return {
            name: _json(getattr(value, DOCUMENTS.get(pattern(child), name)), child)
            for name, _, child in object_fields(type(value), path)
        }
    if isinstance(value, dict):
        return {key: _json(item, f"{path}.{key}") for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [_json(item, path) for item in value]
    return value
