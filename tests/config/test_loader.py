"""Loading and validating environments.toml: defaults, merging, and every bad-input case."""

from __future__ import annotations

from pathlib import Path

import pytest

from modules.config.loader import load_config
from modules.errors import ConfigError
from tests.conftest import CONFIG

BASE = """
[project]
name = "demo-api"
version = "1.2.3"

[defaults]
region = "eu-west-1"

[[defaults.routes]]
route_key = "GET /example"

[environments.dev]
"""


def load_text(tmp_path: Path, text: str) -> object:
    path = tmp_path / "environments.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_committed_config_has_three_environments_with_both_seed_routes() -> None:
    project = load_config(CONFIG)
    assert [env.name for env in project.environments] == ["dev", "staging", "prod"]
    for env in project.environments:
        routes = {route.route_key: route for route in env.routes}
        assert routes["GET /example"].target == "lambda"
        assert routes["GET /"].target == "https://www.wikipedia.org/"
        assert not routes["GET /example"].public
        assert not routes["GET /"].public


def test_defaults_apply_and_prod_gets_deletion_protection_by_default(tmp_path: Path) -> None:
    project = load_text(tmp_path, BASE + "\n[environments.prod]\n")
    dev, prod = project.environments  # type: ignore[attr-defined]
    assert dev.user_pool.password.minimum_length == 12
    assert dev.user_pool.password.require_symbols is True
    assert dev.user_pool.deletion_protection is False
    assert prod.user_pool.deletion_protection is True
    assert dev.client.auth_flows == ("ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")
    assert dev.throttling.burst_limit > 0
    assert dev.cors is None


def test_environment_tables_merge_over_defaults(tmp_path: Path) -> None:
    text = BASE.replace("[environments.dev]", "[defaults.throttling]\nburst_limit = 7\n\n[environments.dev]")
    text += "\n[environments.dev.throttling]\nrate_limit = 3\n"
    project = load_text(tmp_path, text)
    throttling = project.environments[0].throttling  # type: ignore[attr-defined]
    assert (throttling.burst_limit, throttling.rate_limit) == (7, 3.0)


BAD_INPUT = {
    "unknown field": (
        BASE + 'colour = "blue"\n',
        r"environment 'dev': field 'colour': got 'colour'; allowed: one of the known fields",
    ),
    "unknown nested field": (
        BASE + "[environments.dev.user_pool]\nmfa_mode = 'ON'\n",
        r"field 'user_pool.mfa_mode': got 'mfa_mode'",
    ),
    "route key without a slash (the seed's GET example)": (
        BASE.replace('"GET /example"', '"GET example"'),
        r"field 'routes\['GET example'\].route_key': got 'GET example'; allowed: 'METHOD /path'",
    ),
    "duplicate route": (
        BASE + '[[environments.dev.routes]]\nroute_key = "GET /a"\n[[environments.dev.routes]]\nroute_key = "GET /a"\n',
        r"field 'routes\['GET /a'\].route_key': got 'GET /a'; allowed: each route key once \(duplicate route\)",
    ),
    "unknown HTTP method": (
        BASE.replace('"GET /example"', '"FETCH /example"'),
        r"got 'FETCH /example'; allowed: a method among ANY, DELETE, GET",
    ),
    "bad region": (
        BASE.replace('region = "eu-west-1"', 'region = "eu-westeros-1"'),
        r"environment 'dev': field 'region': got 'eu-westeros-1'; allowed: one of the AWS regions af-south-1, ",
    ),
    "retention not allowed by CloudWatch": (
        BASE + "log_retention_days = 10\n",
        r"field 'log_retention_days': got 10; allowed: one of CloudWatch's values 1, 3, 5, 7, 14",
    ),
    "negative throttling": (
        BASE + "[environments.dev.throttling]\nrate_limit = -5\n",
        r"field 'throttling.rate_limit': got -5.0; allowed: > 0 and <= 10000$",
    ),
    "zero burst": (
        BASE + "[environments.dev.throttling]\nburst_limit = 0\n",
        r"field 'throttling.burst_limit': got 0; allowed: 1..5000",
    ),
    "password too short": (
        BASE + "[environments.dev.user_pool.password]\nminimum_length = 5\n",
        r"field 'user_pool.password.minimum_length': got 5; allowed: 6..99",
    ),
    "password too long": (
        BASE + "[environments.dev.user_pool.password]\nminimum_length = 100\n",
        r"field 'user_pool.password.minimum_length': got 100; allowed: 6..99",
    ),
    "CORS * with credentials": (
        BASE + '[environments.dev.cors]\nallow_origins = ["*"]\nallow_credentials = true\n',
        r"field 'cors.allow_origins': got \['\*'\]; allowed: explicit origins when cors.allow_credentials is true",
    ),
    "public route with scopes": (
        BASE.replace('route_key = "GET /example"', 'route_key = "GET /example"\npublic = true\nscopes = ["read"]'),
        r"field 'routes\['GET /example'\].scopes': got \['read'\]; allowed: no scopes on a public route",
    ),
    "HTTP_PROXY with a non-https URL": (
        BASE.replace('route_key = "GET /example"', 'route_key = "GET /example"\ntarget = "http://example.com/"'),
        r"field 'routes\['GET /example'\].target': got 'http://example.com/'; allowed: 'lambda' or an https:// URL",
    ),
    "malformed TOML": (
        BASE + "[environments.dev\n",
        r"environments.toml: top level: field '\(syntax\)': got .*line 13.*; allowed: valid TOML",
    ),
    "env name that is not a stack id": (
        BASE.replace("[environments.dev]", "[environments.Dev_1]"),
        r"environment 'Dev_1': field '\(environment name\)': got 'Dev_1'; allowed: a valid stack id",
    ),
    "wrong type": (
        BASE + 'log_retention_days = "thirty"\n',
        r"field 'log_retention_days': got 'thirty'; allowed: an integer",
    ),
    "unknown MFA mode": (
        BASE + "[environments.dev.user_pool]\nmfa = 'SOMETIMES'\n",
        r"field 'user_pool.mfa': got 'SOMETIMES'; allowed: one of OFF, OPTIONAL, ON$",
    ),
    "non-semver project version": (
        BASE.replace('version = "1.2.3"', 'version = "1.2"'),
        r"top level: field 'project.version': got '1.2'; allowed: a semantic version",
    ),
    "scopes without callback URLs": (
        BASE.replace('route_key = "GET /example"', 'route_key = "GET /example"\nscopes = ["read"]'),
        r"field 'client.callback_urls': got \[\]; allowed: at least one callback URL when a route has scopes",
    ),
    "unknown auth flow": (
        BASE + '[environments.dev.client]\nauth_flows = ["ALLOW_MAGIC"]\n',
        r"field 'client.auth_flows': got \['ALLOW_MAGIC'\]",
    ),
    "two route keys with one resource name": (
        BASE + '[[environments.dev.routes]]\nroute_key = "GET /a-b"\n'
        '[[environments.dev.routes]]\nroute_key = "GET /a_b"\n',
        r"got 'GET /a_b'; allowed: a key whose resource name differs from 'GET /a-b''s \(get_a_b\)",
    ),
}


@pytest.mark.parametrize(("text", "message"), BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_names_file_environment_field_value_and_allowed(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_text(tmp_path, text)


def test_error_message_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_text(tmp_path, BASE + "[environments.dev\n")
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith("environments.toml: ")


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"field '\(file\)'.*allowed: an existing TOML file"):
        load_config(tmp_path / "nope.toml")
