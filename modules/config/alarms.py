"""`[alarms]`: what pages the people on call, and where the page goes.

Every threshold is a typed field (an unknown metric cannot be written). The metrics behind them are AWS's:
HTTP API metrics `5xx`, `4xx`, `Count` and `Latency` in `AWS/ApiGateway` ("Monitor CloudWatch metrics for HTTP
APIs in API Gateway", https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html) and
Lambda's `Errors`, `Throttles` and `Duration` in `AWS/Lambda` ("Types of metrics for Lambda functions",
https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html).
"""

from __future__ import annotations

from pydantic import model_validator

from modules.config.base import ConfigModel, InvalidField, setting
from modules.config.rules import Between, EachMatches, OneOf

#: Alarm periods, in seconds. CloudWatch takes 10, 20, 30 or a multiple of 60 (PutMetricAlarm, `Period`,
#: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html); API Gateway and
#: Lambda publish standard-resolution metrics once a minute, so shorter periods would only see gaps.
ALARM_PERIODS = (60, 120, 300, 600, 900, 1800, 3600)
#: The shape of an email address: something, one `@`, a domain with a dot. SNS sends the confirmation; this only
#: catches typing mistakes (a missing `@`, a space).
EMAIL_PATTERN = r"[^@\s]+@[^@\s]+\.[^@\s.]+"
#: An https endpoint for SNS's HTTPS protocol (SNS refuses plain http for this protocol's name).
HTTPS_PATTERN = r"https://[^\s/?#@]+(?:[/?]\S*)?"


class AlarmsConfig(ConfigModel):
    """The environment's alarms: thresholds, how long a breach must last, and the SNS topic's subscribers."""

    enabled: bool = setting(True, doc="Create the alarms, their SNS topic and key, and the dashboard")
    period_seconds: int = setting(
        60, OneOf(ALARM_PERIODS, what="CloudWatch periods of standard-resolution metrics "), doc="Alarm period"
    )
    evaluation_periods: int = setting(5, Between(1, 60), doc="Periods an alarm looks at")
    datapoints_to_alarm: int = setting(
        3, Between(1, 60), doc="Breaching periods among evaluation_periods that raise the alarm"
    )
    min_requests: int = setting(
        20,
        Between(1, 1000000),
        doc="Requests per period below which the 5xx and 4xx rate alarms stay quiet (a quiet API does not page)",
    )
    server_error_rate_percent: float = setting(
        5.0, Between(0, 100, above=True), doc="5xx responses as a share of all requests, in percent"
    )
    client_error_rate_percent: float = setting(
        25.0, Between(0, 100, above=True), doc="4xx responses as a share of all requests, in percent (a spike)"
    )
    latency_p99_ms: int = setting(
        2500, Between(1, 30000, note="API Gateway's integration timeout is 30 s"), doc="p99 Latency of the API"
    )
    function_errors: int = setting(1, Between(1, 100000), doc="Errors of one function per period")
    function_throttles: int = setting(1, Between(1, 100000), doc="Throttles of one function per period")
    duration_timeout_percent: int = setting(
        80, Between(1, 100), doc="p99 Duration of a function as a share of its timeout, in percent"
    )
    email: tuple[str, ...] = setting(
        (), EachMatches(EMAIL_PATTERN, "email addresses (name@domain.tld)"), doc="Email subscribers of the topic"
    )
    https: tuple[str, ...] = setting(
        (), EachMatches(HTTPS_PATTERN, "https:// URLs"), doc="HTTPS endpoints subscribed to the topic"
    )

    @model_validator(mode="after")
    def _consistent(self) -> AlarmsConfig:
        if self.datapoints_to_alarm > self.evaluation_periods:
            raise InvalidField(
                "datapoints_to_alarm",
                self.datapoints_to_alarm,
                f"at most evaluation_periods ({self.evaluation_periods})",
            )
        return self
