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

[defaults.clients.web]
callback_urls = ["https://localhost:3000/callback"]

[defaults.functions.example]

[[defaults.routes]]
route_key = "GET /example"

[environments.dev]
"""
#: BASE with a second function, a scoped route and both kinds of client.
OAUTH = (
    BASE.replace(
        'callback_urls = ["https://localhost:3000/callback"]\n',
        'callback_urls = ["https://localhost:3000/callback"]\nscopes = ["reports.read"]\n\n'
        '[defaults.clients.service]\nkind = "machine"\nscopes = ["reports.read"]\n\n[defaults.functions.reports]\n',
    )
    .replace(
        "[[defaults.routes]]",
        '[[defaults.routes]]\nroute_key = "GET /reports"\nfunction = "reports"\nscopes = ["reports.read"]\n\n'
        "[[defaults.routes]]",
    )
    .replace('route_key = "GET /example"', 'route_key = "GET /example"\nfunction = "example"')
)


def load_text(tmp_path: Path, text: str) -> object:
    path = tmp_path / "environments.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_committed_config_has_three_environments_with_the_example_routes() -> None:
    project = load_config(CONFIG)
    assert [env.name for env in project.environments] == ["dev", "staging", "prod"]
    for env in project.environments:
        routes = {route.route_key: route for route in env.routes}
        assert routes["GET /example"].target == "lambda"
        assert env.route_function(routes["GET /example"]) == "example"
        assert env.route_function(routes["GET /reports"]) == "reports"
        assert routes["GET /"].target == "https://www.wikipedia.org/"
        assert not routes["GET /example"].public
        assert not routes["GET /"].public
        assert set(env.clients) == {"web", "service"}
        assert env.clients["service"].is_machine
        assert env.clients["service"].scopes == ("reports.read",)


def test_committed_config_reserves_concurrency_only_in_prod() -> None:
    reserved = {
        env.name: {name: f.reserved_concurrency for name, f in env.functions.items()}
        for env in load_config(CONFIG).environments
    }
    assert reserved == {
        "dev": {"example": -1, "reports": -1, "group-scopes": -1},
        "staging": {"example": -1, "reports": -1, "group-scopes": -1},
        "prod": {"example": 50, "reports": 20, "group-scopes": 50},
    }


def test_one_function_serves_routes_that_name_none(tmp_path: Path) -> None:
    env = load_text(tmp_path, BASE).environments[0]  # type: ignore[attr-defined]
    assert env.route_function(env.routes[0]) == "example"
    assert env.functions["example"].source_path("example") == "lambda_src/example"
    assert env.functions["example"].architecture == "arm64"


def test_defaults_apply_and_prod_gets_deletion_protection_by_default(tmp_path: Path) -> None:
    project = load_text(tmp_path, BASE + "\n[environments.prod]\n")
    dev, prod = project.environments  # type: ignore[attr-defined]
    assert dev.user_pool.password.minimum_length == 12
    assert dev.user_pool.password.require_symbols is True
    assert dev.user_pool.deletion_protection is False
    assert prod.user_pool.deletion_protection is True
    web = dev.clients["web"]
    assert web.explicit_auth_flows == ("ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")
    assert dev.domain is None
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
    "route key without a slash (GET example)": (
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
        r"field 'throttling.rate_limit': got -5; allowed: > 0 and <= 10000$",
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
        r"environments.toml: top level: field '\(syntax\)': got .*line \d+.*; allowed: valid TOML",
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
    "an interactive client without callback URLs": (
        BASE + "[environments.dev.clients.web]\ncallback_urls = []\n",
        r"field 'clients.web.callback_urls': got \[\]; allowed: at least one callback URL: an interactive client signs "
        r"users in through the code flow",
    ),
    "unknown auth flow": (
        BASE + '[environments.dev.clients.web]\nauth_flows = ["ALLOW_MAGIC"]\n',
        r"field 'clients.web.auth_flows': got \['ALLOW_MAGIC'\]",
    ),
    "the old [client] table": (
        BASE + '[environments.dev.client]\ncallback_urls = ["https://a.example/cb"]\n',
        r"field 'client': got \{'callback_urls': \['https://a.example/cb'\]\}; allowed: named \[clients.<name>\] "
        r"tables",
    ),
    "the old [function] table": (
        BASE + "[environments.dev.function]\nmemory_mb = 256\n",
        r"field 'function': got \{'memory_mb': 256\}; allowed: named \[functions.<name>\] tables",
    ),
    "a table where a value belongs": (
        BASE + "[environments.dev.region]\nname = 'eu-west-1'\n",
        r"field 'region': got \{'name': 'eu-west-1'\}; allowed: a string$",
    ),
    "a value where a table belongs": (
        BASE + 'throttling = "fast"\n',
        r"field 'throttling': got 'fast'; allowed: a table with the fields burst_limit, rate_limit$",
    ),
    "a string where a number belongs": (
        BASE + '[environments.dev.throttling]\nburst_limit = "5"\n',
        r"field 'throttling.burst_limit': got '5'; allowed: an integer$",
    ),
    "1 where a boolean belongs": (
        BASE + "[environments.dev.user_pool]\ndeletion_protection = 1\n",
        r"field 'user_pool.deletion_protection': got 1; allowed: true or false$",
    ),
    "a list item of the wrong type": (
        BASE + "[environments.dev.cors]\nallow_origins = ['https://a.example', 3]\n",
        r"field 'cors.allow_origins\[1\]': got 3; allowed: a string$",
    ),
    "routes as a table": (
        BASE + "[environments.dev.routes]\nroute_key = 'GET /x'\n",
        r"field 'routes': got \{'route_key': 'GET /x'\}; allowed: a list$",
    ),
    "a bad domain prefix": (
        BASE + "[environments.dev.user_pool]\ndomain_prefix = 'My_Pool'\n",
        r"field 'user_pool.domain_prefix': got 'My_Pool'; allowed: 1-63 lowercase letters, digits and hyphens",
    ),
    "a reserved word in the derived domain prefix": (
        BASE.replace('name = "demo-api"', 'name = "cognito-api"'),
        r"field 'user_pool.domain_prefix': got 'cognito-api-dev'; allowed: .*without the words aws, amazon or cognito "
        r"\(the default, <project>-<environment>; set it\)",
    ),
    "a callback URL that is not https": (
        BASE + '[environments.dev.clients.web]\ncallback_urls = ["http://app.example.com/cb"]\n',
        r"field 'clients.web.callback_urls': got \['http://app.example.com/cb'\]; allowed: https:// URLs \(http:// "
        r"only on localhost, 127.0.0.1, \[::1\]\), without user info or #fragment",
    ),
    "a client scope nobody declared": (
        OAUTH + '[environments.dev.clients.service]\nscopes = ["reports.write"]\n',
        r"field 'clients.service.scopes': got 'reports.write'; allowed: a scope some route declares: reports.read",
    ),
    "client_credentials mixed with user flows": (
        OAUTH + '[environments.dev.clients.service]\nauth_flows = ["ALLOW_USER_PASSWORD_AUTH"]\n',
        r"field 'clients.service.auth_flows': got \['ALLOW_USER_PASSWORD_AUTH'\]; allowed: no auth_flows on a machine "
        r"client",
    ),
    "a machine client without scopes": (
        BASE + '[environments.dev.clients.service]\nkind = "machine"\n',
        r"field 'clients.service.scopes': got \[\]; allowed: at least one scope",
    ),
    "a scoped route no client may reach": (
        OAUTH.replace(
            "[environments.dev]",
            '[[defaults.routes]]\nroute_key = "GET /x"\nfunction = "example"\nscopes = ["x.read"]\n\n'
            "[environments.dev]",
        ),
        r"field 'routes\['GET /x'\].scopes': got 'x.read'; allowed: a scope some client may request",
    ),
    "no client at all": (
        BASE.replace('[defaults.clients.web]\ncallback_urls = ["https://localhost:3000/callback"]\n', ""),
        r"field 'clients': got \{\}; allowed: at least one \[clients.<name>\] table",
    ),
    "a bad client name": (
        BASE + "[environments.dev.clients.Web_App]\n",
        r"field 'clients.Web_App': got 'Web_App'; allowed: 1-24 lowercase letters, digits and hyphens",
    ),
    "a route naming an unknown function": (
        BASE.replace('route_key = "GET /example"', 'route_key = "GET /example"\nfunction = "nope"'),
        r"field 'routes\['GET /example'\].function': got 'nope'; allowed: one of the functions: example$",
    ),
    "a route without function when there are two": (
        OAUTH.replace('route_key = "GET /example"\nfunction = "example"', 'route_key = "GET /example"'),
        r"field 'routes\['GET /example'\].function': got ''; allowed: the name of one of the functions \(example, "
        r"reports\)",
    ),
    "a lambda route without any function": (
        BASE.replace("[defaults.functions.example]\n", ""),
        r"field 'routes\['GET /example'\].function': got ''; allowed: the name of one of the functions \(\(none",
    ),
    "an unknown architecture": (
        BASE + "[environments.dev.functions.example]\narchitecture = 'sparc'\n",
        r"field 'functions.example.architecture': got 'sparc'; allowed: one of arm64, x86_64$",
    ),
    "a secret-looking environment variable": (
        BASE + "[environments.dev.functions.example.environment]\nDB_PASSWORD = 'hunter2'\n",
        r"field 'functions.example.environment': got 'DB_PASSWORD'; allowed: a non-secret name",
    ),
    "a reserved environment variable": (
        BASE + "[environments.dev.functions.example.environment]\nAWS_REGION = 'x'\n",
        r"field 'functions.example.environment': got 'AWS_REGION'; allowed: a name not reserved by Lambda",
    ),
    "an environment variable that is not a string": (
        BASE + "[environments.dev.functions.example.environment]\nSTAGE = 3\n",
        r"field 'functions.example.environment.STAGE': got 3; allowed: a string$",
    ),
    "a domain outside its zone": (
        BASE + "[environments.dev.domain]\nname = 'api.example.org'\nzone = 'example.com'\n",
        r"field 'domain.name': got 'api.example.org'; allowed: a name inside the zone 'example.com'",
    ),
    "a bad hostname": (
        BASE + "[environments.dev.domain]\nname = 'API..example.com'\nzone = 'example.com'\n",
        r"field 'domain.name': got 'API..example.com'; allowed: a lowercase DNS name",
    ),
    "a certificate in another region": (
        BASE + "[environments.dev.domain]\nname = 'api.example.com'\nzone = 'example.com'\n"
        "certificate_arn = 'arn:aws:acm:us-east-1:123456789012:certificate/abc-1'\n",
        r"field 'domain.certificate_arn': got 'arn:aws:acm:us-east-1:.*allowed: a certificate in the environment's "
        r"region \(eu-west-1\)",
    ),
    "a malformed certificate ARN": (
        BASE + "[environments.dev.domain]\nname = 'api.example.com'\nzone = 'example.com'\n"
        "certificate_arn = 'arn:aws:iam::123456789012:role/x'\n",
        r"field 'domain.certificate_arn': got 'arn:aws:iam::123456789012:role/x'; allowed: '' or an ACM certificate "
        r"ARN",
    ),
    "a domain without its zone": (
        BASE + "[environments.dev.domain]\nname = 'api.example.com'\n",
        r"field 'domain.zone': got None; allowed: a value \(this field is required\)",
    ),
    "environments as a value": (
        'environments = "dev"\n' + BASE.replace("[environments.dev]", ""),
        r"top level: field 'environments': got 'dev'; allowed: a table$",
    ),
    "a name given in an environment table": (
        BASE + 'name = "other"\n',
        r"field 'name': got 'name'; allowed: one of the known fields account_id, alarms, assume_role_arn, backend, ",
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
