"""The exported module's interface, derived from the config models: variables, their values per environment.

Every field of `EnvironmentSettings` becomes a Terraform variable of the module, except the ones in
`NOT_VARIABLES` (region and backend move to the env roots, routes are baked in). Types come from the annotations
(`optional(type, default)` inside objects, defaults from the models), descriptions from the fields' docs, so a
field added to a model becomes a module variable with no change here. A table of named tables (`functions`,
`clients`) becomes an object with one attribute per name: the names are structural, baked into the module from
the first environment, like the `STRUCTURAL` fields inside them. Each field's rule and `SPECIAL_CHECKS` become
Terraform `validation` blocks.

Pure Python: used by the module stack (`modules/constructs/module_stack.py`) at synth time. No cdktf import.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Iterator
from dataclasses import MISSING, dataclass
from types import UnionType
from typing import Annotated, Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from modules.config.allowed import ENV_NAME_PATTERN, HTTP_METHODS, LOG_KMS_CREATE, PROJECT_NAME_PATTERN
from modules.config.base import default_of, describe, rule_of
from modules.config.environment import EnvironmentConfig, EnvironmentSettings
from modules.config.user_pool import DOMAIN_PREFIX_PATTERN, RESERVED_DOMAIN_WORDS
from modules.hcl_literal import literal, quote

#: EnvironmentConfig fields that are not variables of the module, and where they go instead.
NOT_VARIABLES = {
    "name": "the `environment` variable",
    "project": "the `project` variable",
    "region": "the provider block of each env root",
    "backend": "the backend block of each env root",
    "routes": "baked into the module: route keys, targets, functions, public and scopes are structural",
}
#: Fields inside variables that are structural: the module is built from them, identical for every environment.
#: `*` stands for a function's or client's name.
STRUCTURAL = (
    "functions.*.source_dir",
    "functions.*.handler",
    "functions.*.runtime",
    "functions.*.architecture",
    "clients.*.kind",
    "clients.*.scopes",
    "clients.*.auth_flows",
)
#: The identity variables, first in the interface: (variable, EnvironmentConfig field, description).
IDENTITY = (
    ("project", "project", "Project name: first part of every AWS name (<project>-<environment>...)"),
    ("environment", "name", "Environment name: second part of every AWS name, e.g. dev, staging or prod"),
)
_RESERVED = "|".join(RESERVED_DOMAIN_WORDS)

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
}


@dataclass(frozen=True)
class Validation:
    """One `validation` block of a variable."""

    condition: str
    error_message: str


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
        Variable(name, field, str, doc, "string", MISSING, tuple(_validations(field, str, f"var.{name}", "", base)),
                 None, "string")
        for name, field, doc in IDENTITY
    ]  # fmt: skip
    for name, info in EnvironmentSettings.model_fields.items():
        if name in NOT_VARIABLES:
            continue
        hint, value = info.annotation, getattr(base, name)
        default = default_of(info)
        inner, _ = unwrap(hint)
        result.append(
            Variable(
                name=name,
                field=name,
                hint=hint,
                description=describe(info),
                type=_type(hint, name, value, commented=True),
                default=MISSING if default.required else _variable_default(default.value, name),
                validations=tuple(_validations(name, hint, f"var.{name}", "", value)),
                attribute_defaults=(
                    _attribute_defaults(hint, name, value) if _is_object(inner) or named_table(inner) else None
                ),
                short_type=_type(hint, name, value, commented=False),
            )
        )
    return tuple(result)


def module_inputs(env: EnvironmentConfig, base: EnvironmentConfig | None = None) -> dict[str, Any]:
    """The value of every module variable for `env`, as JSON-like data (dicts, lists, scalars, None)."""
    return {var.name: _json(getattr(env, var.field), var.field) for var in variables(base or env)}


def structure(env: EnvironmentConfig) -> dict[str, Any]:
    """What the module bakes in from `env`: every environment packaged with one module must agree on it."""
    return {
        "routes": [_json(route, "routes") | {"function": _route_function(env, route)} for route in env.routes],
        "functions": {name: _structural(function, f"functions.{name}") for name, function in env.functions.items()},
        "clients": {name: _structural(client, f"clients.{name}") for name, client in env.clients.items()},
    }


def structural(path: str) -> bool:
    """Whether the field at dotted `path` (relative to EnvironmentConfig; names as `*`) is baked into the module."""
    return path in STRUCTURAL


def pattern(path: str) -> str:
    """`functions.reports.memory_mb` → `functions.*.memory_mb`: a field path with names as `*`."""
    parts = path.split(".")
    return ".".join("*" if index == 1 and parts[0] in NAMED_TABLES else part for index, part in enumerate(parts))


#: Fields that are tables of named tables.
NAMED_TABLES = ("functions", "clients")


def object_fields(model: type[BaseModel], path: str) -> Iterator[tuple[str, FieldInfo, str]]:
    """The non-structural fields of a config model: (name, field, dotted path)."""
    for name, info in model.model_fields.items():
        child = f"{path}.{name}"
        if not structural(pattern(child)):
            yield name, info, child


def unwrap(hint: Any) -> tuple[Any, bool]:
    """`(X, nullable)` for a hint `X | None` or `X`, without `Annotated` metadata."""
    nullable = False
    if isinstance(hint, UnionType) and type(None) in typing.get_args(hint):
        hint, nullable = next(arg for arg in typing.get_args(hint) if arg is not type(None)), True
    if typing.get_origin(hint) is Annotated:
        hint = typing.get_args(hint)[0]
    return hint, nullable


def named_table(hint: Any) -> type[BaseModel] | None:
    """The model of a table of named tables (`dict[Name, Model]`), else None."""
    inner, _ = unwrap(hint)
    if typing.get_origin(inner) is dict:
        value = unwrap(typing.get_args(inner)[1])[0]
        return value if _is_object(value) else None
    return None


def _is_object(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, BaseModel)


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
        nested = _is_object(child_hint) or named_table(child_hint) is not None
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
    raise TypeError(f"no Terraform type for {hint!r}: extend modules/constructs/module_interface.py")


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
    if not _is_object(inner):
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
        elif isinstance(default.value, BaseModel | dict):
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
        return {name: _json(getattr(value, name), child) for name, _, child in object_fields(type(value), path)}
    if isinstance(value, dict):
        return {key: _json(item, f"{path}.{key}") for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [_json(item, path) for item in value]
    return value


def _validations(path: str, hint: Any, reference: str, guard: str, value: Any) -> Iterator[Validation]:
    """Validation blocks for the field at `path` (referenced as `reference`) and everything below it."""
    inner, nullable = unwrap(hint)
    checks = _checks()
    if pattern(path) in checks:
        condition, allowed = checks[pattern(path)]
        check = condition.replace("{v}", reference)
        if nullable and guard == "":
            check = f"{reference} == null ? true : ({check})"
        elif guard:
            check = f"{guard} == null ? true : ({check})"
        yield Validation(check, f"{_display(path)} must be {allowed}.")
    model = named_table(inner)
    if model is not None:
        for name in sorted(value or {}):
            yield from _validations(f"{path}.{name}", model, f"{reference}.{name}", guard, value[name])
    elif _is_object(inner):
        child_guard = reference if nullable and not guard else guard
        for name, info, child in object_fields(inner, path):
            child_value = getattr(value, name, None) if value is not None else None
            yield from _validations(child, info.annotation, f"{reference}.{name}", child_guard, child_value)


@functools.cache
def _checks() -> dict[str, tuple[str, str]]:
    """Every validation by field path (names as `*`): each field's rule, then `SPECIAL_CHECKS`."""
    return {**_rule_checks(EnvironmentConfig, ""), **SPECIAL_CHECKS}


def _rule_checks(model: type[BaseModel], prefix: str) -> dict[str, tuple[str, str]]:
    checks: dict[str, tuple[str, str]] = {}
    for name, info in model.model_fields.items():
        rule = rule_of(info)
        if rule is not None:
            checks[prefix + name] = (rule.condition("{v}"), rule.describe())
        inner, _ = unwrap(info.annotation)
        nested = named_table(inner)
        if nested is not None:
            checks.update(_rule_checks(nested, f"{prefix}{name}.*."))
        elif _is_object(inner):
            checks.update(_rule_checks(inner, f"{prefix}{name}."))
    return checks


def _display(path: str) -> str:
    return "environment" if path == "name" else path
