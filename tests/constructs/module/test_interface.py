"""The module's variables, derived from the config models, and each environment's values for them."""

from __future__ import annotations

from dataclasses import MISSING
from pathlib import Path

import pytest
from pydantic import BaseModel

from modules.config.base import setting
from modules.config.environment import EnvironmentConfig, EnvironmentSettings
from modules.config.functions import FunctionConfig
from modules.config.loader import load_config
from modules.constructs.module import interface as module_interface
from modules.constructs.module.interface import IDENTITY, NOT_VARIABLES, module_inputs, structure, variables
from tests.conftest import CONFIG
from tests.constructs.test_identity_providers import GOOGLE_AND_SAML_FILE, METADATA, write_config

BASE = load_config(CONFIG).environments[0]


def _by_name(base: EnvironmentConfig = BASE) -> dict[str, module_interface.Variable]:
    return {v.name: v for v in variables(base)}


def test_every_environment_field_is_a_variable_or_has_a_documented_place() -> None:
    fields = list(EnvironmentSettings.model_fields)
    derived = [v.field for v in variables(BASE)]
    assert [v.name for v in variables(BASE)][:2] == ["project", "environment"]
    nameless = [f for f in ("groups", "identity_providers", "functions", "clients") if not getattr(BASE, f)]
    assert nameless == ["identity_providers"]  # a table without names in the first environment is no variable
    expected = [f for f in fields if f not in NOT_VARIABLES and f not in nameless]
    assert sorted(derived) == sorted([*expected, "project", "name"])
    assert {name for name, _, _ in IDENTITY} | set(derived) - {"name"} == set(_by_name())


def test_descriptions_come_from_the_field_docs_and_rules() -> None:
    for variable in variables(BASE)[2:]:
        assert variable.description.startswith(str(EnvironmentSettings.model_fields[variable.field].description))
    assert _by_name()["log_retention_days"].description.endswith(
        "(allowed: one of CloudWatch's values 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, "
        "1827, 2192, 2557, 2922, 3288, 3653)"
    )


def test_named_tables_become_objects_with_one_attribute_per_name_without_structural_fields() -> None:
    functions = _by_name()["functions"]
    assert functions.short_type == "object({example, group-scopes, reports})"
    assert "  example = optional(object({\n" in functions.type
    for structural in ("source_dir", "handler", "runtime", "architecture"):
        assert f" {structural} = " not in functions.type
    assert "reserved_concurrency = optional(number, -1)" in functions.type
    assert "environment = optional(map(string), {})" in functions.type
    assert functions.default == {}
    clients = _by_name()["clients"]
    assert clients.short_type == "object({service, web})"
    assert " kind = " not in clients.type
    assert " scopes = " not in clients.type
    assert "callback_urls = optional(list(string), [])" in clients.type


def test_object_types_keep_nested_defaults() -> None:
    user_pool = _by_name()["user_pool"]
    assert "password = optional(object({ # Password policy" in user_pool.type
    assert "  }), {})" in user_pool.type
    assert 'domain_prefix = optional(string, "")' in user_pool.type


@pytest.mark.parametrize("name", ["cors", "domain"])
def test_nullable_objects_default_to_null_and_keep_required_attributes_required(name: str) -> None:
    variable = _by_name()[name]
    assert variable.nullable
    assert variable.default is None
    assert not variable.required
    assert all(check.condition.startswith(f"var.{name} == null ? true : (") for check in variable.validations)
    required = {"cors": "allow_origins = list(string) # ", "domain": "name = string # "}[name]
    assert f"  {required}" in variable.type


def test_identity_variables_are_required_strings_with_a_name_check() -> None:
    for name in ("project", "environment"):
        variable = _by_name()[name]
        assert variable.required
        assert variable.type == "string"
        assert "can(regex(" in variable.validations[0].condition


