"""The environment's CloudWatch dashboard: one row per section (the API, each function, each watched route), each
alarm's metric with the alarm's threshold drawn as a horizontal annotation.

The body is JSON written here, deterministically (same config, same bytes), with the stack's own references in it
(`${aws_apigatewayv2_api.this.id}`, `${aws_lambda_function.<f>.function_name}`...), which Terraform fills in as
a string template. In the module stack, where thresholds are Terraform expressions, the same structure is
Terraform's `jsonencode(...)`. Widget format: "Dashboard Body Structure and Syntax",
https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from modules.config.environment import EnvironmentConfig
from modules.constructs.values import attribute_of, is_unresolved
from modules.constructs.watches import API_NAMESPACE, LAMBDA_NAMESPACE, Metric, Watch
from modules.engine.bindings import Construct, Fn
from modules.engine.bindings import cloudwatch_dashboard as dashboard

WIDTH = 24
HEIGHT = 6


@dataclass(frozen=True)
class Section:
    """One row of the dashboard: a title and its watches."""

    title: str
    watches: tuple[Watch, ...]


class Dashboard(Construct):
    """`aws_cloudwatch_dashboard.this`, named `<prefix>`. A row starts with the traffic its alarms are about
    (requests for the API, invocations for a function), then one widget per alarm: rates as metric math, p99
    latencies with p50 and p90 beside them."""

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        config: EnvironmentConfig,
        region: str,
        sections: Sequence[Section],
        count: Any,
    ) -> None:
        super().__init__(scope, id_)
        widgets: list[dict[str, Any]] = []
        period = config.alarms.period_seconds
        for row, section in enumerate(sections):
            panels = [_traffic(section), *(_panel(watch) for watch in section.watches)]
            width = WIDTH // len(panels)
            for column, (title, metrics, thresholds) in enumerate(panels):
                properties = {
                    "title": f"{section.title}: {title}",
                    "region": region,
                    "view": "timeSeries",
                    "stacked": False,
                    "period": period,
                    "metrics": metrics,
                    **({"annotations": {"horizontal": thresholds}} if thresholds else {}),
                }
                widgets.append(
                    {
                        "type": "metric",
                        "x": column * width,
                        "y": row * HEIGHT,
                        "width": width,
                        "height": HEIGHT,
                        "properties": properties,
                    }
                )
        resource = dashboard.CloudwatchDashboard(
            self, "dashboard", dashboard_name=config.prefix, dashboard_body=_encode({"widgets": widgets}), count=count
        )
        resource.override_logical_id("this")
        #: The dashboard's name (null in the module stack when alarms are off).
        self.name = attribute_of(resource, "dashboard_name")


Panel = tuple[str, list[Any], list[dict[str, Any]]]


def _traffic(section: Section) -> Panel:
    """The section's traffic: requests of the API or route (`Count`), invocations of a function."""
    metric = section.watches[0].traffic
    if metric.namespace == LAMBDA_NAMESPACE:
        return "Invocations", [_line(Metric(LAMBDA_NAMESPACE, "Invocations", metric.dimensions, "Sum"))], []
    return "Requests", [_line(Metric(API_NAMESPACE, "Count", metric.dimensions, "Sum"))], []


def _panel(watch: Watch) -> Panel:
    """One alarm's widget: its metric (p50 and p90 beside a p99) or its metric math, and its threshold."""
    annotation = [{"label": f"alarm: {watch.name}", "value": watch.threshold}]
    if isinstance(watch.source, Metric):
        metric = watch.source
        stats = ("p50", "p90", "p99") if metric.stat == "p99" else (metric.stat,)
        lines = [_line(Metric(metric.namespace, metric.name, metric.dimensions, stat)) for stat in stats]
        return watch.title, lines, annotation
    lines = [
        _line(watch.source.errors, id_="errors", visible=False),
        _line(watch.source.requests, id_="requests", visible=False),
        [{"expression": watch.source.expression, "label": watch.title, "id": "rate"}],
    ]
    return watch.title, lines, annotation


def _line(metric: Metric, *, id_: str = "", visible: bool = True) -> list[Any]:
    """A metric line: `[namespace, name, dimension, value, ..., {options}]`."""
    options: dict[str, Any] = {"stat": metric.stat, "label": f"{metric.name} {metric.stat}"}
    if id_:
        options |= {"id": id_, "visible": visible}
    dimensions = [part for name, value in metric.dimensions.items() for part in (name, value)]
    return [metric.namespace, metric.name, *dimensions, options]


def _encode(body: Any) -> Any:
    """`body` as JSON text, whole numbers without a fraction (`5`, as Terraform prints `5.0`). When it holds
    numbers that are Terraform expressions (thresholds in the module stack), `jsonencode(...)` of it instead: a
    string template would need its quotes escaped, which cdktf's HCL rendering does not do inside templates."""
    symbolic = False

    def walk(value: Any) -> Any:
        nonlocal symbolic
        if isinstance(value, dict):
            return {key: walk(item) for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item) for item in value]
        if isinstance(value, float) and is_unresolved(value):
            symbolic = True
        elif isinstance(value, float) and value.is_integer():
            return int(value)
        return value

    plain = walk(body)
    return Fn.jsonencode(plain) if symbolic else json.dumps(plain, separators=(",", ":"))
