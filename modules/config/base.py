"""The base of every config model: frozen, strict, closed, plain text; plus `setting()`, a field with its
description and rule.

Strict means no coercion: `"5"` is not 5, `1` is not `true`. Closed means unknown keys are refused. Plain text
means no string anywhere in a model holds a control character (`rules.TEXT`): every value the tool passes to AWS
is one line of text. The loader turns TOML arrays into tuples before validation (`freeze`), so list fields are
tuples and every model is immutable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.fields import FieldInfo

from modules.config.rules import TEXT, Rule


class ConfigModel(BaseModel):
    """A table of the config: immutable, strictly typed, without unknown keys, and with plain text only."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    @field_validator("*", mode="after")
    @classmethod
    def _plain_text(cls, value: Any) -> Any:
        """Refuse a string with a control character in any field: a string, a list of them or a table's values."""
        found = _control_character(value)
        if found is not None:
            raise InvalidField(found[0], found[1], TEXT.describe())
        return value


class InvalidField(ValueError):
    """Raised by a model validator: the field at `path` (relative to the model) holds `value`; `allowed` says
    what it may hold. The loader reports it with the model's own location in front."""

    def __init__(self, path: str, value: object, allowed: str) -> None:
        super().__init__(allowed)
        self.path = path
        self.value = value
        self.allowed = allowed


def _control_character(value: Any) -> tuple[str, str] | None:
    """(path below the field, string) of the first string in `value` that breaks `TEXT`, else None."""
    if isinstance(value, str):
        return None if TEXT.ok(value) else ("", value)
    items: list[tuple[str, Any]] = []
    if isinstance(value, tuple):
        items = [(f"[{index}]", item) for index, item in enumerate(value)]
    elif isinstance(value, Mapping):
        items = [(f".{key}" if str(key).isidentifier() else f"[{key!r}]", item) for key, item in value.items()]
    for path, item in items:
        if isinstance(item, str) and not TEXT.ok(item):
            return path, item
    return None


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
