"""Fixtures of the sign-in domain tests: a real embedded Cognito with a pool made here, its domain, a callback page.

The pool is shaped like the synthesized ones: email usernames, a resource server `api` with `reports.read`, and
app clients of each kind (`service`: secret + client_credentials; `web`: no secret, code flow with PKCE and the
password flow; `confidential`: secret + code flow; `password`: the password flow only). A confirmed user is
signed up through Cognito itself. `federated` is `make local` of a real synth with an OIDC and a SAML identity
provider. Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import queue
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from modules.local.api_reader import load_description
from modules.local.cognito import EmbeddedCognito
from modules.local.environment import LocalEnvironment, LocalInfo
from modules.local.oauth.server import SignInDomainServer
from tests.conftest import CONFIG, run_main

REGION = "eu-west-1"
SCOPE = "api/reports.read"
CODE_FLOW = {"AllowedOAuthFlowsUserPoolClient": True, "AllowedOAuthFlows": ["code"]}
USER_FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


@dataclass(frozen=True)
class Client:
    """An app client made in the test pool."""

    client_id: str
    secret: str | None


@dataclass(frozen=True)
class OAuthPool:
    """The pool, its clients and user, and the URLs of its local sign-in domain and of the callback page."""

    cognito: EmbeddedCognito
    api: Any
    pool_id: str
    issuer: str
    clients: dict[str, Client]
    email: str
    password: str
    domain_url: str
    callback_url: str
    logout_url: str

    def client(self, name: str) -> Client:
        return self.clients[name]


@dataclass
class CallbackPage:
    """A page on 127.0.0.1 standing in for a web app's callback: it keeps the query of every visit."""

    url: str
    visits: queue.Queue[dict[str, str]]

    def next_visit(self, timeout: float = 30) -> dict[str, str]:
        """The query of the next visit (bounded wait)."""
        return self.visits.get(timeout=timeout)


@pytest.fixture(scope="session")
def callback_page() -> Iterator[CallbackPage]:
    """`http://localhost:<port>/callback`, served on 127.0.0.1; it shows and records what it was called with."""
    visits: queue.Queue[dict[str, str]] = queue.Queue()

    @Request.application
    def app(request: Request) -> Response:
        if request.path == "/callback":
            visits.put(dict(request.args))
            return Response(f"<p id='code'>{request.args.get('code', '')}</p>", content_type="text/html")
        return Response("<p id='signed-out'>signed out</p>", content_type="text/html")

    server = make_server("127.0.0.1", 0, app, threaded=True)
    page = CallbackPage(f"http://localhost:{server.server_port}/callback", visits)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield page
    server.shutdown()
    thread.join(timeout=30)
    server.server_close()


@pytest.fixture(scope="session")
def pool(callback_page: CallbackPage) -> Iterator[OAuthPool]:
    """The test pool in a real embedded Cognito, with its sign-in domain served."""
    with EmbeddedCognito(REGION) as cognito:
        api = cognito.client()
        pool_id = api.create_user_pool(
            PoolName="oauth-test", UsernameAttributes=["email"], AutoVerifiedAttributes=["email"]
        )["UserPool"]["Id"]
        api.create_resource_server(
            UserPoolId=pool_id,
            Identifier="api",
            Name="api",
            Scopes=[{"ScopeName": "reports.read", "ScopeDescription": "read reports"}],
        )
        logout_url = callback_page.url.replace("/callback", "/")
        web = {"CallbackURLs": [callback_page.url], "LogoutURLs": [logout_url], **CODE_FLOW}
        specs: dict[str, dict[str, Any]] = {
            "service": {
                "GenerateSecret": True,
                "AllowedOAuthFlowsUserPoolClient": True,
                "AllowedOAuthFlows": ["client_credentials"],
                "AllowedOAuthScopes": [SCOPE],
                "AccessTokenValidity": 30,
                "TokenValidityUnits": {"AccessToken": "minutes"},
            },
            "web": {**web, "AllowedOAuthScopes": ["openid", "email", SCOPE], "ExplicitAuthFlows": USER_FLOWS},
            "confidential": {**web, "GenerateSecret": True, "AllowedOAuthScopes": ["openid", SCOPE]},
            "password": {"ExplicitAuthFlows": USER_FLOWS},
        }
        clients = {}
        for name, spec in specs.items():
            made = api.create_user_pool_client(UserPoolId=pool_id, ClientName=name, **spec)["UserPoolClient"]
            clients[name] = Client(made["ClientId"], made.get("ClientSecret"))
        email, password = "user@example.com", f"Pw-{secrets.token_hex(8)}-Aa1!"
        attributes = [{"Name": "email", "Value": email}]
        api.sign_up(ClientId=clients["web"].client_id, Username=email, Password=password, UserAttributes=attributes)
        api.admin_confirm_sign_up(UserPoolId=pool_id, Username=email)
        issuer = f"https://cognito-idp.{REGION}.amazonaws.com/{pool_id}"
        with SignInDomainServer.for_pool(cognito, pool_id, issuer) as domain:
            yield OAuthPool(
                cognito, api, pool_id, issuer, clients, email, password, domain.url, callback_page.url, logout_url
            )


#: Three identity providers for the federation tests: `corp` (OIDC) and Google, both played by the stand-in, and
#: `partner` (SAML).
PROVIDERS_CONFIG = """
[defaults.identity_providers.corp]
issuer = "https://login.example.com/tenant"
client_id = "cognito-pool"
client_secret_ssm = "/corp/oidc/client-secret"

[defaults.identity_providers.google]
kind = "google"
client_id = "123-abc.apps.googleusercontent.com"
client_secret_ssm = "/corp/google/client-secret"

[defaults.identity_providers.partner]
kind = "saml"
metadata_url = "https://partner.example.com/saml/metadata.xml"
"""


@dataclass(frozen=True)
class FederatedStack:
    """`make local` for dev of the committed config with `PROVIDERS_CONFIG`, the web client returning to the
    callback page: its info line, the running environment and a boto3 client of its embedded Cognito."""

    info: LocalInfo
    local: LocalEnvironment
    api: Any

    @property
    def web_client_id(self) -> str:
        return str(self.info.clients["web"]["client_id"])


@contextmanager
def dev_served(base: Path, callback_url: str, extra_config: str = "") -> Iterator[tuple[LocalEnvironment, LocalInfo]]:
    """`make local` for dev (the environment and its info line), synthesized in `base` from the committed config
    plus `extra_config`, the web client returning to `callback_url`."""
    text = CONFIG.read_text(encoding="utf-8") + extra_config
    text += f'\n[environments.dev.clients.web]\ncallback_urls = ["{callback_url}"]\n'
    config = base / "environments.toml"
    config.write_text(text, encoding="utf-8")
    result = run_main(base / "cdktf.out", config)
    assert result.returncode == 0, result.stderr
    local = LocalEnvironment(load_description(base / "cdktf.out" / "stacks" / "dev" / "cdk.tf.json"))
    with local as info:
        yield local, info


@pytest.fixture(scope="module")
def federated(callback_page: CallbackPage, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FederatedStack]:
    """The federated stack, synthesized once per test module and served for it."""
    with dev_served(tmp_path_factory.mktemp("federated"), callback_page.url, PROVIDERS_CONFIG) as (local, info):
        yield FederatedStack(info, local, local.cognito.client())
