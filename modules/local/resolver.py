"""Terraform `${...}` references in synthesized values: find them, follow them, resolve them."""

from __future__ import annotations

import re
from collections.abc import Mapping

from modules.errors import EmulatorError
from modules.local.description import ApiDescription

#: `${aws_lambda_function.this.invoke_arn}` or `${data.aws_region.current.region}`.
REFERENCE = re.compile(r"\$\{([^}]*)\}")


def references(text: str) -> list[str]:
    """The expressions inside every `${...}` of `text`."""
    return REFERENCE.findall(text)


def target_address(text: str) -> str:
    """`type.name` of the single resource `text` refers to (e.g. `integrations/${aws_x.y.id}` → `aws_x.y`)."""
    found = references(text)
    if len(found) != 1 or len(found[0].split(".")) < 3:
        raise EmulatorError(f"expected one resource reference in {text!r}")
    return ".".join(found[0].split(".")[:2])


class References:
    """Resolves `${...}` templates: run-time values first (ids the emulator created), then literal arguments."""

    def __init__(self, description: ApiDescription, values: Mapping[str, str]) -> None:
        self._description = description
        self._values = dict(values)

    def value(self, expression: str) -> str:
        """The value of one expression such as `aws_cognito_user_pool.this.endpoint`."""
        if expression in self._values:
            return self._values[expression]
        parts = expression.split(".")
        if len(parts) == 3 and parts[0] != "data":
            attributes = self._description.resource(f"{parts[0]}.{parts[1]}").attributes
            literal = attributes.get(parts[2])
            if isinstance(literal, str | int | float) and not isinstance(literal, bool):
                return self.resolve(str(literal))
        raise EmulatorError(f"{self._description.stack_file}: cannot resolve ${{{expression}}} locally")

    def resolve(self, template: str) -> str:
        """`template` with every `${...}` replaced by its value."""
        return REFERENCE.sub(lambda match: self.value(match.group(1)), template)
