"""KMS encryption of the environment's log groups, as `log_kms_key` asks: none, a key of its own, or a given key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from modules.config.allowed import LOG_KMS_CREATE
from modules.config.environment import EnvironmentConfig
from modules.constructs.customer_key import KeyNames, ServiceUse, customer_key
from modules.constructs.values import Expression, count_if, is_unresolved
from modules.engine.bindings import Construct, Fn, Op, Token
from modules.engine.bindings import cloudwatch_log_group as logs

#: What CloudWatch Logs needs to encrypt and read back a log group's events (AWS's documented key policy).
LOGS_ACTIONS = (
    "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext",
    "kms:ReEncryptFrom", "kms:ReEncryptTo",
)  # fmt: skip
KEY_NAME = "logs"


class LogEncryption(Construct):
    """Points `kms_key_id` of every given log group at the environment's key, if it has one.

    - `log_kms_key = ""`: nothing (CloudWatch Logs' own encryption at rest).
    - a key ARN: the groups use that key; its policy must let `logs.<region>.amazonaws.com` use it.
    - `"create"`: `aws_kms_key.logs`, rotated yearly, 30-day deletion window. Its key policy
      (`data.aws_iam_policy_document.logs_key`; `"Resource": "*"` in a key policy means this key) lets the
      account's IAM administer the key but not use it, and lets CloudWatch Logs of the region use it only for
      these log groups (encryption context `aws:logs:arn`, built from the groups' names, not references: a
      reference to the groups would be a dependency cycle).

    In the module stack `log_kms_key` is a variable: the key then has `count = var == "create" ? 1 : 0` and the
    groups' `kms_key_id` is the matching Terraform conditional.
    """

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        config: EnvironmentConfig,
        region: str,
        log_groups: Sequence[logs.CloudwatchLogGroup],
    ) -> None:
        super().__init__(scope, id_)
        choice = config.log_kms_key
        key_arn: Any = choice or None
        if is_unresolved(choice):
            create = Op.eq(choice, LOG_KMS_CREATE)
            self._key(config, region, log_groups, count=count_if(create))
            given = Fn.conditional(Op.gte(Fn.length_of(choice), 1), choice, Token.null_value())  # "" means none
            key_arn = Fn.conditional(create, Fn.one(Expression(f"aws_kms_key.{KEY_NAME}[*].arn")), given)
        elif choice == LOG_KMS_CREATE:
            key_arn = self._key(config, region, log_groups).arn
        if key_arn is not None:
            kms_key_id = Token.as_string(key_arn)
            for group in log_groups:
                group.kms_key_id = kms_key_id

    def _key(
        self, config: EnvironmentConfig, region: str, log_groups: Sequence[logs.CloudwatchLogGroup], count: Any = None
    ) -> Any:
        """`aws_kms_key.logs` with its key policy document and the account id it needs, all three with `count`
        (module stack: they exist only when the variable asks for a key)."""
        names = [g.name_input for g in log_groups]
        use = ServiceUse(
            sid="CloudWatchLogsEncryptsOwnLogGroups",
            principal=f"logs.{region}.amazonaws.com",
            actions=LOGS_ACTIONS,
            test="ArnEquals",
            variable="kms:EncryptionContext:aws:logs:arn",
            values=lambda account_id: [f"arn:aws:logs:{region}:{account_id}:log-group:{name}" for name in names],
        )
        return customer_key(
            self,
            names=KeyNames(key=KEY_NAME, policy="logs_key", account="current"),
            description=f"Encrypts the CloudWatch log groups of {config.prefix}",
            use=use,
            count=count,
        )
