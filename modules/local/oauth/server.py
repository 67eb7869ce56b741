"""The local sign-in domain of one user pool, built from the embedded Cognito and served on 127.0.0.1.

`SignInDomainServer.for_pool(cognito, pool_id, issuer)` wires it up: clients and users read from that pool,
tokens signed with the embedded Cognito's key for `issuer`. `retarget()` serves another pool on the same port
(`make local WATCH=1` after the pool was replaced). One line per request goes to stderr,
`oauth: POST /oauth2/token 200`, without the query string (codes, states and challenges stay out of logs; secrets
only ever travel in headers and bodies, which are never logged).
"""

from __future__ import annotations

import socket
from collections.abc import Iterable
from typing import TYPE_CHECKING

from modules.local.background_server import BackgroundServer
from modules.local.cognito import EmbeddedCognito
from modules.local.oauth.authorization_server import CognitoAuthorizationServer
from modules.local.oauth.clients import PoolClients
from modules.local.oauth.domain import SignInDomain
from modules.local.oauth.federated_users import FederatedUsers
from modules.local.oauth.federation import Federation
from modules.local.oauth.providers import PoolProviders
from modules.local.oauth.signing import SigningKey
from modules.local.oauth.store import ExpiringStore
from modules.local.oauth.tokens import TokenIssuer
from modules.local.oauth.userinfo import UserInfoEndpoint
from modules.local.oauth.users import PoolUsers

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment


def sign_in_domain(cognito: EmbeddedCognito, pool_id: str, issuer: str) -> SignInDomain:
    """The WSGI application standing in for the sign-in domain of `pool_id` in `cognito`."""
    api = cognito.client()
    key = SigningKey()
    users = PoolUsers(api, pool_id)
    authorization = CognitoAuthorizationServer(
        PoolClients(api, pool_id), users, TokenIssuer(key, issuer, ExpiringStore())
    )
    userinfo = UserInfoEndpoint(key, issuer, users)
    federation = Federation(PoolProviders(api, pool_id), FederatedUsers(cognito, users))
    return SignInDomain(authorization, userinfo, federation, issuer=issuer, jwks_uri=cognito.jwks_uri(issuer))


class SignInDomainServer(BackgroundServer):
    """Serves a `SignInDomain` on 127.0.0.1 from a background thread (`listener` from `listen()`, else `port`);
    `url` stands in for `https://<prefix>.auth.<region>.amazoncognito.com`."""

    def __init__(self, app: SignInDomain, port: int = 0, *, listener: socket.socket | None = None) -> None:
        self.app = app
        super().__init__(
            self._dispatch, name="sign-in", log_prefix="oauth", log_query=False, port=port, listener=listener
        )

    @classmethod
    def for_pool(
        cls,
        cognito: EmbeddedCognito,
        pool_id: str,
        issuer: str,
        port: int = 0,
        *,
        listener: socket.socket | None = None,
    ) -> SignInDomainServer:
        """A server (not started yet) for the sign-in domain of `pool_id`, on `listener` when given."""
        return cls(sign_in_domain(cognito, pool_id, issuer), port, listener=listener)

    def retarget(self, cognito: EmbeddedCognito, pool_id: str, issuer: str) -> None:
        """Serve the sign-in domain of another pool from the next request on (its sessions and codes start empty)."""
        self.app = sign_in_domain(cognito, pool_id, issuer)

    def _dispatch(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Each request goes to the domain that is current when it arrives."""
        return self.app(environ, start_response)
