"""The Lambda function behind the API, with its own log group and a least-privilege role."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cdktf import AssetType, TerraformAsset
from constructs import Construct

from modules.aws_provider import cloudwatch_log_group as logs
from modules.aws_provider import data_aws_iam_policy_document as policy_doc
from modules.aws_provider import iam_role, iam_role_policy, iam_role_policy_attachment
from modules.aws_provider import lambda_function as fn
from modules.bundle import build_lambda_zip, source_code_hash
from modules.config.model import EnvironmentConfig
from modules.constructs.values import none_if

ZIP_NAME = "function.zip"
#: AWS's managed policy for sending X-Ray traces. Its `xray:Put*` actions cannot be scoped to a resource (X-Ray has
#: no resource-level permissions), so the role gets AWS's policy instead of a hand-written `"Resource": "*"`.
XRAY_WRITE_POLICY_ARN = "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"
#: `function.reserved_concurrency` value meaning "no reservation" (the attribute is then left out).
UNRESERVED = -1


class LambdaFunction(Construct):
    """A Python function on arm64, packaged from `function.source_dir` as a reproducible zip asset.

    Resources: `aws_cloudwatch_log_group.function` (the environment's retention),
    `aws_iam_role.function`, `aws_iam_role_policy.function` (may only create streams and put events in its
    own log group), `aws_iam_role_policy_attachment.function_xray` (AWS's X-Ray write policy, for active
    tracing), `aws_lambda_function.this` (`source_code_hash` is the zip's SHA-256, so it only changes when the
    code does; X-Ray tracing Active; reserved concurrency unless the config says -1).
    """

    def __init__(
        self, scope: Construct, id_: str, *, config: EnvironmentConfig, project_dir: Path, build_dir: Path
    ) -> None:
        super().__init__(scope, id_)
        name = f"{config.prefix}-handler"
        self.log_group = logs.CloudwatchLogGroup(
            self, "log-group", name=f"/aws/lambda/{name}", retention_in_days=config.log_retention_days
        )
        self.log_group.override_logical_id("function")

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
        assume.override_logical_id("function_assume_role")
        self.role = iam_role.IamRole(self, "role", name=f"{name}-role", assume_role_policy=assume.json)
        self.role.override_logical_id("function")

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
        logging.override_logical_id("function_logging")
        policy = iam_role_policy.IamRolePolicy(
            self, "logging-policy", name=f"{name}-logging", role=self.role.id, policy=logging.json
        )
        policy.override_logical_id("function_logging")
        xray = iam_role_policy_attachment.IamRolePolicyAttachment(
            self, "xray-policy", role=self.role.name, policy_arn=XRAY_WRITE_POLICY_ARN
        )
        xray.override_logical_id("function_xray")

        # The zip must outlive this constructor: cdktf copies assets when the app synthesizes.
        zip_path = build_lambda_zip(project_dir / config.function.source_dir, build_dir / config.name / ZIP_NAME)
        asset = TerraformAsset(self, "code", path=str(zip_path), type=AssetType.FILE)
        self.function = fn.LambdaFunction(
            self,
            "function",
            function_name=name,
            role=self.role.arn,
            runtime=config.function.runtime,
            architectures=["arm64"],
            handler=config.function.handler,
            filename=asset.path,
            source_code_hash=source_code_hash(zip_path),
            memory_size=config.function.memory_mb,
            timeout=config.function.timeout_seconds,
            reserved_concurrent_executions=_reserved(config.function.reserved_concurrency),
            logging_config=fn.LambdaFunctionLoggingConfig(log_format="JSON", log_group=self.log_group.name),
            tracing_config=fn.LambdaFunctionTracingConfig(mode="Active"),
            depends_on=[policy, xray, self.log_group],
        )
        self.function.override_logical_id("this")


def _reserved(concurrency: int) -> Any:
    """The reservation, or None (attribute left out) for `UNRESERVED`: a literal -1 would only look configured.
    (A Terraform conditional in the module stack, where the value is a variable.)"""
    return none_if(concurrency, UNRESERVED)
