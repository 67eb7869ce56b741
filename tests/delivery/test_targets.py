"""What a pipeline needs of each environment, and the environments it refuses (one error line each)."""

from __future__ import annotations

from pathlib import Path

import pytest

from modules.delivery.targets import delivery
from modules.errors import ConfigError
from tests.delivery.configs import COMMITTED, MIXED, project


def test_targets_in_deploy_order_with_roles_and_workspaces(tmp_path: Path) -> None:
    targets = delivery(project(tmp_path, MIXED)).targets
    assert [t.name for t in targets] == ["qa", "dev", "staging", "prod"]
    qa, dev, _, prod = targets
    assert (qa.backend, qa.remote_runs, qa.token_variable, qa.workspace) == ("s3", False, "", "")
    assert qa.plan_role == "arn:aws:iam::111122224444:role/cognito-http-api-qa-ci-plan"
    assert (dev.remote_runs, dev.workspace, dev.tagged) == (True, "cognito-http-api-dev", False)
    assert dev.token_variable == "TF_TOKEN_app_terraform_io"
    assert (prod.cloud_hostname, prod.tagged, prod.token_variable) == (
        "tfe.acme-corp.dev", True, "TF_TOKEN_tfe_acme__corp_dev",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (('account_id = "444455556666"\n', ""), "environment 'staging': field 'account_id': got ''; allowed: the "
         "environment's AWS account id (12 digits): a pipeline deploys only into a pinned account"),
        (('type = "cloud"\norganization = "example-org"\n', 'type = "local"\n'), "environment 'dev': field "
         "'backend.type': got 'local'; allowed: s3 or cloud: a runner keeps no state between jobs"),
    ],
)  # fmt: skip
def test_an_environment_a_pipeline_cannot_deploy_is_one_error(
    tmp_path: Path, edit: tuple[str, str], message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        delivery(project(tmp_path, COMMITTED.replace(*edit)))
    assert str(caught.value) == f"environments.toml: {message}"