@pytest.mark.parametrize("environment", ["dev", "staging", "prod"])
def test_module_inputs_are_the_environment_config_without_structural_fields(environment: str) -> None:
    env = load_config(CONFIG).environment(environment)
    inputs = module_inputs(env, BASE)
    assert list(inputs) == [v.name for v in variables(BASE)]
    assert inputs["project"] == "cognito-http-api"
    assert inputs["environment"] == environment
    assert inputs["log_retention_days"] == env.log_retention_days
    assert inputs["user_pool"]["password"]["minimum_length"] == env.user_pool.password.minimum_length
    assert inputs["clients"]["web"]["callback_urls"] == list(env.clients["web"].callback_urls)
    assert "kind" not in inputs["clients"]["service"]
    assert inputs["functions"]["reports"]["reserved_concurrency"] == env.functions["reports"].reserved_concurrency
    assert "source_dir" not in inputs["functions"]["example"]
    assert inputs["throttling"] == {"burst_limit": env.throttling.burst_limit, "rate_limit": env.throttling.rate_limit}
    assert (inputs["cors"] is None) == (env.cors is None)
    assert inputs["domain"] is None
    shape = structure(env)
    assert [route["route_key"] for route in shape["routes"]] == ["GET /example", "GET /", "GET /health", "GET /reports"]
    assert shape["routes"][3]["function"] == "reports"
    assert shape["functions"]["reports"] == {
        "source_dir": "", "handler": "handler.handler", "runtime": "python3.13", "architecture": "arm64",
    }  # fmt: skip
    assert shape["clients"]["service"] == {
        "kind": "machine", "scopes": ["reports.read"], "auth_flows": list(env.clients["service"].auth_flows),
    }  # fmt: skip


class Tracing(BaseModel):
    """A settings table another engineer might add."""

    mode: str = setting("Active", doc="X-Ray tracing mode")
    sample_rate: float = setting(0.1, doc="Share of requests traced")


class Extended(EnvironmentConfig):
    """EnvironmentConfig with two more fields."""

    tracing: Tracing = setting(Tracing(), doc="Tracing settings")
    alarm_emails: tuple[str, ...] = setting((), doc="Who gets alarms")


class Odd(EnvironmentConfig):
    """EnvironmentConfig with a field Terraform types cannot express here."""

    limits: set[int] = setting(set(), doc="Not a supported type")


def test_a_field_added_to_the_config_becomes_a_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module_interface, "EnvironmentSettings", Extended)
    base = Extended(**{name: getattr(BASE, name) for name in EnvironmentConfig.model_fields})
    added = _by_name(base)
    assert added["tracing"].description == "Tracing settings"
    assert added["tracing"].type == (
        "object({\n"
        '  mode = optional(string, "Active") # X-Ray tracing mode\n'
        "  sample_rate = optional(number, 0.1) # Share of requests traced\n"
        "})"
    )
    assert added["tracing"].default == {}
    assert added["alarm_emails"].type == "list(string)"
    assert added["alarm_emails"].default == []
    assert module_inputs(base)["tracing"] == {"mode": "Active", "sample_rate": 0.1}


def test_a_field_without_a_terraform_type_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module_interface, "EnvironmentSettings", Odd)
    base = Odd(**{name: getattr(BASE, name) for name in EnvironmentConfig.model_fields})
    with pytest.raises(TypeError, match="no Terraform type"):
        variables(base)


def test_required_variables_have_no_default() -> None:
    assert [v.name for v in variables(BASE) if v.default is MISSING] == ["project", "environment"]


def test_function_defaults_are_the_models() -> None:
    defaults = _by_name()["functions"].attribute_defaults
    assert defaults is not None
    assert defaults["example"]["memory_mb"] == FunctionConfig().memory_mb


def test_provider_secrets_are_a_sensitive_variable_the_config_never_gives(tmp_path: Path) -> None:
    env = load_config(write_config(tmp_path, CONFIG.read_text(encoding="utf-8") + GOOGLE_AND_SAML_FILE)).environments[0]
    secrets = {v.name: v for v in variables(env)}[module_interface.CLIENT_SECRETS]
    assert (secrets.type, secrets.default, secrets.sensitive, secrets.validations) == ("map(string)", {}, True, ())
    inputs = module_inputs(env)
    assert module_interface.CLIENT_SECRETS not in inputs
    assert inputs["identity_providers"]["supplier"]["metadata_file"] == METADATA  # the document, not its path
    assert module_interface.CLIENT_SECRETS not in {v.name for v in variables(BASE)}  # no provider, no secrets
