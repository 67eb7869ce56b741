"""Helpers for values that are literals in an environment stack and Terraform tokens in the module stack."""

from __future__ import annotations

from typing import Any

from cdktf import Fn, Token


def choose(condition: Any, when_true: Any, when_false: Any) -> Any:
    """`when_true if condition else when_false`, as a Terraform conditional when `condition` is a token."""
    if isinstance(condition, bool):
        return when_true if condition else when_false
    return Fn.conditional(condition, when_true, when_false)


def differs(value: Any, other: str) -> Any:
    """`value != other`, as a Terraform expression when `value` is a token."""
    if isinstance(value, str) and not Token.is_unresolved(value):
        return value != other
    return Token.as_any(f'${{{_expression(value)} != "{other}"}}')


def _expression(value: Any) -> str:
    """The bare expression inside a string token such as `${var.x}`."""
    text = str(value)
    return text[2:-1] if text.startswith("${") and text.endswith("}") else text
