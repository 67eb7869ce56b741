"""`[alarms]` and a route's own limits: defaults, merging, and one error line per bad value."""

from __future__ import annotations

from pathlib import Path

import pytest

from modules.config.alarms import AlarmsConfig
from modules.config.environment import ProjectConfig
from modules.config.loader import load_config
from modules.errors import ConfigError

BASE = """
[project]
name = "demo-api"
version = "1.2.3"

[defaults]
region = "eu-west-1"

[defaults.clients.web]
callback_urls = ["https://localhost:3000/callback"]

[defaults.functions.example]

[defaults.throttling]
burst_limit = 100
rate_limit = 50

[[defaults.routes]]
route_key = "GET /example"
"""


def load(tmp_path: Path, text: str) -> ProjectConfig:
    path = tmp_path / "environments.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_alarms_are_on_by_default_with_the_documented_thresholds(tmp_path: Path) -> None:
    alarms = load(tmp_path, BASE + "[environments.dev]\n").environment("dev").alarms
    assert alarms == AlarmsConfig()
    assert alarms.enabled is True
    assert (alarms.server_error_rate_percent, alarms.client_error_rate_percent) == (5.0, 25.0)
    assert (alarms.latency_p99_ms, alarms.min_requests, alarms.duration_timeout_percent) == (2500, 20, 80)
    assert (alarms.period_seconds, alarms.evaluation_periods, alarms.datapoints_to_alarm) == (60, 5, 3)
    assert alarms.email == alarms.https == ()


def test_environment_alarms_merge_over_defaults(tmp_path: Path) -> None:
    text = (
        BASE + '[defaults.alarms]\nemail = ["oncall@example.com"]\nlatency_p99_ms = 1000\n'
        "[environments.dev.alarms]\nenabled = false\n"
        '[environments.prod.alarms]\nhttps = ["https://hooks.example.com/page"]\n'
    )
    project = load(tmp_path, text)
    dev, prod = project.environment("dev").alarms, project.environment("prod").alarms
    assert (dev.enabled, dev.latency_p99_ms, dev.email) == (False, 1000, ("oncall@example.com",))
    assert (prod.enabled, prod.email, prod.https) == (
        True,
        ("oncall@example.com",),
        ("https://hooks.example.com/page",),
    )


def test_a_route_takes_its_own_limits_and_detailed_metrics(tmp_path: Path) -> None:
    text = BASE + "detailed_metrics = true\nthrottling = { burst_limit = 10, rate_limit = 5.5 }\n[environments.dev]\n"
    env = load(tmp_path, text).environment("dev")
    route = env.routes[0]
    assert route.throttling is not None
    assert (route.throttling.burst_limit, route.throttling.rate_limit) == (10, 5.5)
    assert env.detailed_routes == (route,)


BAD = {
    "an unknown metric": (
        "[environments.dev.alarms]\nfive_xx_percent = 3\n",
        r"environment 'dev': field 'alarms.five_xx_percent'.*allowed: one of the known fields",
    ),
    "a zero period": (
        "[environments.dev.alarms]\nperiod_seconds = 0\n",
        r"field 'alarms.period_seconds': got 0; allowed: one of CloudWatch periods of standard-resolution metrics 60,",
    ),
    "a negative evaluation count": (
        "[environments.dev.alarms]\nevaluation_periods = -1\n",
        r"field 'alarms.evaluation_periods': got -1; allowed: 1..60",
    ),
    "more datapoints than periods": (
        "[environments.dev.alarms]\nevaluation_periods = 2\ndatapoints_to_alarm = 3\n",
        r"field 'alarms.datapoints_to_alarm': got 3; allowed: at most evaluation_periods \(2\)",
    ),
    "a zero error rate": (
        "[environments.dev.alarms]\nserver_error_rate_percent = 0.0\n",
        r"field 'alarms.server_error_rate_percent': got 0.0; allowed: > 0 and <= 100",
    ),
    "an email without @": (
        '[environments.dev.alarms]\nemail = ["oncall.example.com"]\n',
        r"field 'alarms.email': got \['oncall.example.com'\]; allowed: email addresses",
    ),
    "an http endpoint": (
        '[environments.dev.alarms]\nhttps = ["http://hooks.example.com/"]\n',
        r"field 'alarms.https': got \['http://hooks.example.com/'\]; allowed: https:// URLs",
    ),
    "a route burst above the stage's": (
        "throttling = { burst_limit = 101, rate_limit = 1 }\n[environments.dev]\n",
        r"field 'routes\['GET /example'\].throttling.burst_limit': got 101; allowed: at most the stage's "
        r"throttling.burst_limit \(100\)",
    ),
    "a route rate above the stage's": (
        "throttling = { burst_limit = 1, rate_limit = 60 }\n[environments.dev]\n",
        r"throttling.rate_limit': got 60.0; allowed: at most the stage's throttling.rate_limit \(50\)",
    ),
    "a zero route burst": (
        "throttling = { burst_limit = 0, rate_limit = 1 }\n[environments.dev]\n",
        r"throttling.burst_limit': got 0; allowed: 1..5000 \(0 would block the route\)",
    ),
}


@pytest.mark.parametrize(("extra", "message"), BAD.values(), ids=BAD.keys())
def test_bad_alarm_and_route_settings_are_one_error_line(tmp_path: Path, extra: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        load(tmp_path, BASE + extra)
    assert "\n" not in str(caught.value)
