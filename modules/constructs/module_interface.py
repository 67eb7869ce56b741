"""The exported module's interface, derived from the config dataclasses: variables, their values per environment.

Every field of `EnvironmentConfig` becomes a Terraform variable of the module, except the ones in
`NOT_VARIABLES` (identity, region/backend that move to the env roots, routes that are baked in). Types come from
the annotations (`optional(type, default)` inside objects, defaults from `modules/config/model.py`), descriptions from
the fields' `doc` metadata, so a field added to `config.py` becomes a module variable with no change here.
Each field's rule (`setting(allowed=…)`) and `SPECIAL_CHECKS` become Terraform `validation` blocks.

Pure Python: used by the module stack (`modules/constructs/module_stack.py`) at synth time. No cdktf import.
"""

from __future__ import annotations

import dataclasses
import functools
import typing
from collections.abc import Iterator
from dataclasses import MISSING, dataclass
from types import UnionType
from typing import Any

from modules.config.loader import PROJECT_NAME
from modules.config.model import (
    ENV_NAME_PATTERN,
    HTTP_METHODS,
    LOG_KMS_CREATE,
    EnvironmentConfig,
    describe,
)
from modules.hcl_literal import literal, quote

#: EnvironmentConfig fields that are not variables of the module, and where they go instead.
NOT_VARIABLES = {
    "name": "the `environment` variable",
    "project": "the `project` variable",
    "region": "the provider block of each env root",
    "backend": "the backend block of each env root",
    "routes": "baked into the module: route keys, targets, public and scopes are structural",
}
#: Fields inside variables that are structural: the module is built from them, identical for every environment.
STRUCTURAL = ("function.source_dir",)
#: The identity variables, first in the interface: (variable, EnvironmentConfig field, description).
IDENTITY = (
    ("project", "project", "Project name: first part of every AWS name (<project>-<environment>...)"),
    ("environment", "name", "Environment name: second part of every AWS name, e.g. dev, staging or prod"),
)


