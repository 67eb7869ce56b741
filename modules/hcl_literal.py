"""Python values (JSON-like: None, bool, int, float, str, lists, tuples, dicts) as HCL literal expressions."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def quote(text: str) -> str:
    """An HCL quoted string whose value is exactly `text` (template sequences `${` and `%{` escaped)."""
    body = json.dumps(text, ensure_ascii=False)[1:-1]
    return '"' + body.replace("${", "$${").replace("%{", "%%{") + '"'


def literal(value: Any, indent: str = "") -> str:
    """`value` as an HCL expression. Objects are written one attribute per line, lists on one line."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        inner = indent + "  "
        lines = [f"{inner}{_key(str(key))} = {literal(item, inner)}" for key, item in value.items()]
        return "{\n" + "\n".join(lines) + f"\n{indent}}}"
    if isinstance(value, Sequence):
        return "[" + ", ".join(literal(item, indent) for item in value) + "]"
    raise TypeError(f"no HCL literal for {value!r}")


def _number(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)


def _key(key: str) -> str:
    return key if IDENTIFIER.match(key) else quote(key)
