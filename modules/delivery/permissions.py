"""The IAM a pipeline's roles need for one environment, derived from the resource types its synthesized stack
creates and the names it gives them: never AdministratorAccess.

Each resource and data-source type maps to the actions Terraform's AWS provider calls to read it (plan, refresh)
and to create, change and delete it, per service as the Service Authorization Reference lists them ("Actions,
resources, and condition keys for Amazon Cognito User Pools / Amazon API Gateway Management V2 / AWS Lambda /
Amazon CloudWatch Logs / Amazon CloudWatch / Amazon SNS / AWS Identity and Access Management / AWS Key Management
Service / AWS Certificate Manager / Amazon Route 53"). Resources are as narrow as the service allows:

- names the stack chooses are exact ARNs: roles, functions, log groups, alarms, the dashboard, the topic;
- ids AWS chooses (a user pool, an API, a key, a certificate) are the account's and region's of that type;
- the few actions without a resource type (CreateUserPool, kms:CreateKey, acm:RequestCertificate,
  route53:ListHostedZones, DescribeUserPoolDomain, SNS's subscription actions) are on "*", as IAM requires.

The deploy role gets read and write; the plan role only read. `iam:AttachRolePolicy` is limited to the managed
policies the stack attaches (`iam:PolicyARN`) and `iam:PassRole` to the stack's roles passed to Lambda.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from modules.errors import PackageError
from modules.synth_output.model import StackDocument

#: Per type: (read actions, write actions, resource kind). Data sources need only the read side.
ACTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "aws_cognito_user_pool": (
        ("cognito-idp:DescribeUserPool", "cognito-idp:GetUserPoolMfaConfig", "cognito-idp:ListTagsForResource"),
        ("cognito-idp:UpdateUserPool", "cognito-idp:DeleteUserPool", "cognito-idp:SetUserPoolMfaConfig",
         "cognito-idp:AddCustomAttributes", "cognito-idp:TagResource", "cognito-idp:UntagResource"),
        "userpool",
    ),
    "aws_cognito_user_pool_client": (
        ("cognito-idp:DescribeUserPoolClient",),
        ("cognito-idp:CreateUserPoolClient", "cognito-idp:UpdateUserPoolClient", "cognito-idp:DeleteUserPoolClient"),
        "userpool",
    ),
    "aws_cognito_user_pool_domain": (
        (),
        ("cognito-idp:CreateUserPoolDomain", "cognito-idp:UpdateUserPoolDomain", "cognito-idp:DeleteUserPoolDomain"),
        "userpool",
    ),
    "aws_cognito_resource_server": (
        ("cognito-idp:DescribeResourceServer",),
        ("cognito-idp:CreateResourceServer", "cognito-idp:UpdateResourceServer", "cognito-idp:DeleteResourceServer"),
        "userpool",
    ),
    "aws_cognito_user_group": (
        ("cognito-idp:GetGroup",),
        ("cognito-idp:CreateGroup", "cognito-idp:UpdateGroup", "cognito-idp:DeleteGroup"),
        "userpool",
    ),
    "aws_cognito_identity_provider": (
        ("cognito-idp:DescribeIdentityProvider",),
        ("cognito-idp:CreateIdentityProvider", "cognito-idp:UpdateIdentityProvider",
         "cognito-idp:DeleteIdentityProvider"),
        "userpool",
    ),
    "aws_cognito_managed_login_branding": (
        ("cognito-idp:DescribeManagedLoginBranding", "cognito-idp:DescribeManagedLoginBrandingByClient"),
        ("cognito-idp:CreateManagedLoginBranding", "cognito-idp:UpdateManagedLoginBranding",
         "cognito-idp:DeleteManagedLoginBranding"),
        "userpool",
    ),
    **{
        f"aws_apigatewayv2_{kind}": (("apigateway:GET",), ("apigateway:POST", "apigateway:PATCH",
                                     "apigateway:PUT", "apigateway:DELETE"), "apigateway")
        for kind in ("api", "authorizer", "integration", "route", "stage", "domain_name", "api_mapping")
    },
    "aws_cloudwatch_log_group": (
        ("logs:DescribeLogGroups", "logs:ListTagsForResource", "logs:ListTagsLogGroup"),
        ("logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy",
         "logs:AssociateKmsKey", "logs:DisassociateKmsKey", "logs:TagResource", "logs:UntagResource",
         "logs:TagLogGroup", "logs:UntagLogGroup"),
        "log-group",
    ),
    "aws_iam_role": (
        ("iam:GetRole", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:ListRoleTags",
         "iam:ListInstanceProfilesForRole"),
        ("iam:CreateRole", "iam:DeleteRole", "iam:UpdateRole", "iam:UpdateAssumeRolePolicy", "iam:TagRole",
         "iam:UntagRole"),
        "role",
    ),
    "aws_iam_role_policy": (("iam:GetRolePolicy",), ("iam:PutRolePolicy", "iam:DeleteRolePolicy"), "role"),
    "aws_iam_role_policy_attachment": (("iam:ListAttachedRolePolicies",), (), "role"),
    "aws_kms_key": (
        ("kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"),
        ("kms:PutKeyPolicy", "kms:EnableKeyRotation", "kms:ScheduleKeyDeletion", "kms:UpdateKeyDescription",
         "kms:TagResource", "kms:UntagResource"),
        "key",
    ),
    "aws_lambda_function": (
        ("lambda:GetFunction", "lambda:GetFunctionConfiguration", "lambda:GetFunctionCodeSigningConfig",
         "lambda:GetFunctionConcurrency", "lambda:ListVersionsByFunction", "lambda:ListTags"),
        ("lambda:CreateFunction", "lambda:DeleteFunction", "lambda:UpdateFunctionCode",
         "lambda:UpdateFunctionConfiguration", "lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency",
         "lambda:TagResource", "lambda:UntagResource"),
        "function",
    ),
    "aws_lambda_permission": (("lambda:GetPolicy",), ("lambda:AddPermission", "lambda:RemovePermission"), "function"),
    "aws_acm_certificate": (
        ("acm:DescribeCertificate", "acm:ListTagsForCertificate"),
        ("acm:DeleteCertificate", "acm:AddTagsToCertificate", "acm:RemoveTagsFromCertificate"),
        "certificate",
    ),
    "aws_acm_certificate_validation": (("acm:DescribeCertificate",), (), "certificate"),
    "aws_route53_record": (
        ("route53:GetHostedZone", "route53:ListResourceRecordSets", "route53:GetChange"),
        ("route53:ChangeResourceRecordSets",),
        "hostedzone",
    ),
    "aws_route53_zone": (("route53:GetHostedZone", "route53:ListTagsForResource"), (), "hostedzone"),
    "aws_cloudwatch_metric_alarm": (
        ("cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"),
        ("cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:TagResource",
         "cloudwatch:UntagResource"),
        "alarm",
    ),
    "aws_cloudwatch_dashboard": (
        ("cloudwatch:GetDashboard",), ("cloudwatch:PutDashboard", "cloudwatch:DeleteDashboards"), "dashboard"
    ),
    "aws_sns_topic": (
        ("sns:GetTopicAttributes", "sns:ListTagsForResource"),
        ("sns:CreateTopic", "sns:DeleteTopic", "sns:SetTopicAttributes", "sns:TagResource", "sns:UntagResource"),
        "topic",
    ),
    "aws_sns_topic_subscription": ((), ("sns:Subscribe",), "topic"),
    # An identity provider's client secret: read (and decrypted) at plan time.
    "aws_ssm_parameter": (("ssm:GetParameter",), (), "parameter"),
    # Data sources without an IAM action: the caller's identity, the region, a policy document rendered locally.
    "aws_caller_identity": ((), (), ""),
    "aws_region": ((), (), ""),
    "aws_iam_policy_document": ((), (), ""),
}  # fmt: skip

#: Actions IAM allows only on "*" (no resource type in the Service Authorization Reference), by resource type.
UNSCOPED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "aws_cognito_user_pool": ((), ("cognito-idp:CreateUserPool",)),
    "aws_cognito_user_pool_domain": (("cognito-idp:DescribeUserPoolDomain",), ()),
    "aws_kms_key": ((), ("kms:CreateKey",)),
    "aws_acm_certificate": ((), ("acm:RequestCertificate",)),
    "aws_route53_zone": (("route53:ListHostedZones",), ()),
    "aws_sns_topic_subscription": (
        ("sns:GetSubscriptionAttributes",),
        ("sns:SetSubscriptionAttributes", "sns:Unsubscribe"),
    ),
}


@dataclass(frozen=True)
class Statement:
    """One IAM policy statement (Allow): its id, actions, resources and an optional condition."""

    sid: str
    actions: tuple[str, ...]
    resources: tuple[str, ...]
    condition: tuple[tuple[str, str, tuple[str, ...]], ...] = ()

    def document(self) -> dict[str, object]:
        """The statement as IAM JSON."""
        body: dict[str, object] = {
            "Sid": self.sid,
            "Effect": "Allow",
            "Action": list(self.actions),
            "Resource": list(self.resources),
        }
        if self.condition:
            body["Condition"] = {test: {key: list(values)} for test, key, values in self.condition}
        return body


def policy(stacks: Sequence[StackDocument], *, account: str, region: str, write: bool) -> dict[str, object]:
    """The policy document of the deploy role (`write`) or the plan role, for the environments' `stacks` (one
    account and region). `PackageError` when a stack holds a type whose permissions are not known here."""
    blocks = [block for stack in stacks for block in stack.blocks.values()]
    unknown = sorted({block.type for block in blocks} - set(ACTIONS))
    if unknown:
        raise PackageError(
            f"no IAM permissions known for resource type {unknown[0]}; allowed: the types of "
            "modules/delivery/permissions.py (add the type's actions there)"
        )
    types = {block.type for block in blocks}
    resources = _resources(stacks, account=account, region=region)
    by_kind: dict[str, set[str]] = {}
    for type_ in types:
        read, change, kind = ACTIONS[type_]
        if kind:
            by_kind.setdefault(kind, set()).update(read + (change if write else ()))
    statements = [
        Statement(_sid(kind), tuple(sorted(actions)), resources[kind])
        for kind, actions in sorted(by_kind.items())
        if actions
    ]
    unscoped = sorted({a for t in types if t in UNSCOPED for a in UNSCOPED[t][0] + (UNSCOPED[t][1] if write else ())})
    if unscoped:
        statements.append(Statement("NoResourceType", tuple(unscoped), ("*",)))
    if write:
        statements += _role_guards(stacks, resources["role"])
    return {"Version": "2012-10-17", "Statement": [statement.document() for statement in statements]}


def _role_guards(stacks: Sequence[StackDocument], roles: tuple[str, ...]) -> list[Statement]:
    """Attach only the managed policies the stacks attach; pass the stacks' roles to Lambda only."""
    attached = sorted(
        {
            str(block.argument("policy_arn"))
            for stack in stacks
            for block in stack.of_type("aws_iam_role_policy_attachment")
        }
    )
    guards = []
    if attached:
        guards.append(
            Statement(
                "AttachOnlyTheStacksPolicies",
                ("iam:AttachRolePolicy", "iam:DetachRolePolicy"),
                roles,
                (("ArnEquals", "iam:PolicyARN", tuple(attached)),),
            )
        )
    if any(stack.of_type("aws_lambda_function") for stack in stacks):
        guards.append(
            Statement(
                "PassTheStacksRolesToLambda",
                ("iam:PassRole",),
                roles,
                (("StringEquals", "iam:PassedToService", ("lambda.amazonaws.com",)),),
            )
        )
    return guards


