"""The security scheme follows the clients' OAuth flows and scopes; without a sign-in domain it is a bearer JWT."""

from __future__ import annotations

from modules.openapi.endpoints import Endpoints
from modules.openapi.security import route_security, security_scheme
from modules.openapi.stack_view import read_stack
from tests.conftest import as_document
from tests.openapi.test_stack_view import ROUTES, stack

POOL = "${aws_cognito_user_pool.this.id}"
CLIENTS = {
    "aws_cognito_user_pool_client": {
        "spa": {
            "allowed_oauth_flows_user_pool_client": True,
            "allowed_oauth_flows": ["implicit", "code"],
            "allowed_oauth_scopes": ["openid", "demo/read"],
        },
        "off": {"allowed_oauth_flows": ["client_credentials"], "allowed_oauth_scopes": ["demo/write"]},
    },
    "aws_cognito_resource_server": {
        "this": {"identifier": "demo", "scope": [{"scope_name": "read", "scope_description": "Read it"}]}
    },
}
ENDPOINTS = Endpoints(servers=(), authorization_url="https://a/oauth2/authorize", token_url="https://a/oauth2/token")


def test_flows_of_the_clients_with_their_scopes() -> None:
    scheme = security_scheme(read_stack(as_document(stack(**CLIENTS)), "dev"), ENDPOINTS)
    scopes = {"demo/read": "Read it", "openid": "OpenID Connect: an ID token"}
    assert scheme["flows"] == {
        "authorizationCode": {
            "authorizationUrl": "https://a/oauth2/authorize",
            "tokenUrl": "https://a/oauth2/token",
            "scopes": scopes,
        },
        "implicit": {"authorizationUrl": "https://a/oauth2/authorize", "scopes": scopes},
    }  # the client without OAuth enabled adds no flow


def test_without_a_sign_in_domain_a_bearer_jwt() -> None:
    view = read_stack(as_document(stack(**CLIENTS)), "dev")
    scheme = security_scheme(view, Endpoints(servers=(), authorization_url=None, token_url=None))
    assert (scheme["type"], scheme["scheme"], scheme["bearerFormat"]) == ("http", "bearer", "JWT")


def test_route_security() -> None:
    routes = {r.route_key: r for r in read_stack(as_document(stack(**ROUTES)), "dev").routes}
    assert route_security(routes["GET /a"]) == [{"cognito": ["demo/read"]}]
    assert route_security(routes["GET /b"]) == []
