"""What is watched, decided in one place: each `Watch` is one alarm and one line on the dashboard.

The alarms (`alarms.py`) and the dashboard (`dashboard.py`) are both drawn from these lists, so a threshold on
the dashboard is always the alarm's own. Metrics, namespaces and dimensions are AWS's:

- HTTP API: namespace `AWS/ApiGateway`, metrics `5xx`, `4xx`, `Count`, `Latency`, dimensions `ApiId` and `Stage`;
  with detailed metrics, route-level metrics add `Method` and `Resource` ("Monitor CloudWatch metrics for HTTP APIs
  in API Gateway", https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html). REST
  APIs' `5XXError` and `ApiName` are another product's names.
- Lambda: namespace `AWS/Lambda`, metrics `Errors`, `Throttles`, `Duration`, dimension `FunctionName` ("Types of
  metrics for Lambda functions", https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html).

`treat_missing_data` is `notBreaching` for every alarm here, for one reason stated per alarm (`missing_reason`):
API Gateway and Lambda publish these metrics only for periods with traffic, so a missing datapoint means "no
requests" or "no invocations", which is not an error, not slow, and not throttled. (A heartbeat alarm, which
would page on silence, would choose `breaching`; there is none.)

In the module stack the thresholds are Terraform expressions (`var.alarms.*`): `number_text` and `product` keep
them symbolic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from modules.config.alarms import AlarmsConfig
from modules.config.api import RouteConfig
from modules.config.environment import EnvironmentConfig
from modules.constructs.values import is_unresolved
from modules.engine.bindings import Op, Token

API_NAMESPACE = "AWS/ApiGateway"
LAMBDA_NAMESPACE = "AWS/Lambda"
NOT_BREACHING = "notBreaching"
#: Rates and latencies page above their threshold; counts (errors, throttles) page at it.
ABOVE = "GreaterThanThreshold"
AT_LEAST = "GreaterThanOrEqualToThreshold"
#: Why a missing datapoint does not page, per kind of metric.
NO_REQUESTS = "no datapoint means no requests in the period: nothing failed and nothing was slow"
NO_INVOCATIONS = "no datapoint means no invocations in the period: nothing failed, was throttled or ran long"


@dataclass(frozen=True)
class Metric:
    """One CloudWatch metric with its dimensions (values may be references) and statistic (`Sum`, `p99`...)."""

    namespace: str
    name: str
    dimensions: Mapping[str, Any]
    stat: str


@dataclass(frozen=True)
class Rate:
    """Metric math: `expression` over the ids `errors` and `requests` (an error share in percent)."""

    errors: Metric
    requests: Metric
    expression: str


@dataclass(frozen=True)
class Watch:
    """One alarm: its `source` (one metric, or a `Rate`) compared with `threshold` by `comparison`."""

    key: str
    name: str
    title: str
    description: str
    threshold: Any
    unit: str
    treat_missing_data: str
    missing_reason: str
    source: Metric | Rate
    comparison: str = ABOVE

    @property
    def traffic(self) -> Metric:
        """The metric of its source's traffic dimensions: requests of a rate, else the metric itself."""
        return self.source.requests if isinstance(self.source, Rate) else self.source


def number_text(value: Any) -> str:
    """A number as Terraform prints it in a string (`5.0` → `5`); a token's text for a Terraform expression."""
    if is_unresolved(value):
        return Token.as_string(value)
    return str(int(value)) if float(value).is_integer() else str(value)


def product(*factors: Any) -> Any:
    """The product of numbers, as a Terraform expression when one of them is a token."""
    if not any(is_unresolved(factor) for factor in factors):
        result = 1.0
        for factor in factors:
            result *= factor
        return int(result) if result.is_integer() else result
    expression = factors[0]
    for factor in factors[1:]:
        expression = Op.mul(expression, factor)
    return Token.as_number(expression)


def _breach(alarms: AlarmsConfig) -> str:
    """How long a breach lasts before the page, as people read it."""
    return (
        f"in {number_text(alarms.datapoints_to_alarm)} of the last {number_text(alarms.evaluation_periods)} "
        f"periods of {number_text(alarms.period_seconds)} s"
    )


def _rate(alarms: AlarmsConfig) -> str:
    """Metric math: the error share in percent, 0 while there are fewer than `min_requests` requests."""
    return f"IF(requests >= {number_text(alarms.min_requests)}, 100 * errors / requests, 0)"


def api_watches(config: EnvironmentConfig, api_id: str, stage: str) -> tuple[Watch, ...]:
    """The API as a whole: 5xx rate, 4xx rate and p99 latency of the stage."""
    alarms, env, prefix = config.alarms, config.name, config.prefix
    dimensions = {"ApiId": api_id, "Stage": stage}
    return _request_watches(
        key="api",
        name=f"{prefix}-api",
        where=f"the {env} API ({prefix}), all routes",
        dimensions=dimensions,
        alarms=alarms,
        first_check=f"the access log /aws/apigateway/{prefix}-access (status, integrationErrorMessage)",
        client_errors=True,
    )


