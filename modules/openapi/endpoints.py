"""Where a deployed environment answers: the API's base URLs (`servers`) and the pool's sign-in domain.

The stack states the sign-in domain (its prefix is a literal, the region the provider's), and a custom domain
by name. The execute-api host holds the API's id, known only once it is deployed: it stays a server variable,
`https://{apiId}.execute-api.<region>.amazonaws.com`, the `$default` stage being served at the root ("Invoking
an HTTP API", https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-call.html).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from modules.openapi.stack_view import StackView
from modules.synth_output.references import expressions

API_ID_VARIABLE = "apiId"


@dataclass(frozen=True)
class Endpoints:
    """`servers` of the document, and the sign-in domain's authorization and token endpoints (None when the pool
    has no domain)."""

    servers: tuple[dict[str, Any], ...]
    authorization_url: str | None
    token_url: str | None


def sign_in_endpoints(base_url: str | None) -> tuple[str | None, str | None]:
    """(authorization URL, token URL) of the sign-in domain at `base_url` ("OAuth 2.0 authorization server
    endpoints", https://docs.aws.amazon.com/cognito/latest/developerguide/federation-endpoints.html)."""
    if base_url is None:
        return None, None
    base = base_url.rstrip("/")
    return f"{base}/oauth2/authorize", f"{base}/oauth2/token"


def deployed_endpoints(view: StackView) -> Endpoints:
    """The endpoints of the deployed environment, as far as its stack states them."""
    auth_base = view.output("auth_base_url")
    authorization, token = sign_in_endpoints(view.resolve(auth_base) if auth_base is not None else None)
    return Endpoints(
        servers=_custom_domains(view) or (_execute_api(view),), authorization_url=authorization, token_url=token
    )


def local_endpoints(api_url: str, sign_in_base_url: str | None) -> Endpoints:
    """The endpoints of the environment `make local` serves."""
    authorization, token = sign_in_endpoints(sign_in_base_url)
    return Endpoints(
        servers=({"url": api_url.rstrip("/"), "description": "make local"},),
        authorization_url=authorization,
        token_url=token,
    )


def _custom_domains(view: StackView) -> tuple[dict[str, Any], ...]:
    belongs = f"${{{view.api.address}.id}}"
    servers = []
    for mapping in view.document.of_type("aws_apigatewayv2_api_mapping"):
        if mapping.arguments.get("api_id") != belongs:
            continue
        domain = _domain_name(view, str(mapping.arguments.get("domain_name", "")))
        if domain:
            key = str(mapping.arguments.get("api_mapping_key") or "")
            servers.append({"url": f"https://{domain}/{key}".rstrip("/"), "description": "custom domain"})
    return tuple(sorted(servers, key=lambda server: server["url"]))


def _domain_name(view: StackView, template: str) -> str | None:
    """The mapping's domain: a literal, or the `domain_name` of the `aws_apigatewayv2_domain_name` it refers to."""
    if not expressions(template):
        return template or None
    value = view.document.referenced(template).argument("domain_name")
    return view.resolve(value) if isinstance(value, str) else None


def _execute_api(view: StackView) -> dict[str, Any]:
    belongs = f"${{{view.api.address}.id}}"
    stages = [s for s in view.document.of_type("aws_apigatewayv2_stage") if s.arguments.get("api_id") == belongs]
    names = sorted(str(stage.arguments.get("name")) for stage in stages)
    stage = "$default" if "$default" in names or not names else names[0]
    path = "" if stage == "$default" else f"/{stage}"
    return {
        "url": f"https://{{{API_ID_VARIABLE}}}.execute-api.{view.region}.amazonaws.com{path}",
        "description": f"the {stage} stage's invoke URL (`terraform output invoke_url` once deployed)",
        "variables": {
            API_ID_VARIABLE: {"default": "api-id", "description": "the HTTP API's id, known once it is deployed"}
        },
    }
