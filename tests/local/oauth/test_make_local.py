"""`make local` and its sign-in domain, end to end: the README's machine-token path from the info line, secrets
only on that line, and the domain following a pool that WATCH=1 replaced."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import requests

from modules.local.api_reader import load_description
from modules.local.environment import LocalEnvironment, LocalInfo
from modules.local.launcher import LocalProcess
from modules.synth_output.model import Block
from tests.local.oauth.flows import TIMEOUT, claims

SCOPE = "cognito-http-api/reports.read"


def machine_token(info: LocalInfo, client_id: str, secret: str) -> requests.Response:
    """What the README's curl does: client_credentials with HTTP Basic at `${oauth_base_url}/oauth2/token`."""
    return requests.post(
        f"{info.oauth_base_url}/oauth2/token",
        data={"grant_type": "client_credentials", "scope": SCOPE},
        auth=(client_id, secret),
        timeout=TIMEOUT,
    )


def reports(info: LocalInfo, token: str) -> requests.Response:
    return requests.get(f"{info.api_url}/reports", headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT)


def test_from_the_info_line_to_a_machine_token_and_reports(
    synth_dir: Path, frozen_config: Path, tmp_path: Path
) -> None:
    log_path = tmp_path / "local.log"
    with log_path.open("w", encoding="utf-8") as log:
        child = LocalProcess("dev", outdir=synth_dir, config=frozen_config, stderr=log)
        info = child.start()
        try:
            service = info.clients["service"]
            secret = service["client_secret"]
            assert secret is not None
            token = machine_token(info, str(service["client_id"]), secret)
            assert token.status_code == 200, token.text
            response = reports(info, token.json()["access_token"])
            assert response.status_code == 200, response.text
        finally:
            assert child.stop() == 0
    stdout, stderr = "".join(child.lines), log_path.read_text(encoding="utf-8")
    assert stdout.count(secret) == 1
    assert stdout.splitlines()[0] == info.to_json()
    assert secret not in stderr
    assert f"local: the pool's sign-in domain on {info.oauth_base_url}" in stderr
    assert f"local: API docs (Swagger UI) on {info.docs_url}" in stderr
    assert "oauth: POST /oauth2/token 200" in stderr


def test_the_sign_in_domain_follows_a_replaced_pool_on_the_same_url(synth_dir: Path) -> None:
    description = load_description(synth_dir / "stacks" / "dev" / "cdk.tf.json")
    pool = description.user_pools[0]
    policy = {**pool.arguments["password_policy"], "minimum_length": 14}
    stricter = Block(pool.type, pool.name, False, {**pool.arguments, "password_policy": policy})
    local = LocalEnvironment(description)
    info = local.start()
    try:
        assert local.deployment is not None
        same = dict(local.deployment.client_ids)
        local.replace(description, None)  # unchanged: the same pool, nothing to retarget
        assert local.deployment.client_ids == same
        old = info.clients["service"]
        assert old["client_secret"] is not None
        assert machine_token(info, str(old["client_id"]), old["client_secret"]).status_code == 200

        local.replace(dataclasses.replace(description, user_pools=(stricter,)), None)
        pool_id = local.deployment.pool_ids[pool.address]
        assert pool_id != info.user_pool_id
        assert machine_token(info, str(old["client_id"]), old["client_secret"]).status_code == 401  # gone with it
        service_id = local.deployment.client_ids["aws_cognito_user_pool_client.service"]
        described = local.cognito.client().describe_user_pool_client(UserPoolId=pool_id, ClientId=service_id)
        fresh = machine_token(info, service_id, described["UserPoolClient"]["ClientSecret"])
        assert fresh.status_code == 200, fresh.text
        token = fresh.json()["access_token"]
        assert claims(token)["iss"] == f"https://cognito-idp.eu-west-1.amazonaws.com/{pool_id}"
        assert reports(info, token).status_code == 200
    finally:
        local.stop()
