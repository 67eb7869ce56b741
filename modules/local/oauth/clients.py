"""App clients as the embedded Cognito holds them, in the shape Authlib's server asks for (`ClientMixin`).

Every token or authorization request reads the client afresh with DescribeUserPoolClient: its secret, OAuth
flows, scopes, callback and logout URLs and token validities are what the synthesized
`aws_cognito_user_pool_client.<name>` created there, never a second copy.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from authlib.oauth2.rfc6749 import ClientMixin  # type: ignore[import-untyped]
from authlib.oauth2.rfc6749.util import scope_to_list  # type: ignore[import-untyped]
from botocore.exceptions import ClientError  # type: ignore[import-untyped]

#: The pool's own users in `SupportedIdentityProviders`.
COGNITO = "COGNITO"
#: Seconds per Cognito token validity unit.
UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
#: Cognito's validities when a client sets none: access and id tokens 1 hour, refresh tokens 30 days.
DEFAULT_SECONDS = {"AccessToken": 3600, "IdToken": 3600, "RefreshToken": 30 * 86400}
#: Cognito's units when a client sets a validity without a unit.
DEFAULT_UNITS = {"AccessToken": "hours", "IdToken": "hours", "RefreshToken": "days"}
#: The OAuth grant type each of Cognito's `AllowedOAuthFlows` enables at the token endpoint (refresh tokens are
#: issued by the code flow only).
GRANTS_BY_FLOW = {"code": ("authorization_code", "refresh_token"), "client_credentials": ("client_credentials",)}


@dataclass(frozen=True)
class AppClient(ClientMixin):  # type: ignore[misc]
    """One app client of the pool, as DescribeUserPoolClient returns it."""

    client_id: str
    name: str
    secret: str | None
    oauth_flows: tuple[str, ...]
    scopes: tuple[str, ...]
    callback_urls: tuple[str, ...]
    logout_urls: tuple[str, ...]
    default_redirect_uri: str | None
    validity_seconds: Mapping[str, int]
    #: `SupportedIdentityProviders` other than `COGNITO`: the external providers its users may sign in with.
    identity_providers: tuple[str, ...] = ()

    @classmethod
    def from_description(cls, described: Mapping[str, Any]) -> AppClient:
        """From DescribeUserPoolClient's `UserPoolClient`. OAuth flows count only when the client enables them."""
        enabled = bool(described.get("AllowedOAuthFlowsUserPoolClient"))
        units = {**DEFAULT_UNITS, **described.get("TokenValidityUnits", {})}
        validity = {
            kind: int(described[f"{kind}Validity"]) * UNIT_SECONDS[units[kind]]
            if f"{kind}Validity" in described
            else default
            for kind, default in DEFAULT_SECONDS.items()
        }
        return cls(
            client_id=str(described["ClientId"]),
            name=str(described.get("ClientName", "")),
            secret=described.get("ClientSecret"),
            oauth_flows=tuple(described.get("AllowedOAuthFlows", ())) if enabled else (),
            scopes=tuple(described.get("AllowedOAuthScopes", ())) if enabled else (),
            callback_urls=tuple(described.get("CallbackURLs", ())),
            logout_urls=tuple(described.get("LogoutURLs", ())),
            default_redirect_uri=described.get("DefaultRedirectURI"),
            validity_seconds=validity,
            identity_providers=tuple(
                name for name in described.get("SupportedIdentityProviders", ()) if name != COGNITO
            ),
        )

    def get_client_id(self) -> str:
        """The client id."""
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        """`DefaultRedirectURI`, if the client has one."""
        return self.default_redirect_uri

    def get_allowed_scope(self, scope: str | None) -> str | None:
        """The scope granted for a request: the requested scopes when the client may have them all (None
        otherwise: `invalid_scope`), every allowed scope when none is requested, as Cognito grants."""
        requested = scope_to_list(scope) or list(self.scopes)
        if not requested or not set(requested) <= set(self.scopes):
            return None
        return " ".join(requested)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        """Exactly one of the client's callback URLs."""
        return redirect_uri in self.callback_urls

    def check_client_secret(self, client_secret: str) -> bool:
        """The client's secret, compared in constant time (a client without a secret matches nothing)."""
        return self.secret is not None and hmac.compare_digest(self.secret.encode(), client_secret.encode())

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:  # noqa: ARG002
        """A client with a secret authenticates with it (HTTP Basic or in the body); one without, by its id."""
        if self.secret is not None:
            return method in ("client_secret_basic", "client_secret_post")
        return method == "none"

    def check_response_type(self, response_type: str) -> bool:
        """`code` for a client with the code flow."""
        return response_type == "code" and "code" in self.oauth_flows

    def check_grant_type(self, grant_type: str) -> bool:
        """A grant type one of the client's OAuth flows enables."""
        return any(grant_type in GRANTS_BY_FLOW.get(flow, ()) for flow in self.oauth_flows)


class PoolClients:
    """The app clients of one user pool in the embedded Cognito, read at each lookup."""

    def __init__(self, api: Any, pool_id: str) -> None:
        self.api = api
        self.pool_id = pool_id

    def find(self, client_id: str) -> AppClient | None:
        """The client with this id in this pool, or None (unknown id, or a client of another pool)."""
        try:
            described = self.api.describe_user_pool_client(UserPoolId=self.pool_id, ClientId=client_id)
        except ClientError:
            return None
        return AppClient.from_description(described["UserPoolClient"])

    def credentials(self, client_ids: Mapping[str, str]) -> dict[str, dict[str, str | None]]:
        """`{name: {"client_id": ..., "client_secret": ... or None}}` of this pool's clients among `client_ids`
        (Terraform address → id, as `Deployment.client_ids`), named as the stack names them
        (`aws_cognito_user_pool_client.web` → `web`)."""
        found: dict[str, dict[str, str | None]] = {}
        for address, client_id in sorted(client_ids.items()):
            client = self.find(client_id)
            if client is not None:
                found[address.partition(".")[2]] = {"client_id": client.client_id, "client_secret": client.secret}
        return found
