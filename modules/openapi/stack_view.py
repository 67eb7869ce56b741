"""What an OpenAPI document says about one synthesized stack, read from its `cdk.tf.json` only.

Resources are found by type and followed through their `${…}` references (route → authorizer, route →
integration → function), never by position. Values known only after a deploy (the API id, the pool id) stay
unknown: `resolve()` fills in what the stack itself states (literal arguments, the provider's region) and
returns None for the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from modules.errors import OpenApiError
from modules.paths import display
from modules.synth_output.model import Block, StackDocument
from modules.synth_output.references import expressions, substitute, traversals

REGION_DATA = "data.aws_region"


@dataclass(frozen=True)
class RouteView:
    """One route: its key, natural name (the route's resource name), security and integration."""

    route_key: str
    name: str
    jwt: bool
    scopes: tuple[str, ...]
    integration_type: str
    #: The Lambda function the route invokes (AWS_PROXY), else None.
    function: Block | None

    @property
    def method(self) -> str:
        return "ANY" if self.route_key == "$default" else self.route_key.split(" ", 1)[0]

    @property
    def path(self) -> str:
        return "/$default" if self.route_key == "$default" else self.route_key.split(" ", 1)[1]


@dataclass(frozen=True)
class ClientView:
    """An app client of the pool: its OAuth flows and scopes."""

    name: str
    flows: tuple[str, ...]
    scopes: tuple[str, ...]


@dataclass(frozen=True)
class StackView:
    """The parts of one environment's stack an OpenAPI document describes."""

    environment: str
    document: StackDocument
    region: str
    api: Block
    routes: tuple[RouteView, ...]
    clients: tuple[ClientView, ...]
    #: Every scope the pool's resource servers publish, `<identifier>/<name>`, with its description.
    resource_scopes: tuple[tuple[str, str], ...]

    def resolve(self, template: str) -> str | None:
        """`template` with every reference the stack states literally filled in; None if one is not."""
        unknown: list[str] = []

        def value(expression: str) -> str:
            found = self._literal(expression)
            if found is None:
                unknown.append(expression)
                return ""
            return found

        text = substitute(template, value)
        return None if unknown else text

    def readable(self, template: str) -> str:
        """`template` for a reader: what the stack states filled in, a Cognito pool's endpoint as
        `cognito-idp.<region>.amazonaws.com/<user pool id>`, anything else known only once deployed as `<address>`."""

        def value(expression: str) -> str:
            found = self._literal(expression)
            if found is not None:
                return found
            if expression.startswith("aws_cognito_user_pool.") and expression.endswith(".endpoint"):
                return f"cognito-idp.{self.region}.amazonaws.com/<user pool id>"
            return f"<{expression}>"

        return substitute(template, value)

    def jwt_issuers(self) -> tuple[str, ...]:
        """The issuers of the API's JWT authorizers, as templates, sorted."""
        belongs = f"${{{self.api.address}.id}}"
        return tuple(
            sorted(
                str(block.argument("jwt_configuration.issuer"))
                for block in self.document.of_type("aws_apigatewayv2_authorizer")
                if block.arguments.get("api_id") == belongs and block.arguments.get("authorizer_type") == "JWT"
            )
        )

    def output(self, name: str) -> str | None:
        """The template of the stack output `name`, if the stack has it as a string."""
        found = next((o for o in self.document.outputs if o.name == name), None)
        return found.value if found is not None and isinstance(found.value, str) else None

    def _literal(self, expression: str) -> str | None:
        paths = traversals(expression)
        if len(paths) != 1 or ".".join(paths[0]) != expression.replace(" ", ""):
            return None
        path = paths[0]
        if path[0] == "data" and ".".join(path[:2]) == REGION_DATA and path[-1] in ("region", "name"):
            return self.region
        if path[0] == "data" or len(path) != 3:
            return None
        block = self.document.blocks.get(f"{path[0]}.{path[1]}")
        found = block.argument(path[2]) if block is not None else None
        return found if isinstance(found, str) and not expressions(found) else None


def read_stack(document: StackDocument, environment: str) -> StackView:
    """The view of one synthesized stack; `OpenApiError` when it has no HTTP API to describe."""
    where = display(document.path)
    apis = [a for a in document.of_type("aws_apigatewayv2_api") if a.arguments.get("protocol_type") == "HTTP"]
    if len(apis) != 1:
        raise OpenApiError(f"{where}: expected one HTTP API (aws_apigatewayv2_api), found {len(apis)}")
    api = apis[0]
    belongs = f"${{{api.address}.id}}"
    routes = tuple(
        _route(document, block)
        for block in document.of_type("aws_apigatewayv2_route")
        if block.arguments.get("api_id") == belongs
    )
    return StackView(
        environment=environment,
        document=document,
        region=_region(document, where),
        api=api,
        routes=tuple(sorted(routes, key=lambda r: (r.path, r.method))),
        clients=tuple(_client(block) for block in document.of_type("aws_cognito_user_pool_client")),
        resource_scopes=tuple(
            sorted(
                (
                    f"{server.arguments.get('identifier')}/{scope.get('scope_name')}",
                    str(scope.get("scope_description", "")),
                )
                for server in document.of_type("aws_cognito_resource_server")
                for scope in _blocks(server.arguments.get("scope"))
            )
        ),
    )


def _route(document: StackDocument, block: Block) -> RouteView:
    arguments = block.arguments
    target = arguments.get("target")
    integration = document.referenced(target) if isinstance(target, str) else None
    integration_type = str(integration.arguments.get("integration_type", "")) if integration else ""
    function = None
    if integration is not None and integration_type == "AWS_PROXY":
        function = document.referenced(str(integration.arguments.get("integration_uri", "")))
    return RouteView(
        route_key=str(arguments.get("route_key")),
        name=block.name,
        jwt=arguments.get("authorization_type") == "JWT",
        scopes=tuple(str(scope) for scope in arguments.get("authorization_scopes") or ()),
        integration_type=integration_type,
        function=function,
    )


def _client(block: Block) -> ClientView:
    arguments = block.arguments
    enabled = bool(arguments.get("allowed_oauth_flows_user_pool_client"))
    return ClientView(
        name=block.name,
        flows=tuple(str(flow) for flow in arguments.get("allowed_oauth_flows") or ()) if enabled else (),
        scopes=tuple(str(scope) for scope in arguments.get("allowed_oauth_scopes") or ()),
    )


def _region(document: StackDocument, where: str) -> str:
    providers = [p for p in document.providers("aws") if "alias" not in p]
    region = providers[0].get("region") if providers else None
    if not isinstance(region, str) or expressions(region):
        raise OpenApiError(f"{where}: the aws provider has no literal region; allowed: the output of `make synth`")
    return region


def _blocks(value: Any) -> list[Mapping[str, Any]]:
    if isinstance(value, Mapping):
        return [value]
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []
