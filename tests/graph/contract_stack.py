"""A stack shaped like this round's contract (notes/CONTRACT.md), built from today's real synth of `dev`.

Today's stack has one function and one client. The contract's has two functions (`example`, `reports`), two
clients (`web` interactive, `service` machine), a user pool domain, managed login branding and a custom
domain. This copies the real `cdk.tf.json`, renames today's function resources to the contract's names for
`example`, clones them for `reports` (GET /reports moves to it), and adds the other resources with the
contract's names and references, so the graph's placement by type is proven before the new generator lands.
"""

from __future__ import annotations

import copy
import json
from typing import Any

#: Today's address of each per-function resource → the contract's, for a function `{f}`.
FUNCTION_RESOURCES = {
    "aws_lambda_function.this": "aws_lambda_function.{f}",
    "aws_iam_role.function": "aws_iam_role.{f}",
    "aws_iam_role_policy.function_logging": "aws_iam_role_policy.{f}_logging",
    "aws_iam_role_policy_attachment.function_xray": "aws_iam_role_policy_attachment.{f}_xray",
    "data.aws_iam_policy_document.function_assume_role": "data.aws_iam_policy_document.{f}_assume_role",
    "data.aws_iam_policy_document.function_logging": "data.aws_iam_policy_document.{f}_logging",
    "aws_cloudwatch_log_group.function": "aws_cloudwatch_log_group.lambda_{f}",
    "aws_apigatewayv2_integration.function": "aws_apigatewayv2_integration.lambda_{f}",
    "aws_lambda_permission.api": "aws_lambda_permission.{f}",
}
FUNCTIONS = ("example", "reports")
CLIENTS = ("web", "service")
DOMAIN = "api.example.com"


def contract_stack(today: dict[str, Any]) -> dict[str, Any]:
    """The contract-shaped stack derived from today's real `dev` stack (which is left unchanged)."""
    document = copy.deepcopy(today)
    function_blocks = {address: _pop(document, address) for address in FUNCTION_RESOURCES}
    for function in FUNCTIONS:
        renames = {old: new.format(f=function) for old, new in FUNCTION_RESOURCES.items()}
        for old, body in function_blocks.items():
            text = _retarget(json.dumps(body), renames).replace("-dev-handler", f"-dev-{function}")
            _put(document, renames[old], json.loads(text))
    example = {old: new.format(f="example") for old, new in FUNCTION_RESOURCES.items()}
    web_client = {"aws_cognito_user_pool_client.this": "aws_cognito_user_pool_client.web"}
    document = json.loads(_retarget(json.dumps(document), {**example, **web_client}))
    routes = document["resource"]["aws_apigatewayv2_route"]
    routes["get_reports"]["target"] = "integrations/${aws_apigatewayv2_integration.lambda_reports.id}"
    web = document["resource"]["aws_cognito_user_pool_client"].pop("this")
    _add_clients(document, web)
    _add_cognito_extras(document)
    _add_custom_domain(document)
    return document


def _add_clients(document: dict[str, Any], web: dict[str, Any]) -> None:
    web = {**web, "name": "cognito-http-api-dev-web"}
    service = {
        "name": "cognito-http-api-dev-service",
        "user_pool_id": "${aws_cognito_user_pool.this.id}",
        "generate_secret": True,
        "allowed_oauth_flows": ["client_credentials"],
        "allowed_oauth_flows_user_pool_client": True,
        "allowed_oauth_scopes": ["cognito-http-api/reports.read"],
        "depends_on": ["aws_cognito_resource_server.this"],
    }
    _put(document, "aws_cognito_user_pool_client.web", web)
    _put(document, "aws_cognito_user_pool_client.service", service)
    authorizer = document["resource"]["aws_apigatewayv2_authorizer"]["this"]
    authorizer["jwt_configuration"]["audience"] = [f"${{aws_cognito_user_pool_client.{c}.id}}" for c in CLIENTS]


def _add_cognito_extras(document: dict[str, Any]) -> None:
    pool = "${aws_cognito_user_pool.this.id}"
    _put(
        document,
        "aws_cognito_user_pool_domain.this",
        {"domain": "cognito-http-api-dev", "managed_login_version": 2, "user_pool_id": pool},
    )
    branding = {"client_id": "${aws_cognito_user_pool_client.web.id}", "user_pool_id": pool}
    _put(document, "aws_cognito_managed_login_branding.web", {**branding, "use_cognito_provided_values": True})


def _add_custom_domain(document: dict[str, Any]) -> None:
    zone = "${data.aws_route53_zone.this.zone_id}"
    target = "${aws_apigatewayv2_domain_name.this.domain_name_configuration[0]"
    validation_options = (
        "${{for option in aws_acm_certificate.this.domain_validation_options : option.domain_name => "
        "{name = option.resource_record_name, record = option.resource_record_value, "
        "type = option.resource_record_type}}}"
    )
    blocks: dict[str, dict[str, Any]] = {
        "data.aws_route53_zone.this": {"name": "example.com", "private_zone": False},
        "aws_acm_certificate.this": {"domain_name": DOMAIN, "validation_method": "DNS"},
        "aws_route53_record.certificate_validation": {
            "for_each": validation_options,
            "name": "${each.value.name}",
            "records": ["${each.value.record}"],
            "ttl": 60,
            "type": "${each.value.type}",
            "zone_id": zone,
        },
        "aws_acm_certificate_validation.this": {
            "certificate_arn": "${aws_acm_certificate.this.arn}",
            "validation_record_fqdns": "${[for record in aws_route53_record.certificate_validation : record.fqdn]}",
        },
        "aws_apigatewayv2_domain_name.this": {
            "domain_name": DOMAIN,
            "domain_name_configuration": {
                "certificate_arn": "${aws_acm_certificate_validation.this.certificate_arn}",
                "endpoint_type": "REGIONAL",
                "security_policy": "TLS_1_2",
            },
        },
        "aws_apigatewayv2_api_mapping.this": {
            "api_id": "${aws_apigatewayv2_api.this.id}",
            "domain_name": "${aws_apigatewayv2_domain_name.this.id}",
            "stage": "${aws_apigatewayv2_stage.this.id}",
        },
    }
    for name, record_type in (("alias_a", "A"), ("alias_aaaa", "AAAA")):
        blocks[f"aws_route53_record.{name}"] = {
            "name": "${aws_apigatewayv2_domain_name.this.domain_name}",
            "type": record_type,
            "zone_id": zone,
            "alias": {"name": f"{target}.target_domain_name}}", "zone_id": f"{target}.hosted_zone_id}}"},
        }
    for address, body in blocks.items():
        _put(document, address, body)


def _retarget(text: str, renames: dict[str, str]) -> str:
    """JSON text with references to the old addresses (`${old.attr}`, `"old"` in depends_on) renamed."""
    for old, new in renames.items():
        text = text.replace(f"{old}.", f"{new}.").replace(f'"{old}"', f'"{new}"')
    return text


def _pop(document: dict[str, Any], address: str) -> dict[str, Any]:
    section, type_, name = _split(address)
    body: dict[str, Any] = document[section][type_].pop(name)
    return body


def _put(document: dict[str, Any], address: str, body: dict[str, Any]) -> None:
    section, type_, name = _split(address)
    document.setdefault(section, {}).setdefault(type_, {})[name] = body


def _split(address: str) -> tuple[str, str, str]:
    parts = address.split(".")
    return ("data", parts[1], parts[2]) if parts[0] == "data" else ("resource", parts[0], parts[1])
