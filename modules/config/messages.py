"""One line per invalid config: pydantic's first error as file, environment, field path, value and what is allowed."""

from __future__ import annotations

import typing
from collections.abc import Mapping, Sequence
from types import UnionType
from typing import Annotated, Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from modules.config.base import InvalidField, thaw
from modules.config.rules import RULE_ERROR
from modules.errors import ConfigError

#: What a value of each pydantic type error should have been.
EXPECTED = {
    "bool_type": "true or false",
    "int_type": "an integer",
    "float_type": "a number",
    "string_type": "a string",
    "tuple_type": "a list",
    "list_type": "a list",
    "missing": "a value (this field is required)",
}


def config_error(file: str, environment: str, model: type[BaseModel], data: Any, error: ValidationError) -> ConfigError:
    """The `ConfigError` for the first of `error`'s problems with `data` (the table validated as `model`)."""
    detail = error.errors()[0]
    loc = tuple(detail["loc"])
    context = detail.get("ctx") or {}
    cause = context.get("error")
    if isinstance(cause, InvalidField):
        path = _path(loc, data)
        if cause.path:
            path += cause.path if cause.path.startswith((".", "[")) or not path else f".{cause.path}"
        return ConfigError(file, environment, path.lstrip("."), thaw(cause.value), cause.allowed)
    field = _path(loc, data)
    if detail["type"] == "missing":
        value = None
    elif detail["type"] == "extra_forbidden":  # the unknown key itself, which is what the user mistyped
        value = loc[-1] if loc else None
    else:
        value = thaw(detail["input"])
    return ConfigError(file, environment, field or "(table)", value, _allowed(detail, model, loc))


def known_fields(model: type[BaseModel]) -> list[str]:
    """The fields a table of `model` may hold, sorted (without those derived from the file's structure)."""
    derived = getattr(model, "derived_fields", ())
    return sorted(name for name in model.model_fields if name not in derived)


def _allowed(detail: ErrorDetails, model: type[BaseModel], loc: tuple[int | str, ...]) -> str:
    kind = detail["type"]
    context = detail.get("ctx") or {}
    if kind == RULE_ERROR:
        return str(context["allowed"])
    if kind == "extra_forbidden":
        parent = _annotation_at(model, loc[:-1])
        if isinstance(parent, type) and issubclass(parent, BaseModel):
            return "one of the known fields " + ", ".join(known_fields(parent))
        return "no such field"
    if kind in ("model_type", "model_attributes_type", "dict_type", "mapping_type"):
        annotation = _annotation_at(model, loc)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return "a table with the fields " + ", ".join(annotation.model_fields)
        return "a table"
    if kind in EXPECTED:
        return EXPECTED[kind]
    return str(detail["msg"])


def _path(loc: tuple[int | str, ...], data: Any) -> str:
    """A field path as users read it: `user_pool.password.minimum_length`, `routes['GET /x'].scopes[0]`,
    `functions.reports.memory_mb`, `functions['Bad Name']` (a bad key)."""
    text = ""
    node = data
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int):
            key = node[part].get("route_key") if _is_sequence(node) and isinstance(node[part], Mapping) else None
            text += f"[{key!r}]" if isinstance(key, str) and text.endswith("routes") else f"[{part}]"
        elif str(part).isidentifier() or str(part).replace("-", "_").isidentifier():
            text += f".{part}" if text else str(part)
        else:
            text += f"[{part!r}]"
        node = _child(node, part)
    return text


def _child(node: Any, part: int | str) -> Any:
    if isinstance(node, Mapping):
        return node.get(part)
    if _is_sequence(node) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _is_sequence(node: Any) -> bool:
    return isinstance(node, Sequence) and not isinstance(node, str)


def _annotation_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> Any:
    """The type annotation found by following `loc` from `model` (None where it leads nowhere)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            current = field.annotation if field else None
        elif typing.get_origin(current) in (tuple, dict):
            current = typing.get_args(current)[-1 if typing.get_origin(current) is dict else 0]
        else:
            return None
    return _unwrap(current)


def _unwrap(annotation: Any) -> Any:
    """`X` from `X | None` and from `Annotated[X, ...]`."""
    if typing.get_origin(annotation) is Annotated:
        annotation = typing.get_args(annotation)[0]
    if isinstance(annotation, UnionType):
        annotation = next(arg for arg in typing.get_args(annotation) if arg is not type(None))
    return annotation
