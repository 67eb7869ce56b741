"""The HTTP API: API, JWT authorizer, `$default` stage with JSON access logs and throttling."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from modules.config.api import CorsConfig, RouteConfig
from modules.config.environment import EnvironmentConfig
from modules.constructs.values import dynamic_block, none_if_empty, present, static_block, true_or_unset
from modules.engine.bindings import Construct
from modules.engine.bindings import apigatewayv2_api as api
from modules.engine.bindings import apigatewayv2_authorizer as authorizer
from modules.engine.bindings import apigatewayv2_stage as stage
from modules.engine.bindings import cloudwatch_log_group as logs

#: Every access log line is this JSON object of API Gateway `$context` variables.
ACCESS_LOG_FIELDS = {
    "requestId": "$context.requestId",
    "ip": "$context.identity.sourceIp",
    "requestTime": "$context.requestTime",
    "httpMethod": "$context.httpMethod",
    "routeKey": "$context.routeKey",
    "status": "$context.status",
    "protocol": "$context.protocol",
    "responseLength": "$context.responseLength",
    "integrationErrorMessage": "$context.integrationErrorMessage",
    "authorizerError": "$context.authorizer.error",
}
ACCESS_LOG_FORMAT = json.dumps(ACCESS_LOG_FIELDS, separators=(",", ":"))
IDENTITY_SOURCE = "$request.header.Authorization"


class HttpApi(Construct):
    """An HTTP API (`aws_apigatewayv2_api.this`) protected by a Cognito JWT authorizer.

    - `aws_apigatewayv2_authorizer.this`: JWT, identity source `$request.header.Authorization`, issuer
      `https://${user pool endpoint}`, audience = the client id(s), all by reference.
    - `aws_cloudwatch_log_group.access_logs` and `aws_apigatewayv2_stage.this` (`$default`, auto-deployed,
      JSON access logs, default route throttling from the config, never 0; `route_settings` for each route with
      its own throttling or detailed metrics, after those routes exist).
    - CORS only when the environment has a `[cors]` table.

    `api_id`, `authorizer_id` and `execution_arn` are read from Node once, for every route and function: each
    read of a resource attribute is a jsii round trip.
    """

    def __init__(
        self, scope: Construct, id_: str, *, config: EnvironmentConfig, issuer: str, audience: Sequence[str]
    ) -> None:
        super().__init__(scope, id_)
        self.api = api.Apigatewayv2Api(
            self,
            "api",
            name=config.prefix,
            protocol_type="HTTP",
            disable_execute_api_endpoint=true_or_unset(present(config.domain)),
            cors_configuration=static_block(config.cors, lambda c: api.Apigatewayv2ApiCorsConfiguration(**_cors(c))),
        )
        dynamic_block(self.api, "cors_configuration", config.cors, _cors)
        self.api.override_logical_id("this")
        self.api_id = self.api.id
        self.execution_arn = self.api.execution_arn

        self.authorizer = authorizer.Apigatewayv2Authorizer(
            self,
            "authorizer",
            api_id=self.api_id,
            name="cognito-jwt",
            authorizer_type="JWT",
            identity_sources=[IDENTITY_SOURCE],
            jwt_configuration=authorizer.Apigatewayv2AuthorizerJwtConfiguration(issuer=issuer, audience=list(audience)),
        )
        self.authorizer.override_logical_id("this")
        self.authorizer_id = self.authorizer.id

        self.access_logs = logs.CloudwatchLogGroup(
            self,
            "access-logs",
            name=f"/aws/apigateway/{config.prefix}-access",
            retention_in_days=config.log_retention_days,
        )
        self.access_logs.override_logical_id("access_logs")

        self.stage = stage.Apigatewayv2Stage(
            self,
            "stage",
            api_id=self.api_id,
            name="$default",
            auto_deploy=True,
            access_log_settings=stage.Apigatewayv2StageAccessLogSettings(
                destination_arn=self.access_logs.arn, format=ACCESS_LOG_FORMAT
            ),
            default_route_settings=stage.Apigatewayv2StageDefaultRouteSettings(
                throttling_burst_limit=config.throttling.burst_limit,
                throttling_rate_limit=config.throttling.rate_limit,
            ),
            route_settings=[_route_settings(route) for route in _tuned(config.routes)] or None,
        )
        self.stage.override_logical_id("this")
        tuned = [f"aws_apigatewayv2_route.{route.resource_name}" for route in _tuned(config.routes)]
        if tuned:  # route settings name existing routes: API Gateway refuses a key it does not know yet
            self.stage.add_override("depends_on", tuned)


def _tuned(routes: Sequence[RouteConfig]) -> list[RouteConfig]:
    """The routes with settings of their own: throttling or detailed metrics."""
    return [route for route in routes if route.throttling is not None or route.detailed_metrics]


def _route_settings(route: RouteConfig) -> stage.Apigatewayv2StageRouteSettings:
    """A `route_settings` block of the stage for `route`'s key: its own limits (in place of the stage's default
    route limits) and detailed metrics ("Throttle requests to your HTTP APIs",
    https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html; "Monitor CloudWatch
    metrics for HTTP APIs in API Gateway",
    https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html)."""
    limits = route.throttling
    return stage.Apigatewayv2StageRouteSettings(
        route_key=route.route_key,
        throttling_burst_limit=limits.burst_limit if limits else None,
        throttling_rate_limit=limits.rate_limit if limits else None,
        detailed_metrics_enabled=route.detailed_metrics or None,
    )


def _cors(cors: CorsConfig) -> dict[str, Any]:
    """Arguments of the `cors_configuration` block (Terraform names)."""
    return {
        "allow_origins": list(cors.allow_origins),
        "allow_methods": list(cors.allow_methods),
        "allow_headers": list(cors.allow_headers),
        "expose_headers": none_if_empty(cors.expose_headers),
        "allow_credentials": cors.allow_credentials,
        "max_age": cors.max_age_seconds,
    }
