"""The environment's alarm topic: SNS, encrypted with a customer managed KMS key CloudWatch may use, and its
subscribers.

CloudWatch alarms cannot publish to a topic encrypted with the AWS managed key `alias/aws/sns`: its key policy
cannot be changed to let `cloudwatch.amazonaws.com` use it. A customer managed key whose policy allows that
service `kms:Decrypt` and `kms:GenerateDataKey(*)` is what AWS documents ("Enable compatibility between event
sources from AWS services and encrypted topics",
https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
"""

from __future__ import annotations

from typing import Any

from modules.config.environment import EnvironmentConfig
from modules.constructs.log_encryption import ADMIN_ACTIONS, DELETION_WINDOW_DAYS
from modules.constructs.values import attribute_of, is_unresolved
from modules.engine.bindings import Construct, Fn, TerraformIterator, Token, kms_key, sns_topic, sns_topic_subscription
from modules.engine.bindings import data_aws_caller_identity as caller
from modules.engine.bindings import data_aws_iam_policy_document as policy_doc

#: What CloudWatch needs of the key to publish to the encrypted topic: AWS's documented statement names
#: `kms:Decrypt` and `kms:GenerateDataKey*`; the wildcard is spelled out as the one action publishing calls.
CLOUDWATCH_ACTIONS = ("kms:Decrypt", "kms:GenerateDataKey")
KEY_NAME = "alarms"
#: SNS protocols of the config's subscriber lists: `email` and `https`.
PROTOCOLS = ("email", "https")


class AlarmTopic(Construct):
    """`aws_sns_topic.alarms` (`<prefix>-alarms`), `aws_kms_key.alarms` and its policy document, and one
    `aws_sns_topic_subscription.<protocol>` per protocol with subscribers, keyed by endpoint (`for_each`).

    The key policy lets the account's IAM administer the key (never use it) and lets CloudWatch use it only for
    this environment's alarms (`aws:SourceArn` like `arn:aws:cloudwatch:<region>:<account>:alarm:<prefix>-*`).
    `count` makes them all conditional in the module stack (`var.alarms.enabled`).
    """

    def __init__(
        self, scope: Construct, id_: str, *, config: EnvironmentConfig, region: str, count: Any, enabled: Any
    ) -> None:
        super().__init__(scope, id_)
        account = caller.DataAwsCallerIdentity(self, "account", count=count)
        account.override_logical_id("alarms")
        account_id = attribute_of(account, "account_id")
        statement, principal = (
            policy_doc.DataAwsIamPolicyDocumentStatement,
            policy_doc.DataAwsIamPolicyDocumentStatementPrincipals,
        )
        policy = policy_doc.DataAwsIamPolicyDocument(
            self,
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
                    sid="CloudWatchPublishesOwnAlarms",
                    effect="Allow",
                    principals=[principal(type="Service", identifiers=["cloudwatch.amazonaws.com"])],
                    actions=list(CLOUDWATCH_ACTIONS),
                    resources=["*"],
                    condition=[
                        policy_doc.DataAwsIamPolicyDocumentStatementCondition(
                            test="ArnLike",
                            variable="aws:SourceArn",
                            values=[f"arn:aws:cloudwatch:{region}:{account_id}:alarm:{config.prefix}-*"],
                        )
                    ],
                ),
            ],
        )
        policy.override_logical_id("alarms_key")
        key = kms_key.KmsKey(
            self,
            "key",
            description=f"Encrypts the alarm topic of {config.prefix}",
            enable_key_rotation=True,
            deletion_window_in_days=DELETION_WINDOW_DAYS,
            policy=attribute_of(policy, "json"),
            count=count,
        )
        key.override_logical_id(KEY_NAME)
        topic = sns_topic.SnsTopic(
            self, "topic", name=f"{config.prefix}-alarms", kms_master_key_id=attribute_of(key, "arn"), count=count
        )
        topic.override_logical_id(KEY_NAME)
        #: The topic's ARN (null in the module stack when alarms are off).
        self.arn = attribute_of(topic, "arn")
        for protocol in PROTOCOLS:
            endpoints = getattr(config.alarms, protocol)
            if not is_unresolved(endpoints) and not endpoints:
                continue
            items = endpoints if isinstance(enabled, bool) else Fn.conditional(enabled, endpoints, [])
            each = TerraformIterator.from_list(Token.as_list(items) if not isinstance(enabled, bool) else list(items))
            subscription = sns_topic_subscription.SnsTopicSubscription(
                self,
                f"subscription-{protocol}",
                for_each=each,
                topic_arn=self.arn,
                protocol=protocol,
                endpoint=Token.as_string(each.value),
            )
            subscription.override_logical_id(protocol)
