"""Resolving the `${…}` references of synthesized values to what the emulator created at run time."""

from __future__ import annotations

from collections.abc import Mapping

from modules.errors import EmulatorError
from modules.local.description import ApiDescription
from modules.synth_output.references import substitute


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
            literal = self._description.resource(f"{parts[0]}.{parts[1]}").arguments.get(parts[2])
            if isinstance(literal, str | int | float) and not isinstance(literal, bool):
                return self.resolve(str(literal))
        raise EmulatorError(f"{self._description.stack_file}: cannot resolve ${{{expression}}} locally")

    def resolve(self, template: str) -> str:
        """`template` with every `${...}` replaced by its value."""
        return substitute(template, self.value)
