"""The values AWS and this product allow, as constants: regions, retention days, methods, runtimes, patterns."""

from __future__ import annotations

import re

AWS_REGIONS = (
    "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
    "ap-southeast-5", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2",
    "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1",
    "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1",
    "us-west-2",
)  # fmt: skip
LOG_RETENTION_DAYS = (
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
)  # fmt: skip
HTTP_METHODS = ("ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")
MFA_MODES = ("OFF", "OPTIONAL", "ON")
#: Cognito's feature plans ("User pool feature plans", Amazon Cognito Developer Guide,
#: https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-sign-in-feature-plans.html).
USER_POOL_TIERS = ("LITE", "ESSENTIALS", "PLUS")
#: Pre-token-generation trigger events that customize access tokens: V2_0 (user sign-in), V3_0 (also
#: client_credentials) ("Pre token generation Lambda trigger", Amazon Cognito Developer Guide).
PRE_TOKEN_VERSIONS = ("V2_0", "V3_0")
#: Threat protection's modes (AWS::Cognito::UserPool UserPoolAddOns, AdvancedSecurityMode).
THREAT_PROTECTION_MODES = ("OFF", "AUDIT", "ENFORCED")
#: Cognito's explicit auth flows that sign a user in (all but the refresh flow).
USER_AUTH_FLOWS = (
    "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH",
)  # fmt: skip
REFRESH_AUTH_FLOW = "ALLOW_REFRESH_TOKEN_AUTH"
AUTH_FLOWS = tuple(sorted((*USER_AUTH_FLOWS, REFRESH_AUTH_FLOW)))
LAMBDA_RUNTIMES = ("python3.12", "python3.13")
ARCHITECTURES = ("arm64", "x86_64")
BACKEND_TYPES = ("cloud", "local", "s3")
CLIENT_KINDS = ("interactive", "machine")

#: An environment name becomes a cdktf stack id and part of AWS resource names.
ENV_NAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,30}[a-z0-9]$")
#: The project name: the first part of every AWS name.
PROJECT_NAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]{1,38}[a-z0-9]$")
SEMVER_PATTERN = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
#: A function or client name: a key of `[functions.<name>]` / `[clients.<name>]`, part of resource names.
NAME_PATTERN = r"[a-z][a-z0-9-]{0,23}"
#: `METHOD /path` with an optional `{param}` / `{proxy+}` per segment, or `$default`; matched whole (`fullmatch`).
ROUTE_KEY_PATTERN = re.compile(r"(?P<method>[A-Z]+) (?P<path>/(?:[A-Za-z0-9._~-]+|\{[A-Za-z0-9_]+\+?\})?"
                               r"(?:/(?:[A-Za-z0-9._~-]+|\{[A-Za-z0-9_]+\+?\}))*)")  # fmt: skip
#: A path variable of a route key: `{name}`, or greedy `{name+}`.
PATH_VARIABLE_PATTERN = re.compile(r"\{(?P<name>[A-Za-z0-9_]+)(?P<greedy>\+?)\}")
DEFAULT_ROUTE_KEY = "$default"
LAMBDA_TARGET = "lambda"
#: `log_kms_key` value asking for a customer managed key made by the stack.
LOG_KMS_CREATE = "create"
#: An OAuth scope name, as Cognito's resource servers allow it.
SCOPE_PATTERN = r"[A-Za-z0-9_.:-]{1,64}"
#: The hosts a callback or logout URL may name with plain `http://`: this machine, for development. Cognito's
#: reference names http://localhost; 127.0.0.1 and [::1] are the same loopback by address.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")
#: A DNS hostname: 2+ labels of lowercase letters, digits and inner hyphens (RE2 and Python alike: no lookahead).
HOSTNAME_PATTERN = r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]"
#: An AWS account id: 12 digits ("Your AWS account ID", AWS Account Management Reference Guide).
ACCOUNT_ID_PATTERN = r"\d{12}"
#: An IAM role's ARN, `arn:<partition>:iam::<account>:role/<path/><name>`: a name of 1-64 characters of letters,
#: digits and `+=,.@_-`, under an optional path (IAM User Guide, "IAM identifiers" and "IAM object quotas").
ROLE_ARN_PATTERN = r"arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role/(?:[\w+=,.@-]+/)*[\w+=,.@-]{1,64}"
#: STS's limit on a role session name (AssumeRole, RoleSessionName: 2-64 characters).
MAX_SESSION_NAME = 64
#: An HCP Terraform organization: letters, digits, underscores and hyphens (HCP Terraform, "Organizations").
ORGANIZATION_PATTERN = r"[A-Za-z0-9_-]+"
#: A workspace tag: 1-255 letters, digits, colons, hyphens and underscores (HCP Terraform, "Organization tags API").
WORKSPACE_TAG_PATTERN = r"[A-Za-z0-9:_-]{1,255}"
