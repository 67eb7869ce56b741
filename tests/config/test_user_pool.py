"""The pool's feature plan and what each plan allows: tier, managed login, threat protection."""

from __future__ import annotations

from pathlib import Path

import pytest

from modules.config.environment import EnvironmentConfig
from modules.config.user_pool import PLAN_RULES, UserPoolConfig
from modules.errors import ConfigError
from tests.config.test_loader import BASE, load_text

POOL = BASE + "[environments.dev.user_pool]\n"

REFUSED = {
    "managed login on LITE": (
        POOL + 'tier = "LITE"\n',
        r"environment 'dev': field 'user_pool.managed_login': got True; allowed: false unless tier is ESSENTIALS "
        r"or PLUS \(managed login needs Essentials or Plus.*cognito-user-pools-managed-login.html\); tier is LITE$",
    ),
    "threat protection on ESSENTIALS": (
        POOL + 'threat_protection = "AUDIT"\n',
        r"field 'user_pool.threat_protection': got 'AUDIT'; allowed: \"OFF\" unless tier is PLUS \(threat "
        r"protection needs Plus: .*threat-protection.html\); tier is ESSENTIALS$",
    ),
    "an unknown tier": (
        POOL + 'tier = "FREE"\n',
        r"field 'user_pool.tier': got 'FREE'; allowed: one of LITE, ESSENTIALS, PLUS",
    ),
    "an unknown threat protection mode": (
        POOL + 'tier = "PLUS"\nthreat_protection = "ON"\n',
        r"field 'user_pool.threat_protection': got 'ON'; allowed: one of OFF, AUDIT, ENFORCED",
    ),
}


@pytest.mark.parametrize(("text", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_combinations_aws_refuses_end_in_one_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        load_text(tmp_path, text)
    assert "\n" not in str(caught.value)


def test_default_plan_is_essentials_with_managed_login_and_no_threat_protection(tmp_path: Path) -> None:
    pool = load_text(tmp_path, BASE).environments[0].user_pool  # type: ignore[attr-defined]
    assert (pool.tier, pool.managed_login, pool.threat_protection) == ("ESSENTIALS", True, "OFF")


@pytest.mark.parametrize(
    "settings",
    [
        'tier = "LITE"\nmanaged_login = false\n',
        'tier = "PLUS"\nthreat_protection = "ENFORCED"\n',
        'tier = "PLUS"\nthreat_protection = "AUDIT"\nmanaged_login = false\n',
    ],
)
def test_combinations_aws_accepts_load(tmp_path: Path, settings: str) -> None:
    env: EnvironmentConfig = load_text(tmp_path, POOL + settings).environments[0]  # type: ignore[attr-defined]
    assert env.user_pool.tier in settings


def test_plan_rules_agree_with_their_terraform_conditions() -> None:
    conditions = {rule.field: rule.condition("var.user_pool") for rule in PLAN_RULES}
    assert conditions == {
        "managed_login": 'var.user_pool.managed_login == false || contains(["ESSENTIALS", "PLUS"], var.user_pool.tier)',
        "threat_protection": 'var.user_pool.threat_protection == "OFF" || contains(["PLUS"], var.user_pool.tier)',
    }
    lite = UserPoolConfig.model_construct(tier="LITE", managed_login=True, threat_protection="OFF")
    assert [rule.ok(lite) for rule in PLAN_RULES] == [False, True]
