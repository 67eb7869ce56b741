"""The environment's alarms, their topic and its dashboard, all drawn from the watches (`watches.py`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from modules.config.environment import EnvironmentConfig
from modules.constructs.alarm_topic import AlarmTopic
from modules.constructs.dashboard import Dashboard, Section
from modules.constructs.http_api import HttpApi
from modules.constructs.values import count_if, is_unresolved
from modules.constructs.watches import Metric, Rate, Watch, api_watches, function_watches, route_watches
from modules.engine.bindings import Construct, Token
from modules.engine.bindings import cloudwatch_metric_alarm as alarm
from modules.engine.bindings import lambda_function as fn


@dataclass(frozen=True)
class WatchedFunction:
    """A function as the alarms see it: its config name, resource name, resource and timeout (a token in the
    module stack)."""

    name: str
    key: str
    function: fn.LambdaFunction
    timeout_seconds: Any


class Monitoring(Construct):
    """Alarms on the API, each function and each route with detailed metrics, sending ALARM and OK to the
    environment's topic (`alarm_topic.py`), and the environment's dashboard (`dashboard.py`).

    Alarm resources are `aws_cloudwatch_metric_alarm.<watch key>`, named `<prefix>-<what>-<metric>` from the
    environment, function and route names. Nothing is created when `alarms.enabled` is false; in the module
    stack every resource has `count = var.alarms.enabled ? 1 : 0`.
    """

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        config: EnvironmentConfig,
        region: str,
        http_api: HttpApi,
        functions: Mapping[str, WatchedFunction],
    ) -> None:
        super().__init__(scope, id_)
        enabled = config.alarms.enabled
        #: The topic's ARN and the dashboard's name (None when alarms are off in an environment stack).
        self.topic_arn: Any = None
        self.dashboard_name: Any = None
        if not is_unresolved(enabled) and enabled is False:
            return
        count = count_if(enabled if is_unresolved(enabled) else True)
        topic = AlarmTopic(self, "topic", config=config, region=region, count=count, enabled=enabled)
        self.topic_arn = topic.arn
        api_id, stage = http_api.api_id, http_api.stage.name
        sections = [Section(f"API {config.prefix}", api_watches(config, api_id, stage))]
        for item in functions.values():
            name = Token.as_string(item.function.function_name)
            watches = function_watches(config, item.name, item.key, name, item.timeout_seconds)
            sections.append(Section(f"Function {config.prefix}-{item.name}", watches))
        for route in config.detailed_routes:
            sections.append(Section(f"Route {route.route_key}", route_watches(config, route, api_id, stage)))
        for section in sections:
            for watch in section.watches:
                _alarm(self, watch, config, topic.arn, count)
        dashboard = Dashboard(self, "dashboard", config=config, region=region, sections=sections, count=count)
        self.dashboard_name = dashboard.name


def _alarm(scope: Construct, watch: Watch, config: EnvironmentConfig, topic_arn: str, count: Any) -> None:
    """`aws_cloudwatch_metric_alarm.<watch.key>`: one metric, or metric math over `errors` and `requests`."""
    alarms = config.alarms
    single: dict[str, Any] = {}
    if isinstance(watch.source, Metric):
        metric = watch.source
        statistic = {"extended_statistic": metric.stat} if metric.stat.startswith("p") else {"statistic": metric.stat}
        single = {
            "namespace": metric.namespace,
            "metric_name": metric.name,
            "dimensions": dict(metric.dimensions),
            "period": alarms.period_seconds,
            **statistic,
        }
    else:
        single = {"metric_query": _queries(watch.source, watch.title, alarms.period_seconds)}
    resource = alarm.CloudwatchMetricAlarm(
        scope,
        watch.key,
        alarm_name=watch.name,
        alarm_description=watch.description,
        comparison_operator=watch.comparison,
        threshold=watch.threshold,
        evaluation_periods=alarms.evaluation_periods,
        datapoints_to_alarm=alarms.datapoints_to_alarm,
        treat_missing_data=watch.treat_missing_data,
        alarm_actions=[topic_arn],
        ok_actions=[topic_arn],
        count=count,
        **single,
    )
    resource.override_logical_id(watch.key)


def _queries(source: Rate, label: str, period: Any) -> list[Any]:
    """The metric queries of a rate alarm: `errors` and `requests` (not returned) and the expression."""

    def query(id_: str, metric: Metric) -> Any:
        return alarm.CloudwatchMetricAlarmMetricQuery(
            id=id_,
            return_data=False,
            metric=alarm.CloudwatchMetricAlarmMetricQueryMetric(
                namespace=metric.namespace,
                metric_name=metric.name,
                dimensions=dict(metric.dimensions),
                period=period,
                stat=metric.stat,
            ),
        )

    rate = alarm.CloudwatchMetricAlarmMetricQuery(
        id="rate", expression=source.expression, label=label, return_data=True
    )
    return [query("errors", source.errors), query("requests", source.requests), rate]
