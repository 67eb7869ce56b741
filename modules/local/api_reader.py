"""Read one synthesized stack (`cdktf.out/stacks/<env>/cdk.tf.json`) into a typed description of the API.

Resources are found by type and followed through their `${...}` references (route → integration → function,
route → authorizer), never by position, so resources other engineers add to the stack are simply ignored.
Values the emulator creates at run time (pool ids, client ids, the pool endpoint) stay as templates here;
`resolver.References` resolves them once the embedded Cognito exists. The stack is read through
`modules/synth_output`, like every reader of `cdktf.out`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from modules.errors import EmulatorError
from modules.local.description import (
    ApiDescription,
    Authorizer,
    Cors,
    Function,
    Integration,
    Route,
    Throttling,
    TokenTrigger,
)
from modules.synth_output.loading import load_document
from modules.synth_output.model import Block, StackDocument
from modules.synth_output.references import expressions, single_address

DEFAULT_INTEGRATION_TIMEOUT_MS = 30_000
#: The Cognito resource types the embedded Cognito creates; any other `aws_cognito_*` is listed as not emulated.
EMULATED_COGNITO_TYPES = frozenset(
    {
        "aws_cognito_user_pool", "aws_cognito_user_pool_client", "aws_cognito_resource_server",
        "aws_cognito_user_pool_domain", "aws_cognito_user_group", "aws_cognito_identity_provider",
    }
)  # fmt: skip


def load_description(stack_file: Path) -> ApiDescription:
    """Read and describe one synthesized stack. Raises `EmulatorError` on anything it cannot serve."""
    document = load_document(stack_file)
    apis = document.of_type("aws_apigatewayv2_api")
    http_apis = [api for api in apis if api.arguments.get("protocol_type") == "HTTP"]
    if len(http_apis) != 1:
        raise EmulatorError(f"{stack_file}: expected one HTTP API (aws_apigatewayv2_api), found {len(http_apis)}")
    api = http_apis[0]
    belongs = f"${{{api.address}.id}}"
    stage = _stage(document, belongs)
    default_throttling = _throttling(_block(stage.arguments.get("default_route_settings"))) if stage else None
    # A route's own limits replace the stage's default route limits; a route setting without limits (detailed
    # metrics only) keeps the defaults ("Throttle requests to your HTTP APIs",
    # https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html).
    overrides = {
        str(block.get("route_key")): _throttling(block)
        for block in _blocks(stage.arguments.get("route_settings") if stage else None)
    }
    routes = tuple(
        _route(document, stack_file, resource, overrides.get(route_key) or default_throttling)
        for resource in document.of_type("aws_apigatewayv2_route")
        if resource.arguments.get("api_id") == belongs
        for route_key in [str(resource.arguments.get("route_key"))]
    )
    if not routes:
        raise EmulatorError(f"{stack_file}: the HTTP API has no routes")
    return ApiDescription(
        environment=stack_file.parent.name,
        stack_file=stack_file,
        region=_region(document, stack_file),
        api_name=str(api.arguments.get("name", api.name)),
        cors=_cors(_block(api.arguments.get("cors_configuration"))),
        routes=routes,
        user_pools=tuple(document.of_type("aws_cognito_user_pool")),
        clients=tuple(document.of_type("aws_cognito_user_pool_client")),
        resource_servers=tuple(document.of_type("aws_cognito_resource_server")),
        document=document,
        domains=tuple(document.of_type("aws_cognito_user_pool_domain")),
        unemulated=tuple(
            resource
            for resource in sorted(document.resources, key=lambda block: block.address)
            if resource.type.startswith("aws_cognito_") and resource.type not in EMULATED_COGNITO_TYPES
        ),
        groups=tuple(document.of_type("aws_cognito_user_group")),
        identity_providers=tuple(document.of_type("aws_cognito_identity_provider")),
        token_triggers=tuple(
            trigger
            for pool in document.of_type("aws_cognito_user_pool")
            for trigger in _trigger(document, stack_file, pool)
        ),
    )


def _trigger(document: StackDocument, stack_file: Path, pool: Block) -> tuple[TokenTrigger, ...]:
    """The pool's pre-token-generation trigger, when its `lambda_arn` references a function of the stack."""
    lambda_config = _block(pool.arguments.get("lambda_config")) or {}
    config = _block(lambda_config.get("pre_token_generation_config")) or {}
    arn = str(config.get("lambda_arn", ""))
    if not expressions(arn) or not single_address(arn).startswith("aws_lambda_function."):
        return ()
    function = _function(stack_file, document.block(single_address(arn)))
    return (TokenTrigger(pool.address, str(config.get("lambda_version", "V2_0")), function),)


def _block(value: Any) -> Mapping[str, Any] | None:
    """A nested block, which cdktf writes either as an object or as a one-element list."""
    blocks = _blocks(value)
    return blocks[0] if blocks else None


def _blocks(value: Any) -> list[Mapping[str, Any]]:
    if isinstance(value, Mapping):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, Mapping)]
    return []


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(item) for item in value) if isinstance(value, list) else ()


def _stage(document: StackDocument, belongs: str) -> Block | None:
    stages = [s for s in document.of_type("aws_apigatewayv2_stage") if s.arguments.get("api_id") == belongs]
    default = [s for s in stages if s.arguments.get("name") == "$default"]
    return next(iter(default or stages), None)


