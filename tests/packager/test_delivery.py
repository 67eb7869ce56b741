"""`make package` ships the pipeline of the plain Terraform env roots (`dist/ci/`) and the one-time AWS roots of
the pipeline (`dist/bootstrap/<account>/`): current, linted, loadable by Terraform, trust and permissions right."""

from __future__ import annotations

from pathlib import Path

import pytest

from modules.config.loader import load_config
from modules.delivery.workflows import terraform_workflows
from tests.conftest import CONFIG, run_main
from tests.delivery.configs import COMMITTED, S3
from tests.delivery.linters import actionlint, zizmor
from tests.packaging import diagnostics, package_into, packaged  # noqa: F401

ACCOUNTS = ("111122223333", "444455556666", "777788889999")


def test_dist_ci_holds_the_ops_pipeline_and_both_linters_pass_it(packaged: Path) -> None:  # noqa: F811
    files = sorted((packaged / "ci").iterdir())
    expected = {workflow.name: workflow.text for workflow in terraform_workflows(load_config(CONFIG))}
    assert {path.name: path.read_text(encoding="utf-8") for path in files} == expected
    assert actionlint(*files).returncode == 0
    assert zizmor(*files).returncode == 0


@pytest.mark.parametrize("account", ACCOUNTS)
def test_one_bootstrap_root_per_account_loads_in_terraform(packaged: Path, account: str) -> None:  # noqa: F811
    root = packaged / "bootstrap" / account
    assert [p.name for p in root.iterdir()] == ["main.tf"]
    assert diagnostics(root) == []
    text = (root / "main.tf").read_text(encoding="utf-8")
    assert f'allowed_account_ids = ["{account}"]' in text


def test_hcp_terraform_runs_assume_the_roles_per_workspace_and_phase(packaged: Path) -> None:  # noqa: F811
    text = (packaged / "bootstrap" / "777788889999" / "main.tf").read_text(encoding="utf-8")
    assert 'url            = "https://app.terraform.io"' in text
    assert 'client_id_list = ["aws.workload.identity"]' in text
    workspace = "organization:example-org:project:*:workspace:cognito-http-api-prod:run_phase"
    assert f'StringLike   = {{ "app.terraform.io:sub" = "{workspace}:apply" }}' in text
    assert f'StringLike   = {{ "app.terraform.io:sub" = "{workspace}:plan" }}' in text
    assert 'name                 = "cognito-http-api-prod-ci"' in text
    assert 'name                 = "cognito-http-api-prod-ci-plan"' in text
    readme = (packaged / "bootstrap" / "README.md").read_text(encoding="utf-8")
    assert (
        "| `cognito-http-api-prod` | `true` | `arn:aws:iam::777788889999:role/cognito-http-api-prod-ci-plan` | "
        "`arn:aws:iam::777788889999:role/cognito-http-api-prod-ci` |"
    ) in readme


def _package(tmp_path: Path, text: str) -> tuple[Path, tuple[str, ...]]:
    config = tmp_path / "environments.toml"
    config.write_text(text, encoding="utf-8")
    synth = tmp_path / "cdktf.out"
    assert run_main(synth, config).returncode == 0
    result = package_into(synth, tmp_path / "dist", config=config, environments=("dev",))
    return tmp_path / "dist", result.delivery_notes


def test_github_deploys_assume_the_roles_per_repository_and_environment(tmp_path: Path) -> None:
    dist, notes = _package(tmp_path, S3)
    assert notes == ()
    text = (dist / "bootstrap" / "111122223333" / "main.tf").read_text(encoding="utf-8")
    assert 'url            = "https://token.actions.githubusercontent.com"' in text
    assert '"token.actions.githubusercontent.com:sub" = "repo:${var.github_repository}:environment:dev"' in text
    assert '"token.actions.githubusercontent.com:sub" = "repo:${var.github_repository}:pull_request"' in text
    assert '"arn:aws:s3:::example-tf-state/cognito-http-api/dev/terraform.tfstate.tflock"' in text
    assert diagnostics(dist / "bootstrap" / "111122223333") == []


def test_a_config_no_pipeline_can_deploy_leaves_ci_and_bootstrap_out_and_says_why(tmp_path: Path) -> None:
    local = COMMITTED.replace('type = "cloud"\norganization = "example-org"\n', 'type = "local"\n')
    dist, notes = _package(tmp_path, local)
    assert not (dist / "ci").exists()
    assert not (dist / "bootstrap").exists()
    assert notes == (
        "ci/ left out: environments.toml: environment 'dev': field 'backend.type': got 'local'; allowed: s3 or "
        "cloud: a runner keeps no state between jobs",
        "bootstrap/ has no roles for dev: an environment needs an account_id, an s3 or cloud backend and a "
        "ci_role_arn in that account",
    )
