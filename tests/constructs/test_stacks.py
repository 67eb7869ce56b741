"""Per-environment stacks: provider, backend, outputs, and one snapshot per environment."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from modules.engine.selection import DEFAULT_ENGINE, chosen_engine, provider_version
from tests.conftest import ENVIRONMENTS, MINIMAL_CONFIG, ROOT
from tests.engine.differences import expected, split

SNAPSHOTS = Path(__file__).parents[1] / "snapshots"
ENGINE = chosen_engine()


ACCOUNTS = {"dev": "111122223333", "staging": "444455556666", "prod": "777788889999"}


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_provider_has_region_account_and_default_tags(stacks: dict[str, Any], env: str) -> None:
    (aws,) = stacks[env]["provider"]["aws"]
    assert aws["region"] == "eu-west-1"
    assert aws["allowed_account_ids"] == [ACCOUNTS[env]]
    assert "assume_role" not in aws
    assert aws["default_tags"] == [{"tags": {"project": "cognito-http-api", "environment": env, "managed-by": "cdktf"}}]
    assert stacks[env]["terraform"]["required_providers"]["aws"]["version"] == provider_version(ENGINE)


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_committed_environments_keep_state_in_hcp_terraform(stacks: dict[str, Any], env: str) -> None:
    assert "backend" not in stacks[env]["terraform"]
    assert stacks[env]["terraform"]["cloud"] == {
        "organization": "example-org",
        "workspaces": {"name": f"cognito-http-api-{env}"},
    }


def test_local_backend_path_is_relative_to_the_stack(synth_config: Any) -> None:
    stacks = synth_config(MINIMAL_CONFIG + '[[defaults.routes]]\nroute_key = "GET /example"\n[environments.qa]\n')
    assert stacks["qa"]["terraform"]["backend"] == {"local": {"path": "terraform.qa.tfstate"}}
    assert "allowed_account_ids" not in stacks["qa"]["provider"]["aws"][0], "no account_id: nothing pinned"


def test_s3_backend_when_configured(synth_config: Any) -> None:
    stacks = synth_config(
        MINIMAL_CONFIG.replace('region = "us-east-1"', 'region = "us-east-2"')
        + '[[defaults.routes]]\nroute_key = "GET /example"\n[environments.qa]\n'
        '[environments.qa.backend]\ntype = "s3"\nbucket = "acme-tf-state"\n'
    )
    assert stacks["qa"]["terraform"]["backend"] == {
        "s3": {
            "bucket": "acme-tf-state",
            "key": "demo-api/qa/terraform.tfstate",
            "region": "us-east-2",
            "encrypt": True,
            "use_lockfile": True,
        }
    }


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_outputs_reference_the_resources(stacks: dict[str, Any], env: str) -> None:
    outputs = {name: output["value"] for name, output in stacks[env]["output"].items()}
    auth = (
        "https://${aws_cognito_user_pool_domain.this.domain}.auth.${data.aws_region.current.region}.amazoncognito.com"
    )
    assert outputs == {
        "invoke_url": "${aws_apigatewayv2_stage.this.invoke_url}",
        "user_pool_id": "${aws_cognito_user_pool.this.id}",
        "issuer_url": "https://${aws_cognito_user_pool.this.endpoint}",
        "region": "${data.aws_region.current.region}",
        "auth_base_url": auth,
        "token_endpoint": f"{auth}/oauth2/token",
        "client_ids": {
            "service": "${aws_cognito_user_pool_client.service.id}",
            "web": "${aws_cognito_user_pool_client.web.id}",
        },
        "alarm_topic_arn": "${aws_sns_topic.alarms.arn}",
        "dashboard_name": "${aws_cloudwatch_dashboard.this.dashboard_name}",
    }
    assert all(output["description"] for output in stacks[env]["output"].values())


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_no_absolute_paths_or_timestamps(synth_dir: Path, env: str) -> None:
    text = (synth_dir / "stacks" / env / "cdk.tf.json").read_text(encoding="utf-8")
    for machine_path in (str(ROOT), str(synth_dir), "/tmp/", "/root/", "/home/"):
        assert machine_path not in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", text)  # no ISO timestamps


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_snapshot(synth_dir: Path, env: str, update_snapshots: bool) -> None:
    """The whole stack, byte for byte on the default engine, whose output the snapshots are. Refresh deliberately
    with `pytest --update-snapshots` (default engine only). On another engine: equal by meaning, except the
    listed differences (`tests/engine/differences.py`), which hold that engine's own values."""
    actual = (synth_dir / "stacks" / env / "cdk.tf.json").read_text(encoding="utf-8")
    snapshot = SNAPSHOTS / f"{env}.cdk.tf.json"
    if update_snapshots:
        assert ENGINE.name == DEFAULT_ENGINE, f"the snapshots are {DEFAULT_ENGINE}'s: update them in its .venv"
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_text(actual, encoding="utf-8")
    assert snapshot.exists(), f"no snapshot for {env}: run pytest --update-snapshots once and review it"
    if ENGINE.name == DEFAULT_ENGINE:
        assert json.loads(actual) == json.loads(snapshot.read_text(encoding="utf-8"))
        assert actual == snapshot.read_text(encoding="utf-8")
    else:
        (ours, differences), (theirs, _) = map(split, map(json.loads, (actual, snapshot.read_text(encoding="utf-8"))))
        assert ours == theirs
        assert differences == expected(ENGINE)
