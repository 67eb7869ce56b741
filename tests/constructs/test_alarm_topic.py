"""The alarm topic: SNS encrypted with a customer managed key CloudWatch may use, and the config's subscribers."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import MINIMAL_CONFIG, load_stack, resource, run_main

CONFIG = (
    MINIMAL_CONFIG
    + """
[[defaults.routes]]
route_key = "GET /example"

[environments.dev.alarms]
email = ["oncall@example.com", "lead@example.com"]
https = ["https://hooks.example.com/page"]
"""
)


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("alarm-topic")
    (work / "environments.toml").write_text(CONFIG, encoding="utf-8")
    result = run_main(work / "cdktf.out", work / "environments.toml")
    assert result.returncode == 0, result.stderr
    return load_stack(work / "cdktf.out", "dev")


def test_topic_is_encrypted_with_its_own_rotated_key(dev: dict[str, Any]) -> None:
    topic = resource(dev, "aws_sns_topic", "alarms")
    assert topic == {"name": "demo-api-dev-alarms", "kms_master_key_id": "${aws_kms_key.alarms.arn}"}
    key = resource(dev, "aws_kms_key", "alarms")
    assert key["enable_key_rotation"] is True
    assert key["policy"] == "${data.aws_iam_policy_document.alarms_key.json}"
    assert "alias/aws/sns" not in str(dev)


def test_key_policy_lets_cloudwatch_use_the_key_for_this_environments_alarms_only(dev: dict[str, Any]) -> None:
    statements = {s["sid"]: s for s in dev["data"]["aws_iam_policy_document"]["alarms_key"]["statement"]}
    cloudwatch = statements["CloudWatchPublishesOwnAlarms"]
    assert cloudwatch["principals"] == [{"type": "Service", "identifiers": ["cloudwatch.amazonaws.com"]}]
    assert cloudwatch["actions"] == ["kms:Decrypt", "kms:GenerateDataKey"]
    assert cloudwatch["condition"] == [
        {
            "test": "ArnLike",
            "variable": "aws:SourceArn",
            "values": [
                "arn:aws:cloudwatch:${data.aws_region.current.region}:${data.aws_caller_identity.alarms.account_id}"
                ":alarm:demo-api-dev-*"
            ],
        }
    ]
    admin = statements["AccountAdministersKey"]
    assert not {"kms:Decrypt", "kms:Encrypt", "kms:*"} & set(admin["actions"])


def test_one_subscription_per_endpoint_keyed_by_the_endpoint(dev: dict[str, Any]) -> None:
    email = resource(dev, "aws_sns_topic_subscription", "email")
    assert email == {
        "for_each": '${toset(["oncall@example.com", "lead@example.com"])}',
        "endpoint": "${each.value}",
        "protocol": "email",
        "topic_arn": "${aws_sns_topic.alarms.arn}",
    }
    https = resource(dev, "aws_sns_topic_subscription", "https")
    assert (https["protocol"], https["for_each"]) == ("https", '${toset(["https://hooks.example.com/page"])}')


def test_no_subscription_resources_without_subscribers(stacks: dict[str, Any]) -> None:
    assert "aws_sns_topic_subscription" not in stacks["prod"]["resource"]
    assert resource(stacks["prod"], "aws_sns_topic", "alarms")["name"] == "cognito-http-api-prod-alarms"
