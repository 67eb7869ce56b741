"""The dashboard: one row per section, its metrics by reference, each alarm's threshold as an annotation."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import resource, resources

API = ["ApiId", "${aws_apigatewayv2_api.this.id}", "Stage", "${aws_apigatewayv2_stage.this.name}"]


@pytest.fixture(scope="module")
def body(stacks: dict[str, Any]) -> dict[str, Any]:
    dashboard = resource(stacks["prod"], "aws_cloudwatch_dashboard", "this")
    assert dashboard["dashboard_name"] == "cognito-http-api-prod"
    return dict(json.loads(dashboard["dashboard_body"]))


def _titles(body: dict[str, Any]) -> list[str]:
    return [widget["properties"]["title"] for widget in body["widgets"]]


def test_rows_for_the_api_each_function_and_each_detailed_route(body: dict[str, Any]) -> None:
    rows: dict[int, list[str]] = {}
    for widget in body["widgets"]:
        rows.setdefault(widget["y"], []).append(widget["properties"]["title"])
    assert list(rows.values()) == [
        ["API cognito-http-api-prod: Requests", "API cognito-http-api-prod: 5xx rate (%)",
         "API cognito-http-api-prod: 4xx rate (%)", "API cognito-http-api-prod: Latency p99 (ms)"],
        [f"Function cognito-http-api-prod-example: {t}" for t in
         ("Invocations", "Errors", "Throttles", "Duration p99 (ms)")],
        [f"Function cognito-http-api-prod-reports: {t}" for t in
         ("Invocations", "Errors", "Throttles", "Duration p99 (ms)")],
        [f"Function cognito-http-api-prod-group-scopes: {t}" for t in
         ("Invocations", "Errors", "Throttles", "Duration p99 (ms)")],
        ["Route GET /reports: Requests", "Route GET /reports: 5xx rate (%)", "Route GET /reports: Latency p99 (ms)"],
    ]  # fmt: skip
    assert all(w["x"] + w["width"] <= 24 for w in body["widgets"])


def test_every_alarm_threshold_is_drawn_on_its_widget(body: dict[str, Any], stacks: dict[str, Any]) -> None:
    alarms = resources(stacks["prod"], "aws_cloudwatch_metric_alarm")
    drawn = {
        annotation["label"].removeprefix("alarm: "): annotation["value"]
        for widget in body["widgets"]
        for annotation in widget["properties"].get("annotations", {}).get("horizontal", [])
    }
    assert drawn == {alarm["alarm_name"]: alarm["threshold"] for alarm in alarms.values()}


def test_metrics_reference_the_stack(body: dict[str, Any]) -> None:
    widgets = {widget["properties"]["title"]: widget["properties"] for widget in body["widgets"]}
    latency = widgets["API cognito-http-api-prod: Latency p99 (ms)"]
    assert [line[:6] for line in latency["metrics"]] == [["AWS/ApiGateway", "Latency", *API]] * 3
    assert [line[6]["stat"] for line in latency["metrics"]] == ["p50", "p90", "p99"]
    assert latency["region"] == "${data.aws_region.current.region}"
    errors = widgets["Function cognito-http-api-prod-reports: Errors"]
    assert errors["metrics"] == [
        ["AWS/Lambda", "Errors", "FunctionName", "${aws_lambda_function.reports.function_name}",
         {"stat": "Sum", "label": "Errors Sum"}]
    ]  # fmt: skip
    rate = widgets["Route GET /reports: 5xx rate (%)"]
    assert rate["metrics"][0][:10] == ["AWS/ApiGateway", "5xx", *API, "Method", "GET", "Resource", "/reports"]
    assert rate["metrics"][2] == [
        {"expression": "IF(requests >= 20, 100 * errors / requests, 0)", "label": "5xx rate (%)", "id": "rate"}
    ]


def test_the_body_is_compact_json_with_keys_in_a_fixed_order(stacks: dict[str, Any]) -> None:
    text = resource(stacks["dev"], "aws_cloudwatch_dashboard", "this")["dashboard_body"]
    assert text.startswith('{"widgets":[{"type":"metric","x":0,"y":0,"width":6,"height":6,"properties":{"title":')
    assert json.dumps(json.loads(text), separators=(",", ":")) == text
