"""Helpers that keep one construct code path for literal values (env stacks) and Terraform tokens (module)."""

from __future__ import annotations

from typing import Any

from modules.values import DynamicObject, choose, differs, none_if_empty, static_block


def test_literals_are_decided_in_python() -> None:
    assert choose(True, "ACTIVE", "INACTIVE") == "ACTIVE"
    assert choose(False, "ACTIVE", "INACTIVE") == "INACTIVE"
    assert differs("OPTIONAL", "OFF") is True
    assert differs("OFF", "OFF") is False
    assert none_if_empty(()) is None
    assert none_if_empty(("x-request-id",)) == ["x-request-id"]


def test_static_block_builds_plain_objects_only() -> None:
    def build(value: Any) -> dict[str, Any]:
        return {"built": value}

    assert static_block(None, build) is None
    assert static_block("cors", build) == {"built": "cors"}
    assert static_block(DynamicObject(value="cors", for_each="var.cors[*]", iterator="cors"), build) is None
