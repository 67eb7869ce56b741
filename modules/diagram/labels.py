"""Natural names for nodes: `GET /example`, `JWT authorizer`, a function's name, not only Terraform addresses.

Each label is a few short lines: what the thing is, then its own name from its arguments (a Lambda
integration: the function it invokes). An argument that is a Terraform expression is shown readably:
`${var.project}-${var.environment}` becomes `{project}-{environment}`, anything else inside `${...}` becomes
`{…}`. Types without a rule get their type (without `aws_`) and their best name argument, so new resources are
still labelled sensibly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from modules.synth_output.model import Block
from modules.synth_output.references import substitute, template_addresses

#: Arguments that name a resource, in order of preference, for types without their own rule.
NAME_ARGUMENTS = ("name", "function_name", "domain_name", "identifier", "route_key")
PUBLIC = "public"
SCOPED = "scoped"
CONDITIONAL = "conditional"
REPEATED = "repeated"
EXISTING = "existing"
#: Not a resource: a URL the stack names literally (an upstream, an issuer).
EXTERNAL = "external"
#: How an expression that is not a plain variable is shown.
UNKNOWN = "{…}"
#: The resource type of a Lambda function: its resource name is the function's name in the config (`-` written
#: as `_`).
LAMBDA_FUNCTION = "aws_lambda_function"


def display(value: Any) -> str:
    """A value as a person reads it: expressions shortened, lists joined with commas."""
    if isinstance(value, list):
        return ", ".join(display(item) for item in value)
    return substitute(str(value), _shown_expression)


def _shown_expression(expression: str) -> str:
    variable = re.fullmatch(r"var\.([\w.]+)", expression)
    return f"{{{variable.group(1)}}}" if variable else UNKNOWN


def marks(block: Block) -> frozenset[str]:
    """What a reviewer must see at a glance: public and scoped routes, conditional and repeated resources."""
    found = set()
    if block.type == "aws_apigatewayv2_route":
        if block.body.get("authorization_type") == "NONE":
            found.add(PUBLIC)
        if block.body.get("authorization_scopes"):
            found.add(SCOPED)
    if "count" in block.body:
        found.add(CONDITIONAL)
    if "for_each" in block.body:
        found.add(REPEATED)
    if block.data:
        found.add(EXISTING)
    return frozenset(found)


def label(block: Block) -> tuple[str, ...]:
    """The lines of a node's label."""
    rule = RULES.get(block.type)
    lines = rule(block.body) if rule else (block.type.removeprefix("aws_").replace("_", " "), _name(block))
    suffix = {CONDITIONAL: "(only when enabled)", REPEATED: "(one per item)", EXISTING: "(existing, looked up)"}
    extra = tuple(text for mark, text in suffix.items() if mark in marks(block))
    return tuple(line for line in (*lines, *extra) if line not in ("", UNKNOWN))


def _name(block: Block) -> str:
    for argument in NAME_ARGUMENTS:
        value = block.body.get(argument)
        if isinstance(value, str) and display(value) not in ("", UNKNOWN):
            return display(value)
    return block.name


def _known(body: Mapping[str, Any], *arguments: str) -> list[str]:
    """The displayed values of `arguments` that say something (not missing, not a bare `{…}`)."""
    return [shown for argument in arguments if (shown := display(body.get(argument, ""))) not in ("", UNKNOWN)]


def _route(body: Mapping[str, Any]) -> tuple[str, ...]:
    authorization = str(body.get("authorization_type", "NONE"))
    scopes = body.get("authorization_scopes") or []
    if authorization == "NONE":
        check = "PUBLIC: no authorization"
    elif scopes:
        check = f"{authorization} + scopes: {display(scopes)}"
    else:
        check = authorization
    return display(body.get("route_key", "")), check


def _integration(body: Mapping[str, Any]) -> tuple[str, ...]:
    """A Lambda integration also names its function: with several functions, integrations differ only by it."""
    kind = str(body.get("integration_type", ""))
    title = {"AWS_PROXY": "Lambda proxy integration", "HTTP_PROXY": "HTTP proxy integration"}.get(kind, kind)
    uri = str(body.get("integration_uri", ""))
    functions = sorted(
        name
        for type_, _, name in (address.partition(".") for address in template_addresses(uri))
        if type_ == LAMBDA_FUNCTION
    )
    function = f"function {', '.join(functions)}" if functions else ""
    return title, function, f"payload {display(body.get('payload_format_version', '1.0'))}"


