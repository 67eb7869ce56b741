"""The alarms: namespace, metric, dimensions by reference, statistic, threshold and action of each; none when off."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import MINIMAL_CONFIG, load_stack, resource, resources, run_main

#: Two functions (one with a 20 s timeout), a route with detailed metrics, tuned thresholds in dev, alarms off in
#: staging.
CONFIG = (
    MINIMAL_CONFIG
    + """
[defaults.functions.list-orders]
source_dir = "lambda_src/example"
timeout_seconds = 20

[[defaults.routes]]
route_key = "GET /example"
function = "example"

[[defaults.routes]]
route_key = "GET /orders/{id}"
function = "list-orders"
detailed_metrics = true

[environments.dev.alarms]
min_requests = 50
server_error_rate_percent = 2.5
latency_p99_ms = 900
duration_timeout_percent = 50
evaluation_periods = 3
datapoints_to_alarm = 2
period_seconds = 300

[environments.staging.alarms]
enabled = false
"""
)
API = {"ApiId": "${aws_apigatewayv2_api.this.id}", "Stage": "${aws_apigatewayv2_stage.this.name}"}
TOPIC = ["${aws_sns_topic.alarms.arn}"]


@pytest.fixture(scope="module")
def alarm_stacks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    work = tmp_path_factory.mktemp("alarms")
    (work / "environments.toml").write_text(CONFIG, encoding="utf-8")
    result = run_main(work / "cdktf.out", work / "environments.toml")
    assert result.returncode == 0, result.stderr
    return {env: load_stack(work / "cdktf.out", env) for env in ("dev", "staging")}


@pytest.fixture(scope="module")
def dev_alarms(alarm_stacks: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return resources(alarm_stacks["dev"], "aws_cloudwatch_metric_alarm")


def test_alarm_names_come_from_environment_function_and_route(dev_alarms: dict[str, Any]) -> None:
    names = {key: alarm["alarm_name"] for key, alarm in dev_alarms.items()}
    assert names == {
        "api_5xx_rate": "demo-api-dev-api-5xx-rate",
        "api_4xx_rate": "demo-api-dev-api-4xx-rate",
        "api_latency_p99": "demo-api-dev-api-latency-p99",
        "lambda_example_errors": "demo-api-dev-example-errors",
        "lambda_example_throttles": "demo-api-dev-example-throttles",
        "lambda_example_duration_p99": "demo-api-dev-example-duration-p99",
        "lambda_list_orders_errors": "demo-api-dev-list-orders-errors",
        "lambda_list_orders_throttles": "demo-api-dev-list-orders-throttles",
        "lambda_list_orders_duration_p99": "demo-api-dev-list-orders-duration-p99",
        "route_get_orders_id_5xx_rate": "demo-api-dev-route-get-orders-id-5xx-rate",
        "route_get_orders_id_latency_p99": "demo-api-dev-route-get-orders-id-latency-p99",
    }


def test_every_alarm_notifies_the_topic_and_treats_missing_data_as_fine(dev_alarms: dict[str, Any]) -> None:
    for alarm in dev_alarms.values():
        assert alarm["alarm_actions"] == alarm["ok_actions"] == TOPIC
        assert alarm["treat_missing_data"] == "notBreaching"
        assert (alarm["evaluation_periods"], alarm["datapoints_to_alarm"]) == (3, 2)
        assert "dev" in alarm["alarm_description"]
        assert "Check first:" in alarm["alarm_description"]


def test_5xx_rate_is_metric_math_over_a_minimum_request_count(dev_alarms: dict[str, Any]) -> None:
    alarm = dev_alarms["api_5xx_rate"]
    errors, requests, rate = alarm["metric_query"]
    assert errors == {
        "id": "errors",
        "return_data": False,
        "metric": {"namespace": "AWS/ApiGateway", "metric_name": "5xx", "dimensions": API, "period": 300,
                   "stat": "Sum"},
    }  # fmt: skip
    assert requests["metric"] | {"metric_name": "x"} == errors["metric"] | {"metric_name": "x"}
    assert requests["metric"]["metric_name"] == "Count"
    assert rate == {
        "id": "rate",
        "expression": "IF(requests >= 50, 100 * errors / requests, 0)",
        "label": "5xx rate (%)",
        "return_data": True,
    }
    assert (alarm["threshold"], alarm["comparison_operator"]) == (2.5, "GreaterThanThreshold")
    assert "namespace" not in alarm


def test_4xx_rate_uses_the_4xx_metric_and_its_own_threshold(dev_alarms: dict[str, Any]) -> None:
    alarm = dev_alarms["api_4xx_rate"]
    assert alarm["metric_query"][0]["metric"]["metric_name"] == "4xx"
    assert alarm["threshold"] == 25


def test_latency_is_the_p99_of_the_stage(dev_alarms: dict[str, Any]) -> None:
    alarm = dev_alarms["api_latency_p99"]
    assert (alarm["namespace"], alarm["metric_name"], alarm["dimensions"]) == ("AWS/ApiGateway", "Latency", API)
    assert (alarm["extended_statistic"], alarm["period"], alarm["threshold"]) == ("p99", 300, 900)
    assert "statistic" not in alarm


def test_function_alarms_watch_errors_throttles_and_duration_against_the_timeout(dev_alarms: dict[str, Any]) -> None:
    dimensions = {"FunctionName": "${aws_lambda_function.list_orders.function_name}"}
    errors, throttles = dev_alarms["lambda_list_orders_errors"], dev_alarms["lambda_list_orders_throttles"]
    for alarm, metric in ((errors, "Errors"), (throttles, "Throttles")):
        assert (alarm["namespace"], alarm["metric_name"], alarm["dimensions"]) == ("AWS/Lambda", metric, dimensions)
        assert (alarm["statistic"], alarm["threshold"]) == ("Sum", 1)
        assert alarm["comparison_operator"] == "GreaterThanOrEqualToThreshold"
    duration = dev_alarms["lambda_list_orders_duration_p99"]
    assert (duration["metric_name"], duration["extended_statistic"]) == ("Duration", "p99")
    assert duration["threshold"] == 10000  # 50% of 20 s, in ms
    assert dev_alarms["lambda_example_duration_p99"]["threshold"] == 5000  # 50% of the default 10 s


def test_a_route_with_detailed_metrics_gets_route_level_alarms(dev_alarms: dict[str, Any]) -> None:
    route = {**API, "Method": "GET", "Resource": "/orders/{id}"}
    latency = dev_alarms["route_get_orders_id_latency_p99"]
    assert (latency["namespace"], latency["metric_name"], latency["dimensions"]) == ("AWS/ApiGateway", "Latency", route)
    rate = dev_alarms["route_get_orders_id_5xx_rate"]
    assert [query.get("metric", {}).get("dimensions") for query in rate["metric_query"]] == [route, route, None]
    assert "GET /orders/{id}" in rate["alarm_description"]
    assert "demo-api-dev-list-orders" in rate["alarm_description"]


def test_default_thresholds_where_the_config_sets_none(stacks: dict[str, Any]) -> None:
    alarms = resources(stacks["prod"], "aws_cloudwatch_metric_alarm")
    assert alarms["api_5xx_rate"]["threshold"] == 5
    assert alarms["api_latency_p99"]["threshold"] == 2500
    assert alarms["lambda_reports_duration_p99"]["threshold"] == 8000
    assert alarms["api_5xx_rate"]["metric_query"][2]["expression"] == "IF(requests >= 20, 100 * errors / requests, 0)"
    assert {alarm["period"] for alarm in alarms.values() if "period" in alarm} == {60}


def test_alarms_off_means_no_alarm_topic_key_or_dashboard(alarm_stacks: dict[str, dict[str, Any]]) -> None:
    staging = alarm_stacks["staging"]
    for type_ in ("aws_cloudwatch_metric_alarm", "aws_sns_topic", "aws_cloudwatch_dashboard", "aws_kms_key"):
        assert type_ not in staging["resource"]
    assert staging["output"]["alarm_topic_arn"]["value"] is None
    assert staging["output"]["dashboard_name"]["value"] is None
    assert resource(alarm_stacks["dev"], "aws_sns_topic", "alarms")["name"] == "demo-api-dev-alarms"


def test_alarm_resources_are_written_by_one_construct(stacks: dict[str, Any]) -> None:
    dev = stacks["dev"]["resource"]["aws_cloudwatch_metric_alarm"]
    assert {alarm["//"]["metadata"]["path"].rsplit("/", 1)[0] for alarm in dev.values()} == {"dev/app/monitoring"}