#: Validations that no single field rule states (`setting(allowed=…)` in modules/config/model.py gives the rest):
#: field path → (condition with `{v}` for the value, what is allowed). Paths under a nullable object are only
#: checked when the object is set.
SPECIAL_CHECKS: dict[str, tuple[str, str]] = {
    "project": (f"can(regex({quote(PROJECT_NAME.pattern)}, {{v}}))", "3-40 lowercase letters, digits, hyphens"),
    "name": (f"can(regex({quote(ENV_NAME_PATTERN.pattern)}, {{v}}))", "2-32 lowercase letters, digits, hyphens"),
    "log_kms_key": (
        f'{{v}} == "" || {{v}} == {quote(LOG_KMS_CREATE)} || '
        'can(regex("^arn:aws:kms:[a-z0-9-]+:[0-9]{12}:key/", {v}))',
        f"'', '{LOG_KMS_CREATE}' or the ARN of a KMS key (arn:aws:kms:<region>:<account>:key/<id>)",
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

    @property
    def required(self) -> bool:
        return self.default is MISSING

    @property
    def nullable(self) -> bool:
        return unwrap_optional(self.hint)[1]

    @property
    def attribute_defaults(self) -> dict[str, Any] | None:
        """For an object variable, the default of every optional attribute (nested objects as dicts), else None."""
        inner, _ = unwrap_optional(self.hint)
        return _attribute_defaults(inner, self.field) if dataclasses.is_dataclass(inner) else None

    @property
    def short_type(self) -> str:
        """The type on one line, without comments or defaults, e.g. `object({mfa, password, ...})`."""
        return _type(self.hint, self.field, commented=False)


def variables() -> tuple[Variable, ...]:
    """Every variable of the module, identity first, then `EnvironmentConfig`'s fields in declaration order."""
    hints = typing.get_type_hints(EnvironmentConfig)
    result = [
        Variable(name, field, str, doc, "string", MISSING, tuple(_validations(field, str, f"var.{name}", "")))
        for name, field, doc in IDENTITY
    ]
    for field in dataclasses.fields(EnvironmentConfig):
        if field.name in NOT_VARIABLES:
            continue
        hint = hints[field.name]
        default = _default(field)
        result.append(
            Variable(
                name=field.name,
                field=field.name,
                hint=hint,
                description=describe(field),
                type=_type(hint, field.name, commented=True),
                default=_variable_default(default, field.name),
                validations=tuple(_validations(field.name, hint, f"var.{field.name}", "")),
            )
        )
    return tuple(result)


def module_inputs(env: EnvironmentConfig) -> dict[str, Any]:
    """The value of every module variable for `env`, as JSON-like data (dicts, lists, scalars, None)."""
    return {var.name: _json(getattr(env, var.field), var.field) for var in variables()}


def structure(env: EnvironmentConfig) -> dict[str, Any]:
    """What the module bakes in from `env`: every environment packaged with one module must agree on it."""
    result: dict[str, Any] = {"routes": _json(env.routes, "routes")}
    for path in STRUCTURAL:
        value: Any = env
        for part in path.split("."):
            value = getattr(value, part)
        result[path] = _json(value, path)
    return result


def structural(path: str) -> bool:
    """Whether the field at dotted `path` (relative to EnvironmentConfig) is baked into the module."""
    return path in STRUCTURAL


def object_fields(hint: Any, path: str) -> Iterator[tuple[dataclasses.Field[Any], Any, str]]:
    """The non-structural fields of a config dataclass: (field, type hint, dotted path)."""
    hints = typing.get_type_hints(hint)
    for field in dataclasses.fields(hint):
        child = f"{path}.{field.name}"
        if not structural(child):
            yield field, hints[field.name], child


def unwrap_optional(hint: Any) -> tuple[Any, bool]:
    """`(X, True)` for a hint `X | None`, `(hint, False)` otherwise."""
    if isinstance(hint, UnionType) and type(None) in typing.get_args(hint):
        return next(arg for arg in typing.get_args(hint) if arg is not type(None)), True
    return hint, False


def _default(field: dataclasses.Field[Any]) -> Any:
    if field.default is not MISSING:
        return field.default
    if field.default_factory is not MISSING:
        return field.default_factory()
    return MISSING


def _attribute_defaults(cls: Any, path: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for field, hint, child in object_fields(cls, path):
        default = _default(field)
        if default is MISSING:
            continue
        inner, _ = unwrap_optional(hint)
        nested = dataclasses.is_dataclass(default) and not isinstance(default, type)
        result[field.name] = _attribute_defaults(inner, child) if nested else _json(default, child)
    return result


def _variable_default(default: Any, path: str) -> Any:
    """An object default is `{}`: Terraform fills in the attributes from the `optional()` defaults of the type."""
    if default is MISSING:
        return MISSING
    return {} if dataclasses.is_dataclass(default) else _json(default, path)


def _scalar(hint: Any) -> str:
    names = {bool: "bool", int: "number", float: "number", str: "string"}
    if hint in names:
        return names[hint]
    raise TypeError(f"no Terraform type for {hint!r}: extend modules/constructs/module_interface.py")


def _type(hint: Any, path: str, *, commented: bool, indent: str = "") -> str:
    hint, _ = unwrap_optional(hint)
    if typing.get_origin(hint) is tuple:
        return f"list({_type(typing.get_args(hint)[0], path, commented=commented, indent=indent)})"
    if not dataclasses.is_dataclass(hint):
        return _scalar(hint)
    if not commented:
        names = ", ".join(field.name for field, _, _ in object_fields(hint, path))
        return f"object({{{names}}})"
    inner = indent + "  "
    lines = []
    for field, child_hint, child in object_fields(hint, path):
        child_type = _type(child_hint, child, commented=True, indent=inner)
        default = _default(field)
        if default is MISSING:
            attribute = child_type
        elif default is None:
            attribute = f"optional({child_type})"
        elif dataclasses.is_dataclass(default):
            attribute = f"optional({child_type}, {{}})"
        else:
            attribute = f"optional({child_type}, {literal(_json(default, child))})"
        text = f"{inner}{field.name} = {attribute}"
        head, sep, tail = text.partition("\n")
        text = f"{head} # {describe(field)}{sep}{tail}"
        lines.append(text)
    return "object({\n" + "\n".join(lines) + f"\n{indent}}})"


def _json(value: Any, path: str) -> Any:
    """A config value as JSON-like data, without structural fields."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: _json(getattr(value, field.name), child) for field, _, child in object_fields(type(value), path)
        }
    if isinstance(value, tuple | list):
        return [_json(item, path) for item in value]
    return value


def _validations(path: str, hint: Any, reference: str, guard: str) -> Iterator[Validation]:
    """Validation blocks for the field at `path` (referenced as `reference`) and everything below it."""
    inner, nullable = unwrap_optional(hint)
    checks = _checks()
    if path in checks:
        condition, allowed = checks[path]
        check = condition.replace("{v}", reference)
        if nullable and guard == "":
            check = f"{reference} == null ? true : ({check})"
        elif guard:
            check = f"{guard} == null ? true : ({check})"
        yield Validation(check, f"{_display(path)} must be {allowed}.")
    if dataclasses.is_dataclass(inner):
        child_guard = reference if nullable and not guard else guard
        for _, child_hint, child in object_fields(inner, path):
            yield from _validations(child, child_hint, f"{reference}.{child.rsplit('.', 1)[1]}", child_guard)


@functools.cache
def _checks() -> dict[str, tuple[str, str]]:
    """Every validation by field path: each field's rule, then `SPECIAL_CHECKS`."""
    return {**_rule_checks(EnvironmentConfig, ""), **SPECIAL_CHECKS}


def _rule_checks(cls: Any, prefix: str) -> dict[str, tuple[str, str]]:
    checks: dict[str, tuple[str, str]] = {}
    hints = typing.get_type_hints(cls)
    for field in dataclasses.fields(cls):
        rule = field.metadata.get("allowed")
        if rule is not None:
            checks[prefix + field.name] = (rule.condition("{v}"), rule.describe())
        inner, _ = unwrap_optional(hints[field.name])
        if dataclasses.is_dataclass(inner):
            checks.update(_rule_checks(inner, f"{prefix}{field.name}."))
    return checks


def _display(path: str) -> str:
    return "environment" if path == "name" else path
