"""The sign-in domain's server: one log line per request that never holds a secret, code or state; a clean stop."""

from __future__ import annotations

import pytest
import requests

from modules.local.oauth.server import SignInDomainServer
from tests.local.oauth.conftest import OAuthPool
from tests.local.oauth.flows import TIMEOUT, code_for, exchange, machine_token


def test_request_lines_name_method_path_and_status_only(pool: OAuthPool, capfd: pytest.CaptureFixture[str]) -> None:
    code, verifier, params = code_for(pool)
    body = exchange(pool, code, verifier).json()
    machine = machine_token(pool).json()
    log = capfd.readouterr().err
    lines = [line for line in log.splitlines() if line.startswith("oauth: ")]
    assert lines == [
        "oauth: GET /oauth2/authorize 302",
        "oauth: POST /login 302",
        "oauth: POST /oauth2/token 200",
        "oauth: POST /oauth2/token 200",
    ]
    secret = pool.client("service").secret
    assert secret is not None
    for private in (secret, pool.password, code, verifier, params["state"], params["code_challenge"]):
        assert private not in log
    for token in (body["access_token"], body["refresh_token"], machine["access_token"]):
        assert token not in log


def test_a_stopped_domain_refuses_connections(pool: OAuthPool) -> None:
    server = SignInDomainServer.for_pool(pool.cognito, pool.pool_id, pool.issuer).start()
    url = server.url
    assert requests.get(f"{url}/.well-known/openid-configuration", timeout=TIMEOUT).status_code == 200
    server.stop()
    server.stop()  # twice is fine
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{url}/.well-known/openid-configuration", timeout=TIMEOUT)
