"""environments.schema.json: generated from the models, current, and agreeing with the loader."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from modules.config.loader import load_config
from modules.config.schema import SCHEMA_DIRECTIVE, SCHEMA_FILE, config_schema, schema_text
from modules.errors import ConfigError
from tests.conftest import CONFIG, ROOT


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((ROOT / SCHEMA_FILE).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_committed_schema_is_current() -> None:
    assert (ROOT / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text(), "stale: run `make schema`"


def test_config_points_editors_at_the_schema() -> None:
    assert CONFIG.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_DIRECTIVE


def test_committed_config_is_valid_against_the_schema(validator: jsonschema.Draft202012Validator) -> None:
    assert list(validator.iter_errors(tomllib.loads(CONFIG.read_text(encoding="utf-8")))) == []


def test_schema_carries_descriptions_defaults_and_allowed_values() -> None:
    defs = config_schema()["$defs"]
    memory = defs["FunctionConfig"]["properties"]["memory_mb"]
    assert memory == {"default": 128, "description": "Lambda memory in MB", "maximum": 10240, "minimum": 128,
                      "type": "integer"}  # fmt: skip
    assert defs["UserPoolConfig"]["properties"]["mfa"]["enum"] == ["OFF", "OPTIONAL", "ON"]
    assert defs["EnvironmentSettings"]["additionalProperties"] is False
    assert "required" not in defs["EnvironmentSettings"], "a [defaults] table may hold part of an environment"
    assert defs["RouteConfig"]["required"] == ["route_key"]
    cors = defs["EnvironmentSettings"]["properties"]["cors"]
    assert cors == {"$ref": "#/$defs/CorsConfig", "description": "CORS of the HTTP API (without it: no CORS)"}


def _edited(edit: str) -> dict[str, Any]:
    data: dict[str, Any] = tomllib.loads(CONFIG.read_text(encoding="utf-8") + edit)
    return data


@pytest.mark.parametrize(
    "edit",
    [
        "[environments.dev.throttling.extra]\nx = 1\n",
        "[environments.staging.functions.example]\nmemory_mb = 64\n",
        '[environments.staging.functions.example]\narchitecture = "sparc"\n',
        "[environments.staging.backend]\nencrypt = 1\n",
        '[environments.staging.clients.web]\nkind = "robot"\n',
        '[environments.Staging]\nregion = "eu-west-1"\n',
    ],
)
def test_schema_and_loader_both_reject(edit: str, validator: jsonschema.Draft202012Validator, tmp_path: Path) -> None:
    assert list(validator.iter_errors(_edited(edit)))
    config = tmp_path / "environments.toml"
    config.write_text(CONFIG.read_text(encoding="utf-8") + edit, encoding="utf-8")
    with pytest.raises(ConfigError):
        load_config(config)
