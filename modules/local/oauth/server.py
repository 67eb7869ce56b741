"""The local sign-in domain of one user pool, built from the embedded Cognito and served on 127.0.0.1.

`SignInDomainServer.for_pool(cognito, pool_id, issuer)` wires it up: clients and users read from that pool,
tokens signed with the embedded Cognito's key for `issuer`. `retarget()` serves another pool on the same port
(`make local WATCH=1` after the pool was replaced). One line per request goes to stderr,
`oauth: POST /oauth2/token 200`, without the query string (codes, states and challenges stay out of logs; secrets
only ever travel in headers and bodies, which are never logged).
"""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from modules.local.cognito import EmbeddedCognito
from modules.local.oauth.authorization_server import CognitoAuthorizationServer
from modules.local.oauth.clients import PoolClients
from modules.local.oauth.domain import SignInDomain
from modules.local.oauth.signing import SigningKey
from modules.local.oauth.store import ExpiringStore
from modules.local.oauth.tokens import TokenIssuer
from modules.local.oauth.userinfo import UserInfoEndpoint
from modules.local.oauth.users import PoolUsers
from modules.local.server import listen

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

POLL_SECONDS = 0.05
STOP_TIMEOUT_SECONDS = 30.0


class RequestLog(WSGIRequestHandler):
    """`oauth: GET /oauth2/authorize 302` on stderr: method, path without its query, status."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:  # noqa: ARG002
        path = self.path.split("?", 1)[0]
        print(f"oauth: {self.command} {path} {code}", file=sys.stderr, flush=True)


def sign_in_domain(cognito: EmbeddedCognito, pool_id: str, issuer: str) -> SignInDomain:
    """The WSGI application standing in for the sign-in domain of `pool_id` in `cognito`."""
    api = cognito.client()
    key = SigningKey()
    users = PoolUsers(api, pool_id)
    authorization = CognitoAuthorizationServer(
        PoolClients(api, pool_id), users, TokenIssuer(key, issuer, ExpiringStore())
    )
    userinfo = UserInfoEndpoint(key, issuer, users)
    return SignInDomain(authorization, userinfo, issuer=issuer, jwks_uri=cognito.jwks_uri(issuer))


class SignInDomainServer:
    """Serves a `SignInDomain` on 127.0.0.1 from a background thread (`listener` from `listen()`, else `port`)."""

    def __init__(self, app: SignInDomain, port: int = 0, *, listener: socket.socket | None = None) -> None:
        self.app = app
        listener = listener if listener is not None else listen(port)
        try:
            bound = listener.getsockname()[1]
            self._server: BaseWSGIServer = make_server(
                "127.0.0.1", bound, self._dispatch, threaded=True, request_handler=RequestLog, fd=listener.fileno()
            )
        finally:
            listener.close()  # werkzeug serves a duplicate of the descriptor
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": POLL_SECONDS}, name="sign-in", daemon=True
        )

    @classmethod
    def for_pool(cls, cognito: EmbeddedCognito, pool_id: str, issuer: str, port: int = 0) -> SignInDomainServer:
        """A server (not started yet) for the sign-in domain of `pool_id`."""
        return cls(sign_in_domain(cognito, pool_id, issuer), port)

    def retarget(self, cognito: EmbeddedCognito, pool_id: str, issuer: str) -> None:
        """Serve the sign-in domain of another pool from the next request on (its sessions and codes start empty)."""
        self.app = sign_in_domain(cognito, pool_id, issuer)

    def _dispatch(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Each request goes to the domain that is current when it arrives."""
        return self.app(environ, start_response)

    @property
    def url(self) -> str:
        """`http://127.0.0.1:<port>`: the stand-in for `https://<prefix>.auth.<region>.amazoncognito.com`."""
        return f"http://127.0.0.1:{self._server.port}"

    def start(self) -> SignInDomainServer:
        """Start serving in the background; returns self."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and wait (bounded) for the thread."""
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join(timeout=STOP_TIMEOUT_SECONDS)
        self._server.server_close()

    def __enter__(self) -> SignInDomainServer:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()
