"""The exported module's validation blocks: every rule of the config, per name inside named tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from modules.config.environment import EnvironmentConfig
from modules.config.loader import load_config
from modules.config.rules import TEXT
from modules.constructs.module.fields import named_table, unwrap
from modules.constructs.module.interface import variables
from modules.constructs.module.validations import SPECIAL_CHECKS, route_limits
from tests.conftest import CONFIG
from tests.constructs.test_identity_providers import GOOGLE_AND_SAML_FILE, write_config

BASE = load_config(CONFIG).environments[0]


def _by_name() -> dict[str, Any]:
    return {v.name: v for v in variables(BASE)}


def test_rules_inside_named_tables_become_one_validation_per_name() -> None:
    conditions = [check.condition for check in _by_name()["functions"].validations]
    assert "var.functions.example.memory_mb >= 128 && var.functions.example.memory_mb <= 10240" in conditions
    assert "var.functions.reports.memory_mb >= 128 && var.functions.reports.memory_mb <= 10240" in conditions
    prefix = [c.condition for c in _by_name()["user_pool"].validations if "domain_prefix" in c.condition]
    assert len(prefix) == 2  # plain text (every string without a rule of its own), and its special check
    assert prefix[0] == TEXT.condition("var.user_pool.domain_prefix")
    assert '!can(regex("aws|amazon|cognito", var.user_pool.domain_prefix))' in prefix[1]


def test_every_string_without_a_rule_of_its_own_is_checked_as_plain_text() -> None:
    conditions = [check.condition for check in _by_name()["functions"].validations]
    assert f"alltrue([for item in values(var.functions.reports.environment) : {TEXT.condition('item')}])" in conditions
    cors = [check.condition for check in _by_name()["cors"].validations]
    assert (
        f"var.cors == null ? true : (alltrue([for item in var.cors.allow_origins : {TEXT.condition('item')}]))" in cors
    )


def test_every_check_names_an_existing_field() -> None:
    for path in SPECIAL_CHECKS:
        model: Any = EnvironmentConfig
        for part in path.split("."):
            if part == "*":
                model = named_table(model)
                continue
            model = unwrap(model.model_fields[part].annotation)[0]
        assert model is not None, path


def test_validation_messages_are_sentences_naming_the_field() -> None:
    for variable in variables(BASE):
        for check in variable.validations:
            assert check.error_message.endswith(".")
            assert check.error_message.split(" ")[0].split(".")[0] == variable.name


def test_alarms_are_validated_by_their_rules_and_datapoints_by_periods() -> None:
    conditions = {check.condition: check.error_message for check in _by_name()["alarms"].validations}
    assert conditions["var.alarms.datapoints_to_alarm <= var.alarms.evaluation_periods"] == (
        "alarms must be datapoints_to_alarm at most evaluation_periods."
    )
    assert "contains([60, 120, 300, 600, 900, 1800, 3600], var.alarms.period_seconds)" in conditions
    assert any(condition.startswith("alltrue([for item in var.alarms.email :") for condition in conditions)


def test_the_stages_limits_are_at_least_the_routes_own() -> None:
    conditions = [check.condition for check in _by_name()["throttling"].validations]
    # GET /reports has burst 10 and rate 5 in the committed config
    assert conditions[-2:] == ["var.throttling.burst_limit >= 10", "var.throttling.rate_limit >= 5"]
    assert list(route_limits(BASE.model_copy(update={"routes": ()}), "var.throttling")) == []


def _with_providers(tmp_path: Path) -> EnvironmentConfig:
    return load_config(write_config(tmp_path, CONFIG.read_text(encoding="utf-8") + GOOGLE_AND_SAML_FILE)).environments[
        0
    ]


def test_what_each_kind_needs_is_validated_per_provider_from_kind_needs(tmp_path: Path) -> None:
    providers = {v.name: v for v in variables(_with_providers(tmp_path))}["identity_providers"]
    messages = {check.error_message: check.condition for check in providers.validations}
    assert messages["identity_providers.google: a google provider needs client_id."] == (
        'var.identity_providers.google.client_id != ""'
    )
    assert messages[
        "identity_providers.supplier: a saml provider needs exactly one of metadata_url or metadata_file."
    ] == (
        "length([for value in [var.identity_providers.supplier.metadata_url, "
        'var.identity_providers.supplier.metadata_file] : value if value != ""]) == 1'
    )
    # the secret may come from the sensitive variable instead; the document is multi-line text
    assert not [
        m
        for m in messages
        if "needs client_secret_ssm" in m or m.startswith("identity_providers.supplier.metadata_file")
    ]
