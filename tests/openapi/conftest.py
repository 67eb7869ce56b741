"""Fixtures of the OpenAPI tests: the documents of the session's synth, and a synth of a config of their own whose
routes use every shape a route key has (path variables, a greedy one, ANY, `$default`, several scopes) and a
custom domain."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from modules.openapi.output import environment_document
from tests.conftest import ENVIRONMENTS, MINIMAL_CONFIG, run_main

VERSION = "0.2.0"
SHAPES_CONFIG = (
    MINIMAL_CONFIG
    + """
[defaults.clients.service]
kind = "machine"
scopes = ["orders.write"]

[[defaults.routes]]
route_key = "GET /items/{id}"
function = "example"

[[defaults.routes]]
route_key = "ANY /files/{proxy+}"
function = "example"
public = true

[[defaults.routes]]
route_key = "POST /orders"
function = "example"
scopes = ["orders.write", "orders.admin"]

[[defaults.routes]]
route_key = "$default"
target = "https://example.com/"

[environments.shapes]
[environments.shapes.domain]
name = "api.example.com"
zone = "example.com"
"""
)


@pytest.fixture(scope="session")
def documents(synth_dir: Path) -> dict[str, dict[str, Any]]:
    """The document of every default environment, as `make openapi` makes it."""
    return {env: environment_document(synth_dir, env, VERSION) for env in ENVIRONMENTS}


@pytest.fixture(scope="module")
def shapes_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`cdktf.out` of `SHAPES_CONFIG`, synthesized once per module."""
    parent = tmp_path_factory.mktemp("shapes")
    config = parent / "environments.toml"
    config.write_text(SHAPES_CONFIG, encoding="utf-8")
    result = run_main(parent / "cdktf.out", config)
    assert result.returncode == 0, result.stderr
    return parent / "cdktf.out"
