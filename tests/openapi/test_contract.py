"""Contract tests by an independent tool: Schemathesis runs every environment's document against `make local`'s
API (`python -m modules.local`, on 127.0.0.1), with real tokens from the local sign-in domain and the embedded
Cognito.

Schemathesis checks that no function route answers a server error, that status codes, content types, headers
and bodies are the documented ones (the functions' declared schemas included), and that a protected operation
refuses a request without its token (`ignored_auth`). Examples are bounded (`--max-examples`). Routes proxied to
the internet (tag `proxy`) are excluded: this machine is offline; `test_proxy_routes_are_excluded_offline` names
them. A failure's message is Schemathesis' report, with the curl line that reproduces it.

Then, for every protected operation of the document (proxied ones too: the authorizer answers before the
integration), a request without a token gets the documented 401, and one with a token lacking the route's scopes
(a password-flow token of the web client) the documented 403.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests

from modules.local.environment import LocalInfo
from modules.local.launcher import LocalProcess
from modules.openapi.endpoints import local_endpoints
from modules.openapi.output import environment_document
from tests.conftest import CONFIG, ENVIRONMENTS
from tests.openapi.conftest import VERSION

TIMEOUT = 30
MAX_EXAMPLES = "10"
CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,"
    "response_schema_conformance,ignored_auth"
)
PROXY_TAG = "proxy"
USER, PASSWORD = "contract@example.com", "Contract-test-1!"


@pytest.fixture(scope="module")
def frozen_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of environments.toml taken with the session's synth: `python -m modules.local` finds it fresh."""
    copy = tmp_path_factory.mktemp("config") / "environments.toml"
    shutil.copyfile(CONFIG, copy)
    return copy


@pytest.fixture(scope="module", params=ENVIRONMENTS)
def served(
    request: pytest.FixtureRequest, synth_dir: Path, frozen_config: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LocalInfo, dict[str, Any], Path]]:
    """`make local` of one environment: its info line, its document (served at its local URLs) and the file."""
    env = str(request.param)
    log = tmp_path_factory.mktemp(f"local-{env}") / "local.log"
    with log.open("w", encoding="utf-8") as stderr:
        child = LocalProcess(env, outdir=synth_dir, config=frozen_config, stderr=stderr)
        info = child.start()
        try:
            endpoints = local_endpoints(info.api_url, info.oauth_base_url)
            document = environment_document(synth_dir, env, VERSION, endpoints)
            path = log.parent / f"{env}.json"
            path.write_text(json.dumps(document), encoding="utf-8")
            yield info, document, path
        finally:
            assert child.stop() == 0


def machine_token(info: LocalInfo) -> str:
    """client_credentials of the `service` client at the local sign-in domain: every scope it may ask for."""
    service = info.clients["service"]
    assert service["client_secret"] is not None
    response = requests.post(
        f"{info.oauth_base_url}/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=(str(service["client_id"]), service["client_secret"]),
        timeout=TIMEOUT,
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def scopeless_token(info: LocalInfo) -> str:
    """A password-flow access token of the web client from the embedded Cognito: valid, without API scopes."""
    cognito = boto3.client(
        "cognito-idp",
        endpoint_url=info.cognito_endpoint,
        region_name=info.region,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    cognito.admin_create_user(UserPoolId=info.user_pool_id, Username=USER, MessageAction="SUPPRESS")
    cognito.admin_set_user_password(UserPoolId=info.user_pool_id, Username=USER, Password=PASSWORD, Permanent=True)
    answer = cognito.initiate_auth(
        ClientId=info.client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": USER, "PASSWORD": PASSWORD}
    )
    return str(answer["AuthenticationResult"]["AccessToken"])


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, item in document["paths"].items() for method, op in item.items()]


def test_schemathesis_passes_against_make_local(served: tuple[LocalInfo, dict[str, Any], Path]) -> None:
    info, _, path = served
    command = [
        sys.executable, "-m", "schemathesis.cli", "run", str(path),
        "--url", info.api_url,
        "--header", f"Authorization: Bearer {machine_token(info)}",
        "--checks", CHECKS,
        "--max-examples", MAX_EXAMPLES,
        "--exclude-tag", PROXY_TAG,
        "--workers", "1",
        "--seed", "1",
        "--generation-database", "none",
        "--no-color",
    ]  # fmt: skip
    result = subprocess.run(command, cwd=path.parent, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No issues found" in result.stdout


def test_proxy_routes_are_excluded_offline(served: tuple[LocalInfo, dict[str, Any], Path]) -> None:
    _, document, _ = served
    excluded = sorted(
        f"{method.upper()} {path}" for path, method, op in operations(document) if PROXY_TAG in op["tags"]
    )
    assert excluded == ["GET /"]  # HTTP_PROXY to https://www.wikipedia.org/: not reachable from this machine


def test_protected_operations_refuse_without_a_token_and_without_their_scope(
    served: tuple[LocalInfo, dict[str, Any], Path],
) -> None:
    info, document, _ = served
    refused = {"Authorization": f"Bearer {scopeless_token(info)}"}
    answers = document["components"]["responses"]
    checked = []
    for path, method, op in operations(document):
        if not op["security"]:
            continue
        url = info.api_url + path
        anonymous = requests.request(method, url, timeout=TIMEOUT)
        assert anonymous.status_code == 401, (path, anonymous.text)
        assert anonymous.json() == answers["Unauthorized"]["content"]["application/json"]["example"]
        assert anonymous.headers["www-authenticate"].startswith("Bearer ")
        if any(scopes for requirement in op["security"] for scopes in requirement.values()):
            unscoped = requests.request(method, url, headers=refused, timeout=TIMEOUT)
            assert unscoped.status_code == 403, (path, unscoped.text)
            assert unscoped.json() == answers["Forbidden"]["content"]["application/json"]["example"]
            checked.append(f"{method.upper()} {path} 401 403")
        else:
            checked.append(f"{method.upper()} {path} 401")
    assert checked == ["GET / 401", "GET /example 401", "GET /reports 401 403"]
