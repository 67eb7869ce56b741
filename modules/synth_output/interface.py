"""`cdktf.out/module/interface.json`: what the exported module takes and gives, and each environment's values.

The synth writes it from these models and every reader validates it with them, so a field is named once.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class VariableValidation(_Record):
    """One `validation` block of a variable."""

    condition: str
    error_message: str


class VariableSpec(_Record):
    """One variable of the module: its Terraform type (`type` short, `type_detail` with `optional()` defaults),
    description, default, and validations; `attribute_defaults` are the defaults inside an object variable;
    `sensitive` variables are given by the env root's own variable of the same name, never by the config."""

    name: str
    type: str
    type_detail: str
    description: str
    required: bool
    default: Any
    nullable: bool
    attribute_defaults: dict[str, Any] | None
    validations: tuple[VariableValidation, ...]
    sensitive: bool = False


class OutputSpec(_Record):
    """One output of the module (and of every environment stack)."""

    name: str
    description: str


class EnvironmentValues(_Record):
    """One environment: its module inputs, and the structural settings the module bakes in (which must be the
    same in every environment)."""

    inputs: dict[str, Any]
    structure: dict[str, Any]


class Interface(_Record):
    """The whole file. `fingerprint` is that of the inputs the synth was made from (`fingerprint.py`)."""

    fingerprint: str
    project: str
    version: str
    variables: tuple[VariableSpec, ...]
    outputs: tuple[OutputSpec, ...]
    environments: dict[str, EnvironmentValues]

    def to_json(self) -> str:
        """The file's text: two-space indented JSON in field order, one final newline."""
        return json.dumps(self.model_dump(mode="json"), indent=2) + "\n"

    def variable(self, name: str) -> VariableSpec:
        return next(v for v in self.variables if v.name == name)