def route_watches(config: EnvironmentConfig, route: RouteConfig, api_id: str, stage: str) -> tuple[Watch, ...]:
    """A route with detailed metrics: its own 5xx rate and p99 latency (route-level dimensions)."""
    path = route.route_key.partition(" ")[2]
    dimensions = {"ApiId": api_id, "Stage": stage, "Method": route.method, "Resource": path or route.route_key}
    target = (
        f"function {config.prefix}-{config.route_function(route)}"
        if route.is_lambda
        else f"the upstream {route.target}"
    )
    return _request_watches(
        key=f"route_{route.resource_name}",
        name=f"{config.prefix}-route-{route.resource_name.replace('_', '-')}",
        where=f"route {route.route_key} of the {config.name} API ({config.prefix})",
        dimensions=dimensions,
        alarms=config.alarms,
        first_check=f"{target}, then the access log /aws/apigateway/{config.prefix}-access for routeKey "
        f"{route.route_key}",
        client_errors=False,
    )


def _request_watches(
    *,
    key: str,
    name: str,
    where: str,
    dimensions: Mapping[str, Any],
    alarms: AlarmsConfig,
    first_check: str,
    client_errors: bool,
) -> tuple[Watch, ...]:
    requests = Metric(API_NAMESPACE, "Count", dimensions, "Sum")
    server = Metric(API_NAMESPACE, "5xx", dimensions, "Sum")
    quiet = f"(alarms only with at least {number_text(alarms.min_requests)} requests a period)"
    watches = [
        Watch(
            key=f"{key}_5xx_rate",
            name=f"{name}-5xx-rate",
            title="5xx rate (%)",
            description=f"{where}: more than {number_text(alarms.server_error_rate_percent)}% of requests failed "
            f"with 5xx {_breach(alarms)} {quiet}. Check first: {first_check}.",
            threshold=alarms.server_error_rate_percent,
            unit="%",
            treat_missing_data=NOT_BREACHING,
            missing_reason=NO_REQUESTS,
            source=Rate(server, requests, _rate(alarms)),
        ),
        Watch(
            key=f"{key}_latency_p99",
            name=f"{name}-latency-p99",
            title="Latency p99 (ms)",
            description=f"{where}: p99 latency above {number_text(alarms.latency_p99_ms)} ms {_breach(alarms)}. "
            f"Check first: {first_check}, and the functions' Duration.",
            threshold=alarms.latency_p99_ms,
            unit="ms",
            treat_missing_data=NOT_BREACHING,
            missing_reason=NO_REQUESTS,
            source=Metric(API_NAMESPACE, "Latency", dimensions, "p99"),
        ),
    ]
    if client_errors:
        client = Metric(API_NAMESPACE, "4xx", dimensions, "Sum")
        watches.insert(
            1,
            Watch(
                key=f"{key}_4xx_rate",
                name=f"{name}-4xx-rate",
                title="4xx rate (%)",
                description=f"{where}: more than {number_text(alarms.client_error_rate_percent)}% of requests "
                f"answered 4xx {_breach(alarms)} {quiet}. A spike means a broken client, expired tokens or a "
                f"probe. Check first: {first_check} (401/403: the JWT authorizer, authorizerError).",
                threshold=alarms.client_error_rate_percent,
                unit="%",
                treat_missing_data=NOT_BREACHING,
                missing_reason=NO_REQUESTS,
                source=Rate(client, requests, _rate(alarms)),
            ),
        )
    return tuple(watches)


def function_watches(
    config: EnvironmentConfig, name: str, key: str, function_name: str, timeout_seconds: Any
) -> tuple[Watch, ...]:
    """One function (`name` in the config, `key` its resource name): Errors, Throttles, p99 Duration."""
    alarms, prefix = config.alarms, config.prefix
    dimensions = {"FunctionName": function_name}
    where = f"function {prefix}-{name} of the {config.name} API"
    logs = f"its log group /aws/lambda/{prefix}-{name}"
    duration = product(timeout_seconds, 10, alarms.duration_timeout_percent)
    return (
        Watch(
            key=f"lambda_{key}_errors",
            name=f"{prefix}-{name}-errors",
            title="Errors",
            description=f"{where}: {number_text(alarms.function_errors)} or more errors a period {_breach(alarms)}. "
            f"Check first: {logs} (the exception and its request id).",
            threshold=alarms.function_errors,
            unit="",
            treat_missing_data=NOT_BREACHING,
            missing_reason=NO_INVOCATIONS,
            comparison=AT_LEAST,
            source=Metric(LAMBDA_NAMESPACE, "Errors", dimensions, "Sum"),
        ),
        Watch(
            key=f"lambda_{key}_throttles",
            name=f"{prefix}-{name}-throttles",
            title="Throttles",
            description=f"{where}: {number_text(alarms.function_throttles)} or more throttled invocations a period "
            f"{_breach(alarms)}. Check first: the function's reserved concurrency and the account's concurrency "
            "quota (ConcurrentExecutions).",
            threshold=alarms.function_throttles,
            unit="",
            treat_missing_data=NOT_BREACHING,
            missing_reason=NO_INVOCATIONS,
            comparison=AT_LEAST,
            source=Metric(LAMBDA_NAMESPACE, "Throttles", dimensions, "Sum"),
        ),
        Watch(
            key=f"lambda_{key}_duration_p99",
            name=f"{prefix}-{name}-duration-p99",
            title="Duration p99 (ms)",
            description=f"{where}: p99 duration above {number_text(duration)} ms, "
            f"{number_text(alarms.duration_timeout_percent)}% of its {number_text(timeout_seconds)} s timeout, "
            f"{_breach(alarms)}. Check first: {logs} and what it calls (X-Ray traces).",
            threshold=duration,
            unit="ms",
            treat_missing_data=NOT_BREACHING,
            missing_reason=NO_INVOCATIONS,
            source=Metric(LAMBDA_NAMESPACE, "Duration", dimensions, "p99"),
        ),
    )
