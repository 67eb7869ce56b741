"""Helpers that keep one construct code path for literal values (env stacks) and Terraform tokens (module)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from modules.constructs.values import (
    DynamicObject,
    attribute_of,
    choose,
    count_if,
    differs,
    equals,
    none_if,
    none_if_empty,
    static_block,
)
from modules.engine.bindings import App, TerraformStack, TerraformVariable, Token


def test_literals_are_decided_in_python() -> None:
    assert choose(True, "ACTIVE", "INACTIVE") == "ACTIVE"
    assert choose(False, "ACTIVE", "INACTIVE") == "INACTIVE"
    assert differs("OPTIONAL", "OFF") is True
    assert differs("OFF", "OFF") is False
    assert none_if_empty(()) is None
    assert none_if_empty(("x-request-id",)) == ["x-request-id"]


def test_static_block_builds_plain_objects_only() -> None:
    def build(value: Any) -> dict[str, Any]:
        return {"built": value}

    assert static_block(None, build) is None
    assert static_block("cors", build) == {"built": "cors"}
    assert (
        static_block(
            DynamicObject(value="cors", direct="cors", reference="var.cors", iterator="cors", variable=None), build
        )
        is None
    )


def test_equals_none_if_and_count_if_on_literals() -> None:
    assert equals("create", "create") is True
    assert equals("", "create") is False
    assert none_if(-1, -1) is None
    assert none_if(50, -1) == 50
    assert none_if("", "") is None
    assert none_if("arn:aws:kms:eu-west-1:123456789012:key/x", "") == "arn:aws:kms:eu-west-1:123456789012:key/x"
    assert count_if(True) is None
    with pytest.raises(ValueError, match="leave the resource out"):
        count_if(False)


def test_on_tokens_they_become_terraform_expressions(tmp_path: Path) -> None:
    from modules.engine.bindings import data_aws_caller_identity, kms_key, provider

    app = App(outdir=str(tmp_path), stack_traces=False)
    stack = TerraformStack(app, "values")
    provider.AwsProvider(stack, "aws")
    key = Token.as_string(TerraformVariable(stack, "key", type="string").value)
    limit = Token.as_number(TerraformVariable(stack, "limit", type="number").value)
    origins = Token.as_list(TerraformVariable(stack, "origins", type="list(string)").value)
    create = equals(key, "create")
    account = data_aws_caller_identity.DataAwsCallerIdentity(stack, "account", count=count_if(create))
    account.override_logical_id("current")
    logs = kms_key.KmsKey(stack, "logs", count=count_if(create), description=attribute_of(account, "account_id"))
    logs.override_logical_id("logs")
    user = kms_key.KmsKey(
        stack,
        "user",
        description=none_if(key, ""),
        deletion_window_in_days=none_if(limit, 0),
        enable_key_rotation=differs(key, "OFF"),
        policy=choose(create, attribute_of(logs, "arn"), "x"),
        tags={"origins": Token.as_string(none_if_empty(origins))},
    )
    user.override_logical_id("user")
    hcl = str(stack.to_hcl_terraform()["hcl"])
    assert 'count = "${(var.key == "create") ? 1 : 0}"' in hcl
    assert 'description = "${one(data.aws_caller_identity.current[*].account_id)}"' in hcl
    assert 'description = "${(var.key == "") ? null : var.key}"' in hcl
    assert 'deletion_window_in_days = "${(var.limit == 0) ? null : var.limit}"' in hcl
    assert 'enable_key_rotation = "${(var.key != "OFF")}"' in hcl
    assert 'policy = "${(var.key == "create") ? one(aws_kms_key.logs[*].arn) : "x"}"' in hcl
    assert '"${(length(var.origins) >= 1) ? var.origins : null}"' in hcl
