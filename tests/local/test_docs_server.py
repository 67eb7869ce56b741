"""Swagger UI beside the local API: its own port, the page set up for the interactive client, the document at
the local URLs, Swagger UI's files from the package, and the API and token endpoint forwarded as they are."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from openapi_spec_validator import validate

from modules.local.api_reader import load_description
from modules.local.environment import LocalEnvironment, LocalInfo, identity
from modules.paths import display
from modules.synth_output.model import Block
from tests.conftest import project_scratch, run_main, source_dir_of

TIMEOUT = 30


@pytest.fixture(scope="module")
def running(synth_dir: Path) -> Iterator[tuple[LocalEnvironment, LocalInfo]]:
    local = LocalEnvironment(load_description(synth_dir / "stacks" / "dev" / "cdk.tf.json"))
    info = local.start()
    try:
        yield local, info
    finally:
        local.stop()


@pytest.fixture(scope="module")
def docs(running: tuple[LocalEnvironment, LocalInfo]) -> str:
    docs_url = running[1].docs_url
    assert docs_url is not None
    return docs_url


def test_the_docs_have_a_port_of_their_own(running: tuple[LocalEnvironment, LocalInfo], docs: str) -> None:
    info = running[1]
    assert docs.startswith("http://127.0.0.1:")
    assert docs not in (info.api_url, info.oauth_base_url, info.cognito_endpoint)
    assert requests.get(info.api_url + "/openapi.json", timeout=TIMEOUT).status_code == 404  # not the API's route


def test_the_page_signs_in_with_the_interactive_client(running: tuple[LocalEnvironment, LocalInfo], docs: str) -> None:
    page = requests.get(docs, timeout=TIMEOUT)
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert f'"clientId": "{running[1].client_id}"' in page.text
    assert f'"redirect": "{docs}/oauth2-redirect.html"' in page.text
    assert "usePkceWithAuthorizationCodeGrant: true" in page.text
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "oauth2-redirect.html"):
        assert requests.get(f"{docs}/{name}", timeout=TIMEOUT).status_code == 200, name
    assert requests.get(f"{docs}/index.j2", timeout=TIMEOUT).status_code == 404


def test_the_redirect_uri_is_registered_for_the_client_locally(
    running: tuple[LocalEnvironment, LocalInfo], docs: str
) -> None:
    local, info = running
    client = local.cognito.client().describe_user_pool_client(UserPoolId=info.user_pool_id, ClientId=info.client_id)
    assert client["UserPoolClient"]["CallbackURLs"] == [
        "https://localhost:3000/callback",
        f"{docs}/oauth2-redirect.html",
    ]


def test_the_document_names_the_local_urls(running: tuple[LocalEnvironment, LocalInfo], docs: str) -> None:
    document = requests.get(f"{docs}/openapi.json", timeout=TIMEOUT).json()
    validate(document)
    assert document["servers"] == [{"url": f"{docs}/api", "description": "make local's API, through the docs server"}]
    code = document["components"]["securitySchemes"]["cognito"]["flows"]["authorizationCode"]
    assert code["authorizationUrl"] == f"{running[1].oauth_base_url}/oauth2/authorize"
    assert code["tokenUrl"] == f"{docs}/oauth2/token"


def test_the_api_and_the_token_endpoint_are_forwarded(running: tuple[LocalEnvironment, LocalInfo], docs: str) -> None:
    info = running[1]
    assert requests.get(f"{docs}/api/health", timeout=TIMEOUT).json() == {"a": "b"}
    refused = requests.get(f"{docs}/api/reports", timeout=TIMEOUT)
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"].startswith('Bearer error="invalid_token"')
    service = info.clients["service"]
    assert service["client_secret"] is not None
    token = requests.post(
        f"{docs}/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=(str(service["client_id"]), service["client_secret"]),
        timeout=TIMEOUT,
    )
    assert token.status_code == 200, token.text
    bearer = {"Authorization": f"Bearer {token.json()['access_token']}"}
    report = requests.get(f"{docs}/api/reports", headers=bearer, params={"q": "1"}, timeout=TIMEOUT)
    assert report.status_code == 200
    assert report.json()["report"] == "storage"
    assert "," not in report.headers["server"]  # the docs server's own, not both


def test_the_docs_follow_a_replaced_pool(synth_dir: Path) -> None:
    description = load_description(synth_dir / "stacks" / "dev" / "cdk.tf.json")
    pool = description.user_pools[0]
    policy = {**pool.arguments["password_policy"], "minimum_length": 14}
    stricter = Block(pool.type, pool.name, False, {**pool.arguments, "password_policy": policy})
    local = LocalEnvironment(description)
    info = local.start()
    try:
        assert info.docs_url is not None
        local.replace(description, None)  # the same pool: the redirect URI is registered once
        callbacks = local.cognito.client().describe_user_pool_client(
            UserPoolId=info.user_pool_id, ClientId=info.client_id
        )["UserPoolClient"]["CallbackURLs"]
        assert callbacks.count(f"{info.docs_url}/oauth2-redirect.html") == 1

        local.replace(dataclasses.replace(description, user_pools=(stricter,)), None)
        assert local.deployment is not None
        pool_id, client_id, _ = identity(local.description, local.deployment)
        assert client_id != info.client_id
        page = requests.get(info.docs_url, timeout=TIMEOUT).text
        assert f'"clientId": "{client_id}"' in page
        client = local.cognito.client().describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
        assert f"{info.docs_url}/oauth2-redirect.html" in client["UserPoolClient"]["CallbackURLs"]
        assert local.docs_problem is None
    finally:
        local.stop()


BROKEN_CONFIG = """
[project]
name = "demo-api"
version = "0.1.0"

[defaults]
region = "us-east-1"

[defaults.clients.web]
callback_urls = ["https://localhost:3000/callback"]

[defaults.functions.broken]
source_dir = "{source_dir}"

[[defaults.routes]]
route_key = "GET /broken"
public = true

[environments.dev]
"""


def test_an_unusable_openapi_yaml_leaves_the_api_served_without_docs(tmp_path: Path) -> None:
    with project_scratch("docs-broken-") as source:
        (source / "handler.py").write_text("def handler(event, context):\n    return {'ok': 1}\n", encoding="utf-8")
        (source / "openapi.yaml").write_text("routes: [unclosed\n", encoding="utf-8")
        config = tmp_path / "environments.toml"
        config.write_text(BROKEN_CONFIG.format(source_dir=source_dir_of(source)), encoding="utf-8")
        assert run_main(tmp_path / "cdktf.out", config).returncode == 0
        description = load_description(tmp_path / "cdktf.out" / "stacks" / "dev" / "cdk.tf.json")
        local = LocalEnvironment(description, sources={"aws_lambda_function.broken": source})
        info = local.start()
        try:
            assert info.docs_url is None
            assert local.docs_problem is not None
            assert local.docs_problem.startswith(f"{display(source)}/openapi.yaml (function 'broken', in ")
            assert "not valid YAML" in local.docs_problem
            assert requests.get(info.api_url + "/broken", timeout=TIMEOUT).json() == {"ok": 1}
        finally:
            local.stop()
