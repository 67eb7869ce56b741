"""Rules across environments: the deploy order, and AWS accounts shared only where the config says so."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from modules.config.environment import ProjectConfig
from modules.errors import ConfigError
from tests.config.test_loader import BASE, load_text
from tests.conftest import ROOT

THREE = BASE + "[environments.staging]\n[environments.prod]\n"


def _project(tmp_path: Path, text: str) -> ProjectConfig:
    project = load_text(tmp_path, text)
    assert isinstance(project, ProjectConfig)
    return project


def test_deploy_order_defaults_to_the_order_of_the_tables(tmp_path: Path) -> None:
    project = _project(tmp_path, THREE)
    assert project.deploy_order == ("dev", "staging", "prod")
    assert [env.name for env in project.in_deploy_order] == ["dev", "staging", "prod"]


def test_deploy_order_of_the_project_table_wins(tmp_path: Path) -> None:
    text = THREE.replace('version = "1.2.3"\n', 'version = "1.2.3"\ndeploy_order = ["staging", "dev", "prod"]\n')
    project = _project(tmp_path, text)
    assert [env.name for env in project.in_deploy_order] == ["staging", "dev", "prod"]
    assert [env.name for env in project.environments] == ["dev", "staging", "prod"], "the config's order stays"


@pytest.mark.parametrize(
    ("order", "message"),
    [
        ('["dev", "qa", "prod"]', r"field 'project.deploy_order': got 'qa'; allowed: a known environment; each "),
        ('["dev", "prod"]', r"got \['dev', 'prod'\]; allowed: each environment once, in the order the pipeline "
         r"deploys them: dev, staging, prod"),
        ('["dev", "dev", "staging", "prod"]', r"got \['dev', 'dev', 'staging', 'prod'\]; allowed: each environment"),
        ('["Dev"]', r"field 'project.deploy_order': got \['Dev'\]; allowed: environment names"),
    ],
)  # fmt: skip
def test_a_deploy_order_naming_an_unknown_or_missing_environment_is_refused(
    tmp_path: Path, order: str, message: str
) -> None:
    text = THREE.replace('version = "1.2.3"\n', f'version = "1.2.3"\ndeploy_order = {order}\n')
    with pytest.raises(ConfigError, match=message) as caught:
        load_text(tmp_path, text)
    assert "top level" in str(caught.value)


def test_two_environments_in_one_account_are_refused_unless_both_say_so(tmp_path: Path) -> None:
    text = BASE.replace("[environments.dev]\n", '[environments.dev]\naccount_id = "111122223333"\n')
    text += '[environments.prod]\naccount_id = "111122223333"\n'
    with pytest.raises(ConfigError) as caught:
        load_text(tmp_path, text)
    assert str(caught.value) == (
        "environments.toml: environment 'prod': field 'account_id': got '111122223333'; allowed: an account no other "
        "environment uses (dev has it), or shared_account = true in both dev and prod"
    )
    only_one = text.replace('[environments.prod]\naccount_id = "111122223333"\n',
                            '[environments.prod]\naccount_id = "111122223333"\nshared_account = true\n')  # fmt: skip
    with pytest.raises(ConfigError, match="shared_account = true in both dev and prod"):
        load_text(tmp_path, only_one)
    both = only_one.replace('[environments.dev]\naccount_id = "111122223333"\n',
                            '[environments.dev]\naccount_id = "111122223333"\nshared_account = true\n')  # fmt: skip
    project = _project(tmp_path, both)
    assert {env.account_id for env in project.environments} == {"111122223333"}


def test_environments_without_an_account_share_nothing(tmp_path: Path) -> None:
    project = _project(tmp_path, THREE)
    assert {env.account_id for env in project.environments} == {""}


def test_bad_account_input_is_one_error_line_and_exit_code_2(tmp_path: Path) -> None:
    config = tmp_path / "environments.toml"
    config.write_text(BASE.replace("[environments.dev]\n", '[environments.dev]\naccount_id = "1234"\n'), "utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--config", str(config)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: environments.toml: environment 'dev': field 'account_id': got '1234'; allowed: an AWS account id "
        "(12 digits), or '' (no account pinned)"
    ]
