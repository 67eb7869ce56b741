"""One environment's account, assumed role and CI roles: the rules `modules/config/checks.py` and the fields'
own rules enforce, and the roles derived from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from modules.config.environment import EnvironmentConfig, ProjectConfig
from modules.errors import ConfigError
from tests.config.test_loader import BASE, load_text

ROLE = "arn:aws:iam::111122223333:role/deployer"


def _env(tmp_path: Path, fields: str) -> EnvironmentConfig:
    project = load_text(tmp_path, BASE.replace("[environments.dev]\n", f"[environments.dev]\n{fields}"))
    assert isinstance(project, ProjectConfig)
    return project.environments[0]


def test_without_an_account_nothing_is_pinned_and_no_ci_role_is_derived(tmp_path: Path) -> None:
    env = _env(tmp_path, "")
    assert (env.account_id, env.assume_role_arn, env.deploy_role_arn, env.plan_role_arn) == ("", "", "", "")


def test_the_ci_roles_derive_from_the_account(tmp_path: Path) -> None:
    env = _env(tmp_path, 'account_id = "111122223333"\n')
    assert env.deploy_role_arn == "arn:aws:iam::111122223333:role/demo-api-dev-ci"
    assert env.plan_role_arn == "arn:aws:iam::111122223333:role/demo-api-dev-ci-plan"


def test_an_explicit_ci_role_wins_and_keeps_its_path(tmp_path: Path) -> None:
    env = _env(tmp_path, 'account_id = "111122223333"\nci_role_arn = "arn:aws:iam::444455556666:role/ci/deployer"\n')
    assert env.deploy_role_arn == "arn:aws:iam::444455556666:role/ci/deployer"
    assert env.plan_role_arn == "arn:aws:iam::444455556666:role/ci/deployer-plan"


def test_the_assumed_role_in_the_pinned_account_gets_a_session_name(tmp_path: Path) -> None:
    env = _env(tmp_path, f'account_id = "111122223333"\nassume_role_arn = "{ROLE}"\n')
    assert (env.assume_role_arn, env.session_name) == (ROLE, "demo-api-dev")


BAD = {
    "account id of 11 digits": ('account_id = "11112222333"\n', "account_id", "'11112222333'", "12 digits"),
    "account id as a number": ("account_id = 111122223333\n", "account_id", "111122223333", "a string"),
    "malformed role ARN": (
        'account_id = "111122223333"\nassume_role_arn = "arn:aws:iam::111122223333:user/deployer"\n',
        "assume_role_arn", "'arn:aws:iam::111122223333:user/deployer'", "an IAM role ARN",
    ),
    "role of another account": (
        'account_id = "444455556666"\nassume_role_arn = "arn:aws:iam::111122223333:role/deployer"\n',
        "assume_role_arn", f"'{ROLE}'", "a role in the environment's account: account_id (444455556666)",
    ),
    "role without an account": (
        f'assume_role_arn = "{ROLE}"\n', "assume_role_arn", f"'{ROLE}'", "account_id, which is unset: set it",
    ),
    "malformed ci role": ('ci_role_arn = "deployer"\n', "ci_role_arn", "'deployer'", "an IAM role ARN"),
    "ci role whose plan twin is too long": (
        f'ci_role_arn = "arn:aws:iam::111122223333:role/{"r" * 60}"\n', "ci_role_arn", "'arn:aws:iam::",
        "stays within IAM's 64 characters",
    ),
}  # fmt: skip


@pytest.mark.parametrize(("fields", "field", "value", "allowed"), BAD.values(), ids=BAD.keys())
def test_bad_accounts_and_roles_are_one_line_naming_the_field(
    tmp_path: Path, fields: str, field: str, value: str, allowed: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        _env(tmp_path, fields)
    message = str(caught.value)
    assert message.startswith(f"environments.toml: environment 'dev': field '{field}': got {value}"), message
    assert allowed in message
    assert "\n" not in message


def test_a_session_name_over_stss_limit_is_refused(tmp_path: Path) -> None:
    environment = f'[environments.{"e" * 30}]\naccount_id = "111122223333"\nassume_role_arn = "{ROLE}"\n'
    text = BASE.replace("[environments.dev]\n", environment).replace('name = "demo-api"', f'name = "{"p" * 40}"')
    pool = '[defaults.user_pool]\ndomain_prefix = "demo"\n\n'
    text = text.replace("[defaults.clients.web]", pool + "[defaults.clients.web]")
    with pytest.raises(ConfigError, match="exceeds STS's 64 characters"):
        load_text(tmp_path, text)
