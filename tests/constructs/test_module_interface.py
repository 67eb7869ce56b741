"""The module's variables, derived from the config dataclasses, and each environment's values for them."""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import MISSING, dataclass
from typing import Any

import pytest

from modules.config.loader import load_config
from modules.config.model import EnvironmentConfig, FunctionConfig, setting
from modules.constructs import module_interface
from modules.constructs.module_interface import (
    IDENTITY,
    NOT_VARIABLES,
    SPECIAL_CHECKS,
    module_inputs,
    structure,
    variables,
)
from tests.conftest import CONFIG


def _by_name() -> dict[str, module_interface.Variable]:
    return {v.name: v for v in variables()}


def test_every_environment_field_is_a_variable_or_has_a_documented_place() -> None:
    fields = [f.name for f in dataclasses.fields(EnvironmentConfig)]
    derived = [v.field for v in variables()]
    assert [v.name for v in variables()][:2] == ["project", "environment"]
    assert sorted(derived) == sorted(f for f in fields if f not in NOT_VARIABLES or f in ("name", "project"))
    assert {name for name, _, _ in IDENTITY} | set(derived) - {"name"} == set(_by_name())


def test_descriptions_come_from_the_field_docs_and_rules() -> None:
    fields = {f.name: f for f in dataclasses.fields(EnvironmentConfig) if "doc" in f.metadata}
    for variable in variables():
        if variable.field in fields:
            assert variable.description.startswith(fields[variable.field].metadata["doc"])
    assert _by_name()["log_retention_days"].description.endswith(
        "(allowed: one of CloudWatch's values 1, 3, 5, "
        "7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, "
        "731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)"
    )


def test_object_types_list_every_field_but_the_structural_ones_with_their_defaults() -> None:
    function = _by_name()["function"]
    names = [f.name for f in dataclasses.fields(FunctionConfig) if f.name != "source_dir"]
    assert function.short_type == "object({" + ", ".join(names) + "})"
    assert "source_dir" not in function.type
    assert 'handler = optional(string, "handler.handler") # Lambda handler, module.function' in function.type
    assert "reserved_concurrency = optional(number, -1)" in function.type
    assert function.default == {}
    user_pool = _by_name()["user_pool"]
    assert "password = optional(object({ # Password policy" in user_pool.type
    assert "  }), {})" in user_pool.type


def test_nullable_objects_default_to_null_and_keep_required_attributes_required() -> None:
    cors = _by_name()["cors"]
    assert cors.nullable
    assert cors.default is None
    assert not cors.required
    assert "  allow_origins = list(string) # " in cors.type
    assert all(check.condition.startswith("var.cors == null ? true : (") for check in cors.validations)


def test_identity_variables_are_required_strings_with_a_name_check() -> None:
    for name in ("project", "environment"):
        variable = _by_name()[name]
        assert variable.required
        assert variable.type == "string"
        assert variable.validations
        assert "can(regex(" in variable.validations[0].condition


def test_every_check_names_an_existing_field() -> None:
    hints = typing.get_type_hints(EnvironmentConfig)
    for path in SPECIAL_CHECKS:
        head, *rest = path.split(".")
        hint = module_interface.unwrap_optional(hints[head])[0]
        for part in rest:
            hint = module_interface.unwrap_optional(typing.get_type_hints(hint)[part])[0]
        assert hint is not None, path


def test_validation_messages_are_sentences_naming_the_field() -> None:
    for variable in variables():
        for check in variable.validations:
            assert check.error_message.endswith(".")
            assert check.error_message.split(" ")[0].split(".")[0] == variable.name


@pytest.mark.parametrize("environment", ["dev", "staging", "prod"])
def test_module_inputs_are_the_environment_config_without_structural_fields(environment: str) -> None:
    env = load_config(CONFIG).environment(environment)
    inputs = module_inputs(env)
    assert list(inputs) == [v.name for v in variables()]
    assert inputs["project"] == "cognito-http-api"
    assert inputs["environment"] == environment
    assert inputs["log_retention_days"] == env.log_retention_days
    assert inputs["user_pool"]["password"]["minimum_length"] == env.user_pool.password.minimum_length
    assert inputs["client"]["auth_flows"] == list(env.client.auth_flows)
    assert inputs["throttling"] == {"burst_limit": env.throttling.burst_limit, "rate_limit": env.throttling.rate_limit}
    assert "source_dir" not in inputs["function"]
    assert (inputs["cors"] is None) == (env.cors is None)
    assert structure(env) == {
        "routes": [dataclasses.asdict(route) | {"scopes": list(route.scopes)} for route in env.routes],
        "function.source_dir": "lambda_src",
    }


@dataclass(frozen=True)
class Tracing:
    """A settings table another engineer might add."""

    mode: str = setting("Active", doc="X-Ray tracing mode")
    sample_rate: float = setting(0.1, doc="Share of requests traced")


@dataclass(frozen=True)
class Extended(EnvironmentConfig):
    """EnvironmentConfig with two more fields."""

    tracing: Tracing = setting(default_factory=Tracing, doc="Tracing settings")  # noqa: RUF009
    alarm_emails: tuple[str, ...] = setting((), doc="Who gets alarms")


@dataclass(frozen=True)
class Odd(EnvironmentConfig):
    """EnvironmentConfig with a field Terraform types cannot express here."""

    limits: dict[str, int] = setting(default_factory=dict, doc="Not a supported type")  # noqa: RUF009


def test_a_field_added_to_the_config_becomes_a_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module_interface, "EnvironmentConfig", Extended)
    added = {v.name: v for v in variables()}
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
    base = load_config(CONFIG).environment("dev")
    values: dict[str, Any] = module_inputs(
        Extended(**{f.name: getattr(base, f.name) for f in dataclasses.fields(base)})
    )
    assert values["tracing"] == {"mode": "Active", "sample_rate": 0.1}


def test_a_field_without_a_terraform_type_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module_interface, "EnvironmentConfig", Odd)
    with pytest.raises(TypeError, match="no Terraform type"):
        variables()


def test_required_variables_have_no_default() -> None:
    assert [v.name for v in variables() if v.default is MISSING] == ["project", "environment"]
