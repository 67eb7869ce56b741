"""`environments.schema.json`: the JSON Schema of `environments.toml`, generated from the same pydantic models.

Editors with a TOML language server (taplo, Even Better TOML) read it through the config's first line,
`#:schema ./environments.schema.json`, and complete and check fields as they are typed: descriptions, defaults,
allowed values (enums, ranges, patterns) and unknown keys all come from the models and their rules.

A `[defaults]` or `[environments.<name>]` table may hold any part of an environment (the rest comes from the
other), so nothing inside them is required by the schema except what one table must hold whole: a route.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import Field

from modules.config.api import RouteConfig
from modules.config.base import ConfigModel
from modules.config.environment import EnvironmentSettings
from modules.config.loader import ENV_NAME, ProjectSection
from modules.config.rules import TEXT

SCHEMA_FILE = "environments.schema.json"
SCHEMA_DIRECTIVE = f"#:schema ./{SCHEMA_FILE}"
#: Models whose tables are always written whole (never merged), so their required fields stay required.
WHOLE_TABLES = (RouteConfig.__name__, ProjectSection.__name__)


class _ConfigFileSchema(ConfigModel):
    """environments.toml: one stack per [environments.<name>] table, each merged over [defaults]."""

    project: ProjectSection = Field(description="The project's identity")
    defaults: EnvironmentSettings = Field(description="Fields every environment gets unless it sets them itself")
    environments: dict[Annotated[str, ENV_NAME], EnvironmentSettings] = Field(
        description="One table per environment: its name is the cdktf stack id", min_length=1
    )


def config_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of environments.toml."""
    schema = _ConfigFileSchema.model_json_schema()
    schema["required"] = ["project", "environments"]
    for name, definition in schema.get("$defs", {}).items():
        if name not in WHOLE_TABLES:
            definition.pop("required", None)
    tidy = _tidy(schema)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "environments.toml", **tidy}


def schema_text() -> str:
    """The schema file's content: sorted keys, two-space indent, final newline (stable bytes)."""
    return json.dumps(config_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _tidy(node: Any) -> Any:
    """Without pydantic's per-property titles, with `X | None` as `X` (TOML has no null: leave it out), with
    maps closed to keys that do not match their pattern, and every string plain text (`TEXT`)."""
    if isinstance(node, list):
        return [_tidy(item) for item in node]
    if not isinstance(node, dict):
        return node
    if "patternProperties" in node and "additionalProperties" not in node:  # keys must match the pattern
        node = {**node, "additionalProperties": False}
    if node.get("type") == "string":
        node = {**node, **TEXT.json_schema()}
    any_of = node.get("anyOf")
    if isinstance(any_of, list) and {"type": "null"} in any_of and len(any_of) == 2:
        kept = next(item for item in any_of if item != {"type": "null"})
        node = {**{k: v for k, v in node.items() if k not in ("anyOf", "default")}, **kept}
    return {key: _tidy(value) for key, value in node.items() if key != "title" or not isinstance(value, str)}
