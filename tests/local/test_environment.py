"""A whole environment started and stopped in-process, and the info line it produces."""

from __future__ import annotations

import dataclasses
import json
import socket
from pathlib import Path

import pytest
import requests

from modules.errors import EmulatorError
from modules.local.api_reader import load_description
from modules.local.environment import LocalEnvironment, LocalInfo
from tests.conftest import ENVIRONMENTS

KEYS = [
    "api_url", "cognito_endpoint", "region", "user_pool_id", "client_id", "issuer", "oauth_base_url", "clients",
    "metrics_url", "docs_url", "idp_url", "idp_users",
]  # fmt: skip


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_an_environment_serves_its_api_and_cognito_then_stops(synth_dir: Path, environment: str) -> None:
    description = load_description(synth_dir / "stacks" / environment / "cdk.tf.json")
    local = LocalEnvironment(description)
    info = local.start()
    try:
        assert list(json.loads(info.to_json())) == KEYS
        assert info.region == "eu-west-1"
        assert info.issuer == f"https://cognito-idp.eu-west-1.amazonaws.com/{info.user_pool_id}"
        assert info.api_url.startswith("http://127.0.0.1:")
        assert info.cognito_endpoint.startswith("http://127.0.0.1:")
        assert requests.get(info.api_url + "/health", timeout=30).json() == {"a": "b"}
        discovery = requests.get(
            f"{info.cognito_endpoint}/{info.user_pool_id}/.well-known/openid-configuration", timeout=30
        )
        assert discovery.json()["issuer"] == info.issuer
        client = local.cognito.client().describe_user_pool_client(UserPoolId=info.user_pool_id, ClientId=info.client_id)
        assert client["UserPoolClient"]["ClientName"] == f"cognito-http-api-{environment}-web"  # interactive
        assert "ClientSecret" not in client["UserPoolClient"]
        # the local sign-in domain and the clients' credentials (modules/local/oauth/)
        assert info.oauth_base_url is not None
        assert info.oauth_base_url.startswith("http://127.0.0.1:")
        assert (info.idp_url, info.idp_users) == (None, ())  # no OIDC provider in the committed config
        assert sorted(info.clients) == ["service", "web"]
        assert info.clients["web"] == {"client_id": info.client_id, "client_secret": None}
        service = local.cognito.client().describe_user_pool_client(
            UserPoolId=info.user_pool_id, ClientId=info.clients["service"]["client_id"]
        )
        assert info.clients["service"]["client_secret"] == service["UserPoolClient"]["ClientSecret"]
        metadata = requests.get(f"{info.oauth_base_url}/.well-known/openid-configuration", timeout=30).json()
        assert metadata["token_endpoint"] == f"{info.oauth_base_url}/oauth2/token"
        # what the alarms would see: the /health request above, on its route and on the whole API
        assert info.metrics_url is not None
        counts = requests.get(info.metrics_url, timeout=30).json()
        assert counts["routes"]["GET /health"]["requests"] == 1
        assert counts["routes"]["(api)"]["requests"] == 1
        assert counts["functions"][f"cognito-http-api-{environment}-example"]["invocations"] == 1
    finally:
        local.stop()
    local.stop()  # twice is fine
    assert info.docs_url is not None
    for url in (info.api_url, info.cognito_endpoint, info.oauth_base_url, info.metrics_url, info.docs_url):
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", int(url.rsplit(":", 1)[1]))) != 0


def test_the_info_line_round_trips_and_rejects_other_lines() -> None:
    info = LocalInfo("http://127.0.0.1:1", "http://127.0.0.1:2", "eu-west-1", "eu-west-1_x", "c", "https://i")
    assert LocalInfo.from_json(info.to_json()) == info
    clients = {"web": {"client_id": "c", "client_secret": None}, "service": {"client_id": "s", "client_secret": "x"}}
    with_oauth = dataclasses.replace(info, oauth_base_url="http://127.0.0.1:3", clients=clients)
    assert LocalInfo.from_json(with_oauth.to_json()) == with_oauth
    line = json.loads(with_oauth.to_json())
    with_urls = dataclasses.replace(with_oauth, metrics_url="http://127.0.0.1:4", docs_url="http://127.0.0.1:5")
    assert LocalInfo.from_json(with_urls.to_json()) == with_urls
    alice = {"username": "alice", "password": "p", "email": "alice@example.com", "sub": "s"}
    with_idp = dataclasses.replace(with_urls, idp_url="http://127.0.0.1:6", idp_users=(alice,))
    assert LocalInfo.from_json(with_idp.to_json()) == with_idp
    wrongs = ({"clients": ["web"]}, {"oauth_base_url": 3}, {"metrics_url": 4}, {"docs_url": 4}, {"idp_url": 6})
    for wrong in (*wrongs, {"idp_users": ["alice"]}):
        with pytest.raises(EmulatorError, match="not a `make local` info line"):
            LocalInfo.from_json(json.dumps({**line, **wrong}))
    with pytest.raises(EmulatorError, match="not a `make local` info line"):
        LocalInfo.from_json("Starting a server...")
    with pytest.raises(EmulatorError, match="not a `make local` info line"):
        LocalInfo.from_json('{"api_url": "x"}')


def test_a_failed_start_stops_what_it_started(synth_dir: Path) -> None:
    description = load_description(synth_dir / "stacks" / "dev" / "cdk.tf.json")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        local = LocalEnvironment(description, port=busy.getsockname()[1])
        with pytest.raises(EmulatorError, match="cannot listen on"):
            local.start()
    with pytest.raises(EmulatorError, match="not running"):
        local.cognito.endpoint  # noqa: B018


def test_replace_swaps_the_api_in_place_and_refuses_another_region(synth_dir: Path) -> None:
    description = load_description(synth_dir / "stacks" / "dev" / "cdk.tf.json")
    without_health = dataclasses.replace(
        description, routes=tuple(route for route in description.routes if route.route_key != "GET /health")
    )
    local = LocalEnvironment(description)
    info = local.start()
    try:
        assert requests.get(info.api_url + "/health", timeout=30).status_code == 200
        pool_ids = dict(local.deployment.pool_ids) if local.deployment else {}
        local.replace(without_health, None)
        assert requests.get(info.api_url + "/health", timeout=30).status_code == 404  # same port, new routes
        assert local.deployment is not None
        assert local.deployment.pool_ids == pool_ids
        with pytest.raises(EmulatorError, match="region changed from eu-west-1 to us-east-1: restart"):
            local.replace(dataclasses.replace(description, region="us-east-1"), None)
        assert requests.get(info.api_url + "/health", timeout=30).status_code == 404
    finally:
        local.stop()
