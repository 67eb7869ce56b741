"""Walking the config models as the exported module sees them: structural fields, named tables, field paths.

Pure Python, shared by the module's interface (`interface.py`) and its validations
(`validations.py`).
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from types import UnionType
from typing import Annotated, Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

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
    "groups.*.scopes",
    "identity_providers.*.kind",
    "user_pool.pre_token_function",
)
#: Fields whose module value is what the config's value points to: the attribute of the config model that holds
#: it. A SAML `metadata_file` is a path in the config and the metadata document itself in the module (multi-line
#: text, so the module does not check it as one line of text).
DOCUMENTS = {"identity_providers.*.metadata_file": "metadata_document"}
#: Fields that are tables of named tables.
NAMED_TABLES = ("functions", "clients", "groups", "identity_providers")


def structural(path: str) -> bool:
    """Whether the field at dotted `path` (relative to EnvironmentConfig; names as `*`) is baked into the module."""
    return path in STRUCTURAL


def pattern(path: str) -> str:
    """`functions.reports.memory_mb` → `functions.*.memory_mb`: a field path with names as `*`."""
    parts = path.split(".")
    return ".".join("*" if index == 1 and parts[0] in NAMED_TABLES else part for index, part in enumerate(parts))


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
        return value if is_object(value) else None
    return None


def is_object(hint: Any) -> bool:
    """Whether `hint` is a config model (a table)."""
    return isinstance(hint, type) and issubclass(hint, BaseModel)
