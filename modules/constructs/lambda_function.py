"""One Lambda function behind the API, with its own log group and a least-privilege role."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from modules.bundle import source_code_hash
from modules.config.functions import UNRESERVED, FunctionConfig
from modules.constructs.values import none_if, nonempty_block, nonempty_dynamic_block
from modules.engine.bindings import (
    AssetType,
    Construct,
    TerraformAsset,
    iam_role,
    iam_role_policy,
    iam_role_policy_attachment,
)
from modules.engine.bindings import cloudwatch_log_group as logs
from modules.engine.bindings import data_aws_iam_policy_document as policy_doc
from modules.engine.bindings import lambda_function as fn

#: AWS's managed policy for sending X-Ray traces. Its `xray:Put*` actions cannot be scoped to a resource (X-Ray has
#: no resource-level permissions), so the role gets AWS's policy instead of a hand-written `"Resource": "*"`.
XRAY_WRITE_POLICY_ARN = "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"


def resource_name(name: str) -> str:
    """The Terraform name of a function's resources: its config name with `-` as `_` (`list-orders` →
    `list_orders`). Its log group and integration are `lambda_<name>`, beside the API's `access_logs` and the
    routes' proxy integrations."""
    return name.replace("-", "_")


class LambdaFunction(Construct):
    """The function `name`, packaged as a reproducible zip asset (`zip_path`, its dependencies vendored).

    Resources, `<f>` being `resource_name(name)`: `aws_cloudwatch_log_group.lambda_<f>` (the environment's
    retention), `aws_iam_role.<f>`, `aws_iam_role_policy.<f>_logging` (may only create streams and put events in
    its own log group), `aws_iam_role_policy_attachment.<f>_xray` (AWS's X-Ray write policy, for active tracing),
    `aws_lambda_function.<f>` (`<project>-<env>-<name>`; `source_code_hash` is the zip's SHA-256, so it only
    changes when the code does; X-Ray tracing Active; reserved concurrency only when configured; plain
    environment variables).
    """

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        name: str,
        config: FunctionConfig,
        prefix: str,
        log_retention_days: int,
        zip_path: Path,
    ) -> None:
        super().__init__(scope, id_)
        key = resource_name(name)
        function_name = f"{prefix}-{name}"
        self.log_group = logs.CloudwatchLogGroup(
            self, "log-group", name=f"/aws/lambda/{function_name}", retention_in_days=log_retention_days
        )
        self.log_group.override_logical_id(f"lambda_{key}")

        assume = policy_doc.DataAwsIamPolicyDocument(
            self,
            "assume-role",
            statement=[
                policy_doc.DataAwsIamPolicyDocumentStatement(
                    effect="Allow",
                    actions=["sts:AssumeRole"],
                    principals=[
                        policy_doc.DataAwsIamPolicyDocumentStatementPrincipals(
                            type="Service", identifiers=["lambda.amazonaws.com"]
                        )
                    ],
                )
            ],
        )
        assume.override_logical_id(f"{key}_assume_role")
        self.role = iam_role.IamRole(self, "role", name=f"{function_name}-role", assume_role_policy=assume.json)
        self.role.override_logical_id(key)

        logging = policy_doc.DataAwsIamPolicyDocument(
            self,
            "logging",
            statement=[
                policy_doc.DataAwsIamPolicyDocumentStatement(
                    sid="WriteOwnLogGroup",
                    effect="Allow",
                    actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                    resources=[f"{self.log_group.arn}:*"],
                )
            ],
        )
        logging.override_logical_id(f"{key}_logging")
        policy = iam_role_policy.IamRolePolicy(
            self, "logging-policy", name=f"{function_name}-logging", role=self.role.id, policy=logging.json
        )
        policy.override_logical_id(f"{key}_logging")
        xray = iam_role_policy_attachment.IamRolePolicyAttachment(
            self, "xray-policy", role=self.role.name, policy_arn=XRAY_WRITE_POLICY_ARN
        )
        xray.override_logical_id(f"{key}_xray")

        self.zip_path = zip_path
        self.asset = TerraformAsset(self, "code", path=str(zip_path), type=AssetType.FILE)
        self.function = fn.LambdaFunction(
            self,
            "function",
            function_name=function_name,
            role=self.role.arn,
            runtime=config.runtime,
            architectures=[config.architecture],
            handler=config.handler,
            filename=self.asset.path,
            source_code_hash=source_code_hash(zip_path),
            memory_size=config.memory_mb,
            timeout=config.timeout_seconds,
            reserved_concurrent_executions=_reserved(config.reserved_concurrency),
            environment=nonempty_block(config.environment, _environment),
            logging_config=fn.LambdaFunctionLoggingConfig(log_format="JSON", log_group=self.log_group.name),
            tracing_config=fn.LambdaFunctionTracingConfig(mode="Active"),
            depends_on=[policy, xray, self.log_group],
        )
        self.function.override_logical_id(key)
        nonempty_dynamic_block(self.function, "environment", config.environment, lambda v: {"variables": v})


def _reserved(concurrency: int) -> Any:
    """The reservation, or None (attribute left out) for `UNRESERVED`: a literal -1 would only look configured.
    (A Terraform conditional in the module stack, where the value is a variable.)"""
    return none_if(concurrency, UNRESERVED)


def _environment(variables: Any) -> fn.LambdaFunctionEnvironment:
    """The `environment` block of plain variables (left out when there are none)."""
    return fn.LambdaFunctionEnvironment(variables=variables)
