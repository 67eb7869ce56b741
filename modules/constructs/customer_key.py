"""A customer managed KMS key that the account administers and one AWS service uses, only for what it names.

`data.aws_caller_identity`, `data.aws_iam_policy_document` and `aws_kms_key`, created in the caller's scope (their
construct ids stay the caller's, so the synthesized paths do not change). `"Resource": "*"` in a key policy means
this key.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from modules.constructs.values import attribute_of
from modules.engine.bindings import Construct, kms_key
from modules.engine.bindings import data_aws_caller_identity as caller
from modules.engine.bindings import data_aws_iam_policy_document as policy_doc

#: What the account may do with the key: administer it, never use it. Explicit actions (no `kms:*`): enough for
#: Terraform to create, read, update and delete it, and for an administrator to disable or rotate it.
ADMIN_ACTIONS = (
    "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:DeleteAlias", "kms:DescribeKey", "kms:DisableKey",
    "kms:DisableKeyRotation", "kms:EnableKey", "kms:EnableKeyRotation", "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus", "kms:ListAliases", "kms:ListGrants", "kms:ListKeyPolicies", "kms:ListKeyRotations",
    "kms:ListResourceTags", "kms:PutKeyPolicy", "kms:RevokeGrant", "kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion",
    "kms:TagResource", "kms:UntagResource", "kms:UpdateAlias", "kms:UpdateKeyDescription",
)  # fmt: skip
DELETION_WINDOW_DAYS = 30


@dataclass(frozen=True)
class ServiceUse:
    """The key policy's second statement: `principal` may take `actions` when `test(variable, values)` holds.
    `values` is given the account id (a reference), as the condition's ARNs name the account."""

    sid: str
    principal: str
    actions: Sequence[str]
    test: str
    variable: str
    values: Callable[[str], list[str]]


@dataclass(frozen=True)
class KeyNames:
    """Terraform names: of the key, of its policy document and of the caller-identity data source."""

    key: str
    policy: str
    account: str


def customer_key(
    scope: Construct, *, names: KeyNames, description: str, use: ServiceUse, count: Any = None
) -> kms_key.KmsKey:
    """The key, its policy document and the account id it needs, all with `count` (module stack: conditional)."""
    account = caller.DataAwsCallerIdentity(scope, "account", count=count)
    account.override_logical_id(names.account)
    account_id = attribute_of(account, "account_id")
    statement, principal = (
        policy_doc.DataAwsIamPolicyDocumentStatement,
        policy_doc.DataAwsIamPolicyDocumentStatementPrincipals,
    )
    policy = policy_doc.DataAwsIamPolicyDocument(
        scope,
        "key-policy",
        count=count,
        statement=[
            statement(
                sid="AccountAdministersKey",
                effect="Allow",
                principals=[principal(type="AWS", identifiers=[f"arn:aws:iam::{account_id}:root"])],
                actions=list(ADMIN_ACTIONS),
                resources=["*"],
            ),
            statement(
                sid=use.sid,
                effect="Allow",
                principals=[principal(type="Service", identifiers=[use.principal])],
                actions=list(use.actions),
                resources=["*"],
                condition=[
                    policy_doc.DataAwsIamPolicyDocumentStatementCondition(
                        test=use.test, variable=use.variable, values=use.values(account_id)
                    )
                ],
            ),
        ],
    )
    policy.override_logical_id(names.policy)
    key = kms_key.KmsKey(
        scope,
        "key",
        description=description,
        enable_key_rotation=True,
        deletion_window_in_days=DELETION_WINDOW_DAYS,
        policy=attribute_of(policy, "json"),
        count=count,
    )
    key.override_logical_id(names.key)
    return key
