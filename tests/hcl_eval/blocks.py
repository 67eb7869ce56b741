"""Attribute values and block bodies as python-hcl2 parses them, evaluated (dynamic blocks expanded)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from tests.hcl_eval.parser import evaluate
from tests.hcl_eval.values import Unsupported


def value(parsed: Any, scope: Mapping[str, Any]) -> Any:
    """Evaluate one attribute value as python-hcl2 returns it: `"\\"text\\""` literals, `"${expr}"` expressions."""
    if isinstance(parsed, str):
        if parsed.startswith('"'):
            return evaluate(parsed, scope)
        if parsed.startswith("${") and parsed.endswith("}"):
            return evaluate(parsed[2:-1], scope)
        raise Unsupported(f"bare {parsed!r}")
    if isinstance(parsed, list):
        return [value(item, scope) for item in parsed]
    if isinstance(parsed, dict):
        return {unquote(key): value(item, scope) for key, item in parsed.items() if key != "__is_block__"}
    return parsed


def unquote(label: str) -> str:
    return json.loads(label) if label.startswith('"') else label


def body(parsed: Mapping[str, Any], scope: Mapping[str, Any]) -> dict[str, Any]:
    """Evaluate a block body: attributes, nested blocks (lists of bodies) and `dynamic` blocks expanded.

    Null attributes are dropped (Terraform treats them as unset); `depends_on` keeps the addresses as text.
    """
    result: dict[str, Any] = {}
    for key, item in parsed.items():
        if key == "__is_block__":
            continue
        if key == "dynamic":
            for dynamic in item:
                for label, spec in dynamic.items():
                    blocks = _expand(spec, scope, unquote(label))
                    if blocks:  # zero iterations: no block at all
                        result.setdefault(unquote(label), []).extend(blocks)
        elif key == "depends_on":
            result[key] = [entry[2:-1] for entry in item]
        elif isinstance(item, list) and item and all(isinstance(i, dict) and i.get("__is_block__") for i in item):
            result.setdefault(key, []).extend(body(block, scope) for block in item)
        else:
            evaluated = value(item, scope)
            if evaluated is not None:
                result[key] = evaluated
    return result


def _expand(spec: Mapping[str, Any], scope: Mapping[str, Any], label: str) -> list[dict[str, Any]]:
    items = value(spec["for_each"], scope)
    iterator = spec.get("iterator", label)
    if not isinstance(iterator, str):
        raise Unsupported(f"iterator {iterator!r}")
    iterator = iterator[2:-1] if iterator.startswith("${") else iterator
    entries = items.items() if isinstance(items, dict) else enumerate(items)
    return [
        body(content, {**scope, iterator: {"key": key, "value": item}})
        for key, item in entries
        for content in spec["content"]
    ]
