"""Groups and the pre-token-generation trigger: the scopes groups grant, and what granting them takes."""

from __future__ import annotations

from pathlib import Path

import pytest

from modules.config.environment import EnvironmentConfig
from modules.errors import ConfigError
from tests.config.test_loader import OAUTH, load_text

#: OAUTH with a trigger function and a group that grants reports.read.
GRANTING = (
    OAUTH
    + '[defaults.functions.group-scopes]\n[defaults.user_pool]\npre_token_function = "group-scopes"\n'
    + '[defaults.groups.auditors]\nscopes = ["reports.read"]\nprecedence = 5\n'
)

REFUSED = {
    "a group scope no route declares": (
        GRANTING.replace('scopes = ["reports.read"]\nprecedence', 'scopes = ["reports.write"]\nprecedence'),
        r"environment 'dev': field 'groups.auditors.scopes': got 'reports.write'; allowed: a scope some route "
        r"declares: reports.read$",
    ),
    "group scopes without the trigger": (
        GRANTING.replace('pre_token_function = "group-scopes"', ""),
        r"field 'groups.auditors.scopes': got \['reports.read'\]; allowed: scopes only with "
        r"user_pool.pre_token_function set",
    ),
    "a trigger that is no function": (
        GRANTING.replace('pre_token_function = "group-scopes"', 'pre_token_function = "tokens"'),
        r"field 'user_pool.pre_token_function': got 'tokens'; allowed: one of the functions: example, "
        r"group-scopes, reports$",
    ),
    "a trigger on LITE": (
        GRANTING.replace(
            'pre_token_function = "group-scopes"',
            'pre_token_function = "group-scopes"\ntier = "LITE"\nmanaged_login = false',
        ),
        r"field 'user_pool.tier': got 'LITE'; allowed: ESSENTIALS or PLUS with a pre-token-generation trigger "
        r"\(access-token customization: https://docs.aws.amazon.com/.*pre-token-generation.html\)$",
    ),
    "an unknown event version": (
        GRANTING.replace(
            'pre_token_function = "group-scopes"', 'pre_token_function = "group-scopes"\npre_token_version = "V1_0"'
        ),
        r"field 'user_pool.pre_token_version': got 'V1_0'; allowed: one of V2_0, V3_0$",
    ),
    "a negative precedence": (
        GRANTING.replace("precedence = 5", "precedence = -1"),
        r"field 'groups.auditors.precedence': got -1; allowed: 0..2147483647$",
    ),
}


@pytest.mark.parametrize(("text", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_refused_groups_end_in_one_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        load_text(tmp_path, text)
    assert "\n" not in str(caught.value)


def test_groups_load_with_their_scopes_and_defaults(tmp_path: Path) -> None:
    text = GRANTING + "[defaults.groups.staff]\n"
    env: EnvironmentConfig = load_text(tmp_path, text).environments[0]  # type: ignore[attr-defined]
    assert env.group_scopes == {"auditors": ("reports.read",)}
    staff = env.groups["staff"]
    assert (staff.description, staff.precedence, staff.scopes) == ("", 0, ())
    assert (env.user_pool.pre_token_function, env.user_pool.pre_token_version) == ("group-scopes", "V2_0")
