"""Fixtures of the OpenAPI tests: the documents of the session's synth, and a synth of a config of their own whose
routes use every shape a route key has (path variables, a greedy one, ANY, `$default`, several scopes), a custom
domain, and a function of their own (`shapes`) declaring its part of the contract in `openapi.yaml`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from modules.openapi.output import environment_document
from tests.conftest import ENVIRONMENTS, project_scratch, run_main, source_dir_of

VERSION = "0.2.0"
SHAPES_HANDLER = """
import json


def handler(event, context):
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps({"ok": True})}
"""
SHAPES_FRAGMENT = """
schemas:
  Order:
    type: object
    required: [item]
    properties:
      item: {type: string}
routes:
  POST /orders:
    summary: Place an order
    description: Needs orders.write or orders.admin.
    parameters:
      - {name: dry_run, in: query, schema: {type: boolean}}
    requestBody:
      required: true
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Order"}
    responses:
      "201": {description: placed}
"""


def shapes_config(source_dir: str) -> str:
    """A config whose one environment, `shapes`, has every route shape, served by the function in `source_dir`."""
    return f"""
[project]
name = "demo-api"
version = "0.1.0"

[defaults]
region = "us-east-1"

[defaults.clients.web]
callback_urls = ["https://localhost:3000/callback"]

[defaults.clients.service]
kind = "machine"
scopes = ["orders.write", "orders.admin"]

[defaults.functions.shapes]
source_dir = "{source_dir}"

[[defaults.routes]]
route_key = "GET /items/{{id}}"
summary = "One item"
description = "The item named by its **id**."

[[defaults.routes]]
route_key = "ANY /files/{{proxy+}}"
public = true

[[defaults.routes]]
route_key = "POST /orders"
scopes = ["orders.write", "orders.admin"]
summary = "Order something"

[[defaults.routes]]
route_key = "$default"
target = "https://example.com/"

[environments.shapes]
[environments.shapes.domain]
name = "api.example.com"
zone = "example.com"
"""


@pytest.fixture(scope="session")
def documents(synth_dir: Path) -> dict[str, dict[str, Any]]:
    """The document of every default environment, as `make openapi` makes it."""
    return {env: environment_document(synth_dir, env, VERSION) for env in ENVIRONMENTS}


@pytest.fixture(scope="module")
def shapes_source() -> Iterator[Path]:
    """The `shapes` function's source directory: a handler and its `openapi.yaml`."""
    with project_scratch("openapi-shapes-") as source:
        (source / "handler.py").write_text(SHAPES_HANDLER, encoding="utf-8")
        (source / "openapi.yaml").write_text(SHAPES_FRAGMENT, encoding="utf-8")
        yield source


@pytest.fixture(scope="module")
def shapes_dir(tmp_path_factory: pytest.TempPathFactory, shapes_source: Path) -> Path:
    """`cdktf.out` of `shapes_config`, synthesized once per module."""
    parent = tmp_path_factory.mktemp("shapes")
    config = parent / "environments.toml"
    config.write_text(shapes_config(source_dir_of(shapes_source)), encoding="utf-8")
    result = run_main(parent / "cdktf.out", config)
    assert result.returncode == 0, result.stderr
    return parent / "cdktf.out"
