"""Where a deployed environment answers: a custom domain (with its mapping key), else the stage's execute-api URL
with the API id as a server variable; the sign-in domain's endpoints."""

from __future__ import annotations

from typing import Any

from modules.openapi.endpoints import deployed_endpoints, local_endpoints
from modules.openapi.stack_view import read_stack
from tests.conftest import as_document
from tests.openapi.test_stack_view import API, stack


def view(**resources: Any) -> Any:
    raw = stack(**resources)
    raw["output"] = {
        "auth_base_url": {
            "value": "https://${aws_cognito_user_pool_domain.this.domain}.auth.${data.aws_region.current.region}"
            ".amazoncognito.com"
        }
    }
    return read_stack(as_document(raw), "dev")


def test_a_named_stage_is_in_the_path() -> None:
    endpoints = deployed_endpoints(view(aws_apigatewayv2_stage={"this": {"api_id": API, "name": "v1"}}))
    (server,) = endpoints.servers
    assert server["url"] == "https://{apiId}.execute-api.eu-west-1.amazonaws.com/v1"
    assert endpoints.authorization_url == "https://demo-auth.auth.eu-west-1.amazoncognito.com/oauth2/authorize"
    assert endpoints.token_url == "https://demo-auth.auth.eu-west-1.amazoncognito.com/oauth2/token"


def test_a_custom_domain_with_a_mapping_key() -> None:
    endpoints = deployed_endpoints(
        view(
            aws_apigatewayv2_domain_name={"api": {"domain_name": "api.example.com"}},
            aws_apigatewayv2_api_mapping={
                "api": {"api_id": API, "domain_name": "${aws_apigatewayv2_domain_name.api.id}", "api_mapping_key": "v2"}
            },
        )
    )
    assert endpoints.servers == ({"url": "https://api.example.com/v2", "description": "custom domain"},)


def test_local_endpoints() -> None:
    endpoints = local_endpoints("http://127.0.0.1:1/", "http://127.0.0.1:2")
    assert endpoints.servers == ({"url": "http://127.0.0.1:1", "description": "make local"},)
    assert (endpoints.authorization_url, endpoints.token_url) == (
        "http://127.0.0.1:2/oauth2/authorize",
        "http://127.0.0.1:2/oauth2/token",
    )
    assert local_endpoints("http://127.0.0.1:1", None).token_url is None