def _throttling(block: Mapping[str, Any] | None) -> Throttling | None:
    if block is None or "throttling_burst_limit" not in block or "throttling_rate_limit" not in block:
        return None
    return Throttling(int(block["throttling_burst_limit"]), float(block["throttling_rate_limit"]))


def _cors(block: Mapping[str, Any] | None) -> Cors | None:
    if block is None:
        return None
    max_age = block.get("max_age")
    return Cors(
        allow_origins=_strings(block.get("allow_origins")),
        allow_methods=_strings(block.get("allow_methods")),
        allow_headers=_strings(block.get("allow_headers")),
        expose_headers=_strings(block.get("expose_headers")),
        allow_credentials=bool(block.get("allow_credentials", False)),
        max_age=int(max_age) if isinstance(max_age, int) else None,
    )


def _region(document: StackDocument, stack_file: Path) -> str:
    providers = [p for p in document.providers("aws") if "alias" not in p]
    region = providers[0].get("region") if providers else None
    if not isinstance(region, str) or expressions(region):
        raise EmulatorError(f"{stack_file}: the aws provider has no literal region")
    return region


def _route(document: StackDocument, stack_file: Path, resource: Block, throttling: Throttling | None) -> Route:
    attributes = resource.arguments
    route_key = str(attributes.get("route_key"))
    authorization_type = str(attributes.get("authorization_type", "NONE"))
    if authorization_type not in ("NONE", "JWT"):
        raise EmulatorError(
            f"{stack_file}: route {route_key!r} uses authorization_type {authorization_type}; "
            "the local emulator serves NONE and JWT"
        )
    authorizer = None
    if authorization_type == "JWT":
        authorizer = _authorizer(document.referenced(str(attributes["authorizer_id"])))
    target = attributes.get("target")
    if not isinstance(target, str):
        raise EmulatorError(f"{stack_file}: route {route_key!r} has no target")
    integration = _integration(document, stack_file, document.referenced(target))
    return Route(
        route_key=route_key,
        authorization_type=authorization_type,
        authorizer=authorizer,
        scopes=_strings(attributes.get("authorization_scopes")),
        integration=integration,
        throttling=throttling,
    )


def _authorizer(resource: Block) -> Authorizer:
    attributes = resource.arguments
    jwt = _block(attributes.get("jwt_configuration")) or {}
    if attributes.get("authorizer_type") != "JWT" or "issuer" not in jwt:
        raise EmulatorError(f"{resource.address}: the local emulator serves JWT authorizers with an issuer")
    return Authorizer(
        address=resource.address,
        identity_sources=_strings(attributes.get("identity_sources")) or ("$request.header.Authorization",),
        issuer=str(jwt["issuer"]),
        audience=_strings(jwt.get("audience")),
    )


def _integration(document: StackDocument, stack_file: Path, resource: Block) -> Integration:
    attributes = resource.arguments
    integration_type = str(attributes.get("integration_type"))
    uri = str(attributes.get("integration_uri", ""))
    version = str(attributes.get("payload_format_version", "1.0"))
    function = None
    if integration_type == "AWS_PROXY":
        if version != "2.0":
            raise EmulatorError(f"{resource.address}: the local emulator serves Lambda payload format 2.0 only")
        function = _function(stack_file, document.referenced(uri))
    elif integration_type != "HTTP_PROXY":
        raise EmulatorError(f"{resource.address}: integration type {integration_type} is not served locally")
    return Integration(
        address=resource.address,
        integration_type=integration_type,
        uri=uri,
        method=str(attributes.get("integration_method", "ANY")),
        payload_format_version=version,
        timeout_ms=int(attributes.get("timeout_milliseconds", DEFAULT_INTEGRATION_TIMEOUT_MS)),
        function=function,
    )


def _function(stack_file: Path, resource: Block) -> Function:
    attributes = resource.arguments
    filename = attributes.get("filename")
    if not isinstance(filename, str) or expressions(filename):
        raise EmulatorError(f"{resource.address}: needs a literal `filename` (the zip asset) to run locally")
    zip_path = (stack_file.parent / filename).resolve()
    if not zip_path.is_file():
        raise EmulatorError(f"{resource.address}: code asset {zip_path} is missing (run `make synth`)")
    name = str(attributes.get("function_name", resource.name))
    logging_config = _block(attributes.get("logging_config")) or {}
    variables = (_block(attributes.get("environment")) or {}).get("variables") or {}
    if not isinstance(variables, Mapping) or any(expressions(str(value)) for value in variables.values()):
        raise EmulatorError(f"{resource.address}: the local emulator needs literal environment variables")
    return Function(
        address=resource.address,
        function_name=name,
        handler=str(attributes.get("handler", "")),
        runtime=str(attributes.get("runtime", "")),
        architecture=str((_strings(attributes.get("architectures")) or ("x86_64",))[0]),
        timeout_seconds=int(attributes.get("timeout", 3)),
        memory_mb=int(attributes.get("memory_size", 128)),
        zip_path=zip_path,
        log_group=str(logging_config.get("log_group", f"/aws/lambda/{name}")),
        environment=tuple(sorted((str(key), str(value)) for key, value in variables.items())),
    )
