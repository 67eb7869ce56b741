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
from modules.constructs.customer_key import KeyNames, ServiceUse, customer_key
from modules.constructs.values import attribute_of, is_unresolved
from modules.engine.bindings import Construct, Fn, TerraformIterator, Token, sns_topic, sns_topic_subscription

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
        use = ServiceUse(
            sid="CloudWatchPublishesOwnAlarms",
            principal="cloudwatch.amazonaws.com",
            actions=CLOUDWATCH_ACTIONS,
            test="ArnLike",
            variable="aws:SourceArn",
            values=lambda account_id: [f"arn:aws:cloudwatch:{region}:{account_id}:alarm:{config.prefix}-*"],
        )
        key = customer_key(
            self,
            names=KeyNames(key=KEY_NAME, policy="alarms_key", account="alarms"),
            description=f"Encrypts the alarm topic of {config.prefix}",
            use=use,
            count=count,
        )
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
