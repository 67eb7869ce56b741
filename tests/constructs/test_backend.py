"""The backend of an environment stack: HCP Terraform's `cloud` block (named or tagged workspaces, Terraform
Enterprise's hostname), and the provider pinned to the account with its assumed role; Terraform loads them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MINIMAL_CONFIG, load_stack, run_main
from tests.packaging import diagnostics

ROLE = "arn:aws:iam::111122223333:role/deployer"
CONFIG = (
    MINIMAL_CONFIG
    + f"""
[[defaults.routes]]
route_key = "GET /example"

[environments.dev]
account_id = "111122223333"
assume_role_arn = "{ROLE}"
[environments.dev.backend]
type = "cloud"
organization = "acme"

[environments.prod]
account_id = "444455556666"
[environments.prod.backend]
type = "cloud"
organization = "acme"
hostname = "tfe.acme.dev"
workspace_tags = ["demo-api", "prod"]
"""
)


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("cloud")
    (work / "environments.toml").write_text(CONFIG, encoding="utf-8")
    result = run_main(work / "cdktf.out", work / "environments.toml")
    assert result.returncode == 0, result.stderr
    return work / "cdktf.out"


def _stack(synth: Path, env: str) -> dict[str, Any]:
    return load_stack(synth, env)


def test_one_named_workspace_per_environment(synth: Path) -> None:
    terraform = _stack(synth, "dev")["terraform"]
    assert terraform["cloud"] == {"organization": "acme", "workspaces": {"name": "demo-api-dev"}}
    assert "backend" not in terraform


def test_tagged_workspaces_on_terraform_enterprise(synth: Path) -> None:
    assert _stack(synth, "prod")["terraform"]["cloud"] == {
        "organization": "acme",
        "hostname": "tfe.acme.dev",
        "workspaces": {"tags": ["demo-api", "prod"]},
    }


def test_provider_is_pinned_and_assumes_the_role_with_a_named_session(synth: Path) -> None:
    (dev,) = _stack(synth, "dev")["provider"]["aws"]
    assert dev["allowed_account_ids"] == ["111122223333"]
    assert dev["assume_role"] == [{"role_arn": ROLE, "session_name": "demo-api-dev"}]
    (prod,) = _stack(synth, "prod")["provider"]["aws"]
    assert prod["allowed_account_ids"] == ["444455556666"]
    assert "assume_role" not in prod


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_terraform_loads_the_cloud_block_and_the_provider_without_any_diagnostic(synth: Path, env: str) -> None:
    assert diagnostics(synth / "stacks" / env) == []


def test_terraform_refuses_a_broken_cloud_block(synth: Path, tmp_path: Path) -> None:
    """The loader reads the cloud block: beside a backend block it is an error."""
    stack = _stack(synth, "dev")
    stack["terraform"]["backend"] = {"local": {"path": "terraform.dev.tfstate"}}
    (tmp_path / "cdk.tf.json").write_text(json.dumps(stack), encoding="utf-8")
    assert [severity for severity, _, _ in diagnostics(tmp_path)] == ["error"]