def _resources(stacks: Sequence[StackDocument], *, account: str, region: str) -> dict[str, tuple[str, ...]]:
    """The ARNs each kind of resource may be acted on."""

    def named(type_: str, argument: str, template: str) -> tuple[str, ...]:
        names = sorted({str(b.argument(argument)) for s in stacks for b in s.of_type(type_)})
        return tuple(template.format(name=name) for name in names) or (template.format(name="none"),)

    log_groups = named("aws_cloudwatch_log_group", "name", f"arn:aws:logs:{region}:{account}:log-group:{{name}}")
    return {
        "userpool": (f"arn:aws:cognito-idp:{region}:{account}:userpool/*",),
        "apigateway": tuple(f"arn:aws:apigateway:{region}::{path}" for path in _APIGATEWAY_PATHS),
        "log-group": tuple(arn for group in log_groups for arn in (group, f"{group}:*")),
        "role": named("aws_iam_role", "name", f"arn:aws:iam::{account}:role/{{name}}"),
        "key": (f"arn:aws:kms:{region}:{account}:key/*",),
        "function": named(
            "aws_lambda_function", "function_name", f"arn:aws:lambda:{region}:{account}:function:{{name}}"
        ),
        "certificate": (f"arn:aws:acm:{region}:{account}:certificate/*",),
        "hostedzone": ("arn:aws:route53:::hostedzone/*", "arn:aws:route53:::change/*"),
        "alarm": named(
            "aws_cloudwatch_metric_alarm", "alarm_name", f"arn:aws:cloudwatch:{region}:{account}:alarm:{{name}}"
        ),
        "dashboard": named(
            "aws_cloudwatch_dashboard", "dashboard_name", f"arn:aws:cloudwatch::{account}:dashboard/{{name}}"
        ),
        "topic": named("aws_sns_topic", "name", f"arn:aws:sns:{region}:{account}:{{name}}"),
        "parameter": tuple(
            f"arn:aws:ssm:{region}:{account}:parameter{name}"
            for name in sorted(
                {str(b.argument("name")) for s in stacks for b in s.data_sources if b.type == "aws_ssm_parameter"}
            )
        )
        or (f"arn:aws:ssm:{region}:{account}:parameter/none",),
    }


#: API Gateway's resources of HTTP APIs, their tags and custom domains (API Gateway Management V2).
_APIGATEWAY_PATHS = ("/apis", "/apis/*", "/tags/*", "/domainnames", "/domainnames/*")


def _sid(kind: str) -> str:
    return "".join(part.capitalize() for part in kind.split("-"))
