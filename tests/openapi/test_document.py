"""The documents of the committed config and of a config with every route shape: valid OpenAPI 3.0, every route
once with its security, scopes, parameters, declared schemas and the gateway's own answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate

from modules.openapi.output import environment_document
from tests.conftest import ENVIRONMENTS
from tests.openapi.conftest import VERSION

SCOPE = "cognito-http-api/reports.read"


def operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(path, method): op for path, item in document["paths"].items() for method, op in item.items()}


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_every_document_is_valid_openapi_3_0(documents: dict[str, dict[str, Any]], env: str) -> None:
    validate(documents[env])
    assert documents[env]["openapi"] == "3.0.3"
    assert documents[env]["info"] == {
        "title": f"cognito-http-api-{env}",
        "version": VERSION,
        "description": f"The HTTP API of environment {env}, from its synthesized stack.",
    }


def test_every_route_is_one_operation_named_by_its_route(documents: dict[str, dict[str, Any]]) -> None:
    for document in documents.values():
        found = {key: op["operationId"] for key, op in operations(document).items()}
        assert found == {
            ("/", "get"): "get_root",
            ("/example", "get"): "get_example",
            ("/health", "get"): "get_health",
            ("/reports", "get"): "get_reports",
        }


def test_security_follows_the_authorizer(documents: dict[str, dict[str, Any]]) -> None:
    assert documents["dev"]["security"] == [{"cognito": []}]
    found = {path: op["security"] for (path, _), op in operations(documents["dev"]).items()}
    assert found == {
        "/": [{"cognito": []}],
        "/example": [{"cognito": []}],
        "/health": [],
        "/reports": [{"cognito": [SCOPE]}],
    }


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_the_oauth_scheme_names_the_sign_in_domain_and_the_clients_scopes(
    documents: dict[str, dict[str, Any]], env: str
) -> None:
    scheme = documents[env]["components"]["securitySchemes"]["cognito"]
    base = f"https://example-http-api-{env}.auth.eu-west-1.amazoncognito.com/oauth2"
    assert scheme["type"] == "oauth2"
    assert scheme["flows"] == {
        "authorizationCode": {
            "authorizationUrl": f"{base}/authorize",
            "tokenUrl": f"{base}/token",
            "scopes": {
                SCOPE: "Grants the reports.read scope",
                "email": "the user's email address (with openid)",
                "openid": "OpenID Connect: an ID token",
            },
        },
        "clientCredentials": {"tokenUrl": f"{base}/token", "scopes": {SCOPE: "Grants the reports.read scope"}},
    }
    assert scheme["description"].startswith(
        "Access tokens of the user pool, checked by the API's JWT authorizer: issuer "
        "https://cognito-idp.eu-west-1.amazonaws.com/<user pool id> (`terraform output issuer_url`)"
    )


def test_responses_are_the_functions_and_the_gateways(documents: dict[str, dict[str, Any]]) -> None:
    ops = operations(documents["dev"])
    assert list(ops[("/reports", "get")]["responses"]) == ["200", "401", "403", "429", "500"]
    assert ops[("/reports", "get")]["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Report"
    }
    assert list(ops[("/health", "get")]["responses"]) == ["200", "429", "500"]
    assert list(ops[("/", "get")]["responses"]) == ["401", "429", "500", "502", "503", "504", "default"]
    assert sorted(documents["dev"]["components"]["schemas"]) == ["Example", "Report"]


def test_the_gateways_answers_have_their_exact_bodies(documents: dict[str, dict[str, Any]]) -> None:
    responses = documents["dev"]["components"]["responses"]
    assert responses["Unauthorized"]["content"]["application/json"]["example"] == {"message": "Unauthorized"}
    assert responses["Unauthorized"]["headers"]["www-authenticate"]["schema"]["pattern"] == "^Bearer "
    assert responses["TooManyRequests"]["content"]["application/json"]["schema"]["properties"]["message"] == {
        "type": "string",
        "enum": ["Too Many Requests"],
    }
    assert "headers" not in responses["NotFound"]


def test_cors_and_servers(documents: dict[str, dict[str, Any]]) -> None:
    assert documents["dev"]["x-amazon-apigateway-cors"] == {
        "allowOrigins": ["http://localhost:3000"],
        "allowMethods": ["GET", "OPTIONS", "POST"],
        "allowHeaders": ["authorization", "content-type"],
        "allowCredentials": False,
        "maxAge": 300,
    }
    assert "x-amazon-apigateway-cors" not in documents["staging"]
    (server,) = documents["prod"]["servers"]
    assert server["url"] == "https://{apiId}.execute-api.eu-west-1.amazonaws.com"
    assert server["variables"]["apiId"]["default"] == "api-id"


@pytest.fixture(scope="module")
def shapes(shapes_dir: Path) -> dict[str, Any]:
    return environment_document(shapes_dir, "shapes", VERSION)


def test_every_route_shape(shapes: dict[str, Any]) -> None:
    validate(shapes)
    ops = operations(shapes)
    assert sorted(ops) == [
        ("/$default", "x-amazon-apigateway-any-method"),
        ("/files/{proxy+}", "x-amazon-apigateway-any-method"),
        ("/items/{id}", "get"),
        ("/orders", "post"),
    ]
    assert ops[("/items/{id}", "get")]["parameters"] == [
        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    ]
    assert ops[("/files/{proxy+}", "x-amazon-apigateway-any-method")]["parameters"][0]["name"] == "proxy+"
    assert "404" in ops[("/items/{id}", "get")]["responses"]
    assert ops[("/files/{proxy+}", "x-amazon-apigateway-any-method")]["security"] == []


def test_the_functions_declarations_are_merged_by_route_key(shapes: dict[str, Any]) -> None:
    orders = operations(shapes)[("/orders", "post")]
    assert orders["summary"] == "Order something"  # the config's, before the function's "Place an order"
    assert orders["description"] == "Needs orders.write or orders.admin."
    assert orders["parameters"] == [{"name": "dry_run", "in": "query", "schema": {"type": "boolean"}}]
    assert orders["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Order"}
    assert list(orders["responses"]) == ["201", "401", "403", "429", "500"]
    assert shapes["components"]["schemas"] == {
        "Order": {"type": "object", "required": ["item"], "properties": {"item": {"type": "string"}}}
    }
    items = operations(shapes)[("/items/{id}", "get")]
    assert (items["summary"], items["description"]) == ("One item", "The item named by its **id**.")
    default = operations(shapes)[("/$default", "x-amazon-apigateway-any-method")]
    assert (default["summary"], default["isDefaultRoute"]) == ("$default", True)
    assert items["responses"]["default"] == {"description": "the answer of function shapes (it declares none)"}


def test_several_scopes_are_alternatives(shapes: dict[str, Any]) -> None:
    security = operations(shapes)[("/orders", "post")]["security"]
    assert security == [{"cognito": ["demo-api/orders.admin"]}, {"cognito": ["demo-api/orders.write"]}]


def test_a_custom_domain_is_the_server(shapes: dict[str, Any]) -> None:
    assert shapes["servers"] == [{"url": "https://api.example.com", "description": "custom domain"}]
    assert shapes["components"]["securitySchemes"]["cognito"]["flows"]["clientCredentials"]["tokenUrl"] == (
        "https://demo-api-shapes.auth.us-east-1.amazoncognito.com/oauth2/token"
    )