def _function(body: Mapping[str, Any]) -> tuple[str, ...]:
    runtime = " ".join(display(body.get(key, "")) for key in ("runtime", "architectures")).strip()
    return "Lambda function", display(body.get("function_name", "")), runtime


def _client(body: Mapping[str, Any]) -> tuple[str, ...]:
    flows = display(body.get("allowed_oauth_flows") or [])
    secret = "with secret" if body.get("generate_secret") is True else ""
    details = ", ".join(item for item in (f"OAuth: {flows}" if flows else "", secret) if item)
    return "app client", display(body.get("name", "")), details


def _resource_server(body: Mapping[str, Any]) -> tuple[str, ...]:
    scopes = [str(scope.get("scope_name", "")) for scope in body.get("scope") or [] if isinstance(scope, Mapping)]
    return "resource server", display(body.get("identifier", "")), f"scopes: {', '.join(scopes)}" if scopes else ""


def _titled(title: str, argument: str = "name") -> Callable[[Mapping[str, Any]], tuple[str, ...]]:
    return lambda body: (title, display(body.get(argument, "")))


RULES: Mapping[str, Callable[[Mapping[str, Any]], tuple[str, ...]]] = {
    "aws_apigatewayv2_api": lambda body: (f"{display(body.get('protocol_type', ''))} API", display(body.get("name"))),
    "aws_apigatewayv2_stage": lambda body: (f"stage {display(body.get('name', ''))}",),
    "aws_apigatewayv2_authorizer": lambda body: (
        f"{display(body.get('authorizer_type', ''))} authorizer",
        display(body.get("name", "")),
    ),
    "aws_apigatewayv2_route": _route,
    "aws_apigatewayv2_integration": _integration,
    "aws_apigatewayv2_domain_name": _titled("API domain name", "domain_name"),
    "aws_apigatewayv2_api_mapping": lambda body: ("API mapping", display(body.get("api_mapping_key", ""))),
    "aws_lambda_function": _function,
    "aws_lambda_permission": _titled("invoke permission", "principal"),
    "aws_iam_role": _titled("IAM role"),
    "aws_iam_role_policy": _titled("inline policy"),
    "aws_iam_role_policy_attachment": lambda body: (
        "managed policy",
        display(body.get("policy_arn", "")).rsplit("/", 1)[-1],
    ),
    "aws_cloudwatch_log_group": _titled("log group"),
    "aws_kms_key": lambda body: ("KMS key", "rotated yearly" if body.get("enable_key_rotation") is True else ""),
    "aws_cognito_user_pool": _titled("Cognito user pool"),
    "aws_cognito_user_pool_client": _client,
    "aws_cognito_user_pool_domain": _titled("user pool domain", "domain"),
    "aws_cognito_resource_server": _resource_server,
    "aws_cognito_user_group": _titled("user group"),
    "aws_cognito_identity_provider": lambda body: (
        f"{display(body.get('provider_type', ''))} identity provider",
        display(body.get("provider_name", "")),
    ),
    "aws_cognito_managed_login_branding": lambda _body: ("managed login branding",),
    "aws_acm_certificate": _titled("ACM certificate", "domain_name"),
    "aws_acm_certificate_validation": lambda _body: ("certificate validation",),
    "aws_route53_record": lambda body: ("Route 53 record", " ".join(_known(body, "type", "name"))),
    "aws_route53_zone": _titled("Route 53 zone"),
    "aws_cloudwatch_metric_alarm": lambda body: (f"alarm {display(body.get('alarm_name', ''))}",),
    "aws_cloudwatch_dashboard": _titled("CloudWatch dashboard", "dashboard_name"),
    "aws_sns_topic": _titled("SNS topic"),
    "aws_sns_topic_subscription": _titled("subscription", "protocol"),
}
