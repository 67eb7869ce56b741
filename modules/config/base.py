"""The base of every config model: frozen, strict, closed; plus `setting()`, a field with its description and rule.

Strict means no coercion: `"5"` is not 5, `1` is not `true`. Closed means unknown keys are refused. The loader
turns TOML arrays into tuples before validation (`freeze`), so list fields are tuples and every model is
immutable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.fields import FieldInfo

from modules.config.rules import Rule


class ConfigModel(BaseModel):
    """A table of the config: immutable, strictly typed, and without unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class InvalidField(ValueError):
    """Raised by a model validator: the field at `path` (relative to the model) holds `value`; `allowed` says
    what it may hold. The loader reports it with the model's own location in front."""

    def __init__(self, path: str, value: object, allowed: str) -> None:
        super().__init__(allowed)
        self.path = path
        self.value = value
        self.allowed = allowed


def setting(default: Any = ..., rule: Rule | None = None, *, doc: str) -> Any:
    """A config field: its default (`...` for required), the rule its values obey and its description.

    The rule validates the value (pydantic), adds `enum`/`minimum`/`pattern`... to the JSON Schema, and becomes a
    `validation` block of the exported module's variable: it is stated once, here.
    """
    info: FieldInfo = Field(default, description=doc)
    if rule is not None:
        info.metadata.append(rule)
    return info


def rule_of(info: FieldInfo) -> Rule | None:
    """The rule a field was declared with (`setting(rule=…)`), if any."""
    return next((item for item in info.metadata if hasattr(item, "condition")), None)


def describe(info: FieldInfo) -> str:
    """A field's description followed by what it allows, e.g. `Lambda memory in MB (allowed: 128..10240)`."""
    rule = rule_of(info)
    doc = info.description or ""
    return f"{doc} (allowed: {rule.describe()})" if rule is not None else doc


@dataclass(frozen=True)
class FieldDefault:
    """A field's default: `value`, or `required` when it has none."""

    value: Any
    required: bool


def default_of(info: FieldInfo) -> FieldDefault:
    if info.is_required():
        return FieldDefault(None, True)
    return FieldDefault(info.get_default(call_default_factory=True), False)


def freeze(value: Any) -> Any:
    """TOML data with every array as a tuple (strict validation accepts tuples for tuple fields)."""
    if isinstance(value, Mapping):
        return {key: freeze(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return tuple(freeze(item) for item in value)
    return value


def thaw(value: Any) -> Any:
    """The inverse of `freeze`, for messages: tuples back to lists."""
    if isinstance(value, Mapping):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [thaw(item) for item in value]
    return value
