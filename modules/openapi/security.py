"""The document's security, derived like the JWT authorizer: one OAuth 2.0 scheme for the pool's sign-in domain.

Its flows are those the pool's app clients are allowed (`code` → authorizationCode, `implicit`,
`client_credentials` → clientCredentials), each with the scopes those clients may ask for: the resource
server's `<identifier>/<scope>` and the OpenID ones. A route behind the authorizer requires the scheme; with
`authorization_scopes` the token must carry at least one of them ("Control access to HTTP APIs with JWT
authorizers", https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html),
which OpenAPI says as one alternative per scope. A public route carries `security: []`. Without a sign-in
domain the scheme is a plain bearer JWT.
"""

from __future__ import annotations

from typing import Any

from modules.openapi.endpoints import Endpoints
from modules.openapi.stack_view import RouteView, StackView

SCHEME = "cognito"
#: OpenAPI's flow for each Cognito OAuth flow of an app client.
FLOWS = {"code": "authorizationCode", "implicit": "implicit", "client_credentials": "clientCredentials"}
#: What Cognito's own scopes grant ("Scopes, M2M, and resource servers",
#: https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html).
STANDARD_SCOPES = {
    "openid": "OpenID Connect: an ID token",
    "email": "the user's email address (with openid)",
    "phone": "the user's phone number (with openid)",
    "profile": "the user's attributes the client may read (with openid)",
    "aws.cognito.signin.user.admin": "Cognito's user pool API for the user's own attributes",
}


def security_scheme(view: StackView, endpoints: Endpoints) -> dict[str, Any]:
    """The one security scheme of the document."""
    issuers = ", ".join(view.readable(issuer) for issuer in view.jwt_issuers()) or "none"
    note = (
        f"Access tokens of the user pool, checked by the API's JWT authorizer: issuer {issuers} "
        "(`terraform output issuer_url`), audience the app clients' ids (`terraform output client_ids`). "
        "Routes with scopes need a token carrying one of them."
    )
    if endpoints.authorization_url is None or endpoints.token_url is None:
        return {"type": "http", "scheme": "bearer", "bearerFormat": "JWT", "description": note}
    descriptions = {**STANDARD_SCOPES, **dict(view.resource_scopes)}
    flows: dict[str, Any] = {}
    for cognito_flow, flow in FLOWS.items():
        clients = [client for client in view.clients if cognito_flow in client.flows]
        if not clients:
            continue
        scopes = sorted({scope for client in clients for scope in client.scopes})
        body: dict[str, Any] = {}
        if flow in ("authorizationCode", "implicit"):
            body["authorizationUrl"] = endpoints.authorization_url
        if flow in ("authorizationCode", "clientCredentials"):
            body["tokenUrl"] = endpoints.token_url
        body["scopes"] = {scope: descriptions.get(scope, scope) for scope in scopes}
        flows[flow] = body
    if not flows:
        return {"type": "http", "scheme": "bearer", "bearerFormat": "JWT", "description": note}
    return {"type": "oauth2", "description": note, "flows": flows}


def route_security(route: RouteView) -> list[dict[str, list[str]]]:
    """The `security` of one operation: [] when public, the scheme, or one alternative per accepted scope."""
    if not route.jwt:
        return []
    if not route.scopes:
        return [{SCHEME: []}]
    return [{SCHEME: [scope]} for scope in sorted(route.scopes)]
