"""Integrations and routes. A Lambda integration always comes with the permission API Gateway needs."""

from __future__ import annotations

from modules.config.api import RouteConfig
from modules.constructs.http_api import HttpApi
from modules.engine.bindings import Construct, lambda_permission
from modules.engine.bindings import apigatewayv2_integration as integration
from modules.engine.bindings import apigatewayv2_route as route
from modules.engine.bindings import lambda_function as fn

#: Key in a route's `//` comment block that declares it public: its value is the route key. The checkov policy
#: `security/checks/public_routes.py` fails any route without authorization that does not carry it.
PUBLIC_ROUTE_MARKER = "public_route"


class LambdaIntegration(Construct):
    """`aws_apigatewayv2_integration.lambda_<f>` (AWS_PROXY, payload 2.0) plus `aws_lambda_permission.<f>`, for
    the function whose resources are named `<f>`.

    The permission lets `apigateway.amazonaws.com` invoke the function from any stage and route of this API
    only: `source_arn = "${execution_arn}/*/*"`.
    """

    def __init__(self, scope: Construct, id_: str, *, http_api: HttpApi, function: fn.LambdaFunction, key: str) -> None:
        super().__init__(scope, id_)
        resource = integration.Apigatewayv2Integration(
            self,
            "integration",
            api_id=http_api.api_id,
            integration_type="AWS_PROXY",
            integration_method="POST",
            integration_uri=function.invoke_arn,
            payload_format_version="2.0",
        )
        resource.override_logical_id(f"lambda_{key}")
        self.integration_id = resource.id
        permission = lambda_permission.LambdaPermission(
            self,
            "permission",
            statement_id="AllowInvokeFromHttpApi",
            action="lambda:InvokeFunction",
            function_name=function.function_name,
            principal="apigateway.amazonaws.com",
            source_arn=f"{http_api.execution_arn}/*/*",
        )
        permission.override_logical_id(key)


class HttpProxyIntegration(Construct):
    """`aws_apigatewayv2_integration.<route name>`: HTTP_PROXY to the route's https URL, with its method."""

    def __init__(self, scope: Construct, id_: str, *, http_api: HttpApi, config: RouteConfig) -> None:
        super().__init__(scope, id_)
        resource = integration.Apigatewayv2Integration(
            self,
            "integration",
            api_id=http_api.api_id,
            integration_type="HTTP_PROXY",
            integration_method=config.method,
            integration_uri=config.target,
            payload_format_version="1.0",
        )
        resource.override_logical_id(config.resource_name)
        self.integration_id = resource.id


class Route(Construct):
    """`aws_apigatewayv2_route.<route name>` targeting the integration whose id (a token) is `integration_id`.

    JWT with the API's authorizer unless the route is `public` (then `NONE`, and the route carries
    `"//": {"public_route": "<route key>"}` so a policy scan can tell a declared public route from a mistake);
    `scopes` become `authorization_scopes` (`<project>/<scope>`).
    """

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        http_api: HttpApi,
        config: RouteConfig,
        project: str,
        integration_id: str,
    ) -> None:
        super().__init__(scope, id_)
        authorized = {
            "authorization_type": "JWT",
            "authorizer_id": http_api.authorizer_id,
            "authorization_scopes": [f"{project}/{s}" for s in config.scopes] or None,
        }
        resource = route.Apigatewayv2Route(
            self,
            "route",
            api_id=http_api.api_id,
            route_key=config.route_key,
            target=f"integrations/{integration_id}",
            **({"authorization_type": "NONE"} if config.public else authorized),
        )
        resource.override_logical_id(config.resource_name)
        if config.public is True:
            resource.add_override(f"//.{PUBLIC_ROUTE_MARKER}", config.route_key)
