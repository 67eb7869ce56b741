"""Frozen, typed configuration objects. Every default of the product is defined here, and only here.

The loader (`config_loader.py`) turns `environments.toml` into these objects; constructs read them and never
see raw TOML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import MISSING, Field, dataclass, field
from typing import Any

from modules.config.rules import Between, DistinctSubset, EachMatches, Matches, OneOf, Rule

# --- allowed values ------------------------------------------------------------------------------------------

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
AUTH_FLOWS = (
    "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_USER_SRP_AUTH",
)  # fmt: skip
LAMBDA_RUNTIMES = ("python3.12", "python3.13")
BACKEND_TYPES = ("local", "s3")

#: An environment name becomes a cdktf stack id and part of AWS resource names.
ENV_NAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,30}[a-z0-9]$")
#: `METHOD /path` with an optional `{param}` / `{proxy+}` per segment, or `$default`.
ROUTE_KEY_PATTERN = re.compile(r"^(?P<method>[A-Z]+) (?P<path>/(?:[A-Za-z0-9._~-]+|\{[A-Za-z0-9_]+\+?\})?"
                               r"(?:/(?:[A-Za-z0-9._~-]+|\{[A-Za-z0-9_]+\+?\}))*)$")  # fmt: skip
DEFAULT_ROUTE_KEY = "$default"
LAMBDA_TARGET = "lambda"
#: `log_kms_key` value asking for a customer managed key made by the stack.
LOG_KMS_CREATE = "create"

#: The environment that gets production defaults: they apply where neither `[defaults]` nor its own table sets
#: the field (deletion protection on, a year of logs, MFA offered).
PRODUCTION_ENVIRONMENT = "prod"
PRODUCTION_DEFAULTS: dict[str, Any] = {
    "log_retention_days": 365,
    "user_pool": {"mfa": "OPTIONAL", "deletion_protection": True},
}


def route_resource_name(route_key: str) -> str:
    """Terraform resource name of a route: `GET /example` → `get_example`, `GET /` → `get_root`.

    Derived from the route key (the natural key), never from a list position, so reordering routes in the
    config never replaces infrastructure.
    """
    if route_key == DEFAULT_ROUTE_KEY:
        return "default"
    method, path = route_key.split(" ", 1)
    words = re.sub(r"[^a-z0-9]+", "_", path.lower()).strip("_")
    return f"{method.lower()}_{words or 'root'}"


def setting(
    default: Any = MISSING, *, doc: str, allowed: Rule | None = None, default_factory: Callable[[], Any] | None = None
) -> Any:
    """A config field with its description and, optionally, the rule its values obey.

    Both live in the field's metadata (`doc`, `allowed`): the loader checks the rule, the docs and the exported
    module's variables (descriptions, `validation` blocks) are derived from them.
    """
    metadata = {"doc": doc, "allowed": allowed}
    if default_factory is not None:
        return field(default_factory=default_factory, metadata=metadata)
    return field(default=default, metadata=metadata)


def describe(field: Field[Any]) -> str:
    """A field's description followed by what it allows, e.g. `Lambda memory in MB (allowed: 128..10240)`."""
    rule = field.metadata.get("allowed")
    doc = str(field.metadata.get("doc", field.name))
    return f"{doc} (allowed: {rule.describe()})" if rule is not None else doc


# --- the typed config ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PasswordPolicy:
    """Cognito password policy. Default: at least 12 characters with all four character classes."""

    minimum_length: int = setting(12, allowed=Between(6, 99), doc="Minimum password length")
    require_lowercase: bool = setting(True, doc="Require a lowercase letter")
    require_uppercase: bool = setting(True, doc="Require an uppercase letter")
    require_numbers: bool = setting(True, doc="Require a digit")
    require_symbols: bool = setting(True, doc="Require a symbol")
    temporary_password_validity_days: int = setting(
        7, allowed=Between(0, 365), doc="Days an admin-set temporary password stays valid"
    )


@dataclass(frozen=True)
class UserPoolConfig:
    """Cognito user pool settings. An environment named `prod` defaults to deletion protection and MFA OPTIONAL."""

    mfa: str = setting(
        "OFF",
        allowed=OneOf(MFA_MODES),
        doc="MFA setting of the user pool, with TOTP software tokens (default OPTIONAL in prod)",
    )
    deletion_protection: bool = setting(
        False, doc="Protect the user pool against deletion (default: true in prod only)"
    )
    password: PasswordPolicy = setting(default_factory=PasswordPolicy, doc="Password policy")


@dataclass(frozen=True)
class ClientConfig:
    """Cognito app client, without secret. `auth_flows` are Cognito's explicit auth flow names."""

    auth_flows: tuple[str, ...] = setting(
        ("ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"),
        allowed=DistinctSubset(AUTH_FLOWS),
        doc="Explicit auth flows of the app client",
    )
    access_token_validity_minutes: int = setting(60, allowed=Between(5, 1440), doc="Access token validity in minutes")
    id_token_validity_minutes: int = setting(60, allowed=Between(5, 1440), doc="Id token validity in minutes")
    refresh_token_validity_days: int = setting(30, allowed=Between(1, 3650), doc="Refresh token validity in days")
    callback_urls: tuple[str, ...] = setting(
        (),
        allowed=EachMatches(r"https://.*|http://localhost([:/].*)?", "https:// URLs (or http://localhost)"),
        doc="OAuth callback URLs (needed when a route has scopes: the client then allows the code flow)",
    )


@dataclass(frozen=True)
class CorsConfig:
    """CORS for the HTTP API. Absent from the config means no CORS configuration at all."""

    allow_origins: tuple[str, ...] = setting(doc="Allowed origins (never '*' together with allow_credentials)")
    allow_methods: tuple[str, ...] = setting(("GET", "OPTIONS", "POST"), doc="Allowed methods")
    allow_headers: tuple[str, ...] = setting(("authorization", "content-type"), doc="Allowed request headers")
    expose_headers: tuple[str, ...] = setting((), doc="Response headers exposed to the browser")
    allow_credentials: bool = setting(False, doc="Allow credentials (cookies, Authorization) in cross-origin requests")
    max_age_seconds: int = setting(300, allowed=Between(0, 86400), doc="Seconds a browser may cache a preflight answer")


@dataclass(frozen=True)
class ThrottlingConfig:
    """Default route throttling of the `$default` stage. Never 0 (0 would block every request)."""

    burst_limit: int = setting(
        100,
        allowed=Between(1, 5000, note="0 would block all traffic"),
        doc="Default route burst limit of the $default stage",
    )
    rate_limit: float = setting(
        50.0,
        allowed=Between(0, 10000, above=True),
        doc="Default route rate limit of the $default stage, requests per second",
    )


@dataclass(frozen=True)
class FunctionConfig:
    """The Lambda function built from `source_dir` (arm64)."""

    source_dir: str = setting("lambda_src", doc="Directory of the Lambda source, relative to the project")
    handler: str = setting(
        "handler.handler",
        allowed=Matches(r"[A-Za-z_]\w*\.[A-Za-z_]\w*", "module.function, e.g. handler.handler"),
        doc="Lambda handler, module.function",
    )
    runtime: str = setting("python3.13", allowed=OneOf(LAMBDA_RUNTIMES), doc="Lambda runtime")
    memory_mb: int = setting(128, allowed=Between(128, 10240), doc="Lambda memory in MB")
    timeout_seconds: int = setting(
        10,
        allowed=Between(1, 30, note="API Gateway's integration timeout is 30 s"),
        doc="Lambda timeout in seconds",
    )
    reserved_concurrency: int = setting(
        -1, allowed=Between(1, 1000, also=-1), doc="Reserved concurrent executions; -1 means unreserved"
    )


@dataclass(frozen=True)
class BackendConfig:
    """Terraform state backend. `local` keeps `terraform.<env>.tfstate` beside the stack."""

    type: str = setting("local", allowed=OneOf(BACKEND_TYPES), doc="Terraform backend")
    bucket: str = setting("", doc="S3 bucket of the state (s3 only)")
    key: str = setting("", doc="S3 key of the state (default <project>/<env>/terraform.tfstate)")
    region: str = setting("", doc="Region of the state bucket (default: the environment's region)")
    encrypt: bool = setting(True, doc="Encrypt the state object (s3 only)")
    use_lockfile: bool = setting(True, doc="Lock the state with an S3 lock file (s3 only)")


@dataclass(frozen=True)
class RouteConfig:
    """One route. `target` is `lambda` (AWS_PROXY, payload 2.0) or an https URL (HTTP_PROXY).

    Routes use the JWT authorizer unless `public` is true. `scopes` are short names, published by the
    generated resource server as `<project>/<scope>`.
    """

    route_key: str = setting(doc="'METHOD /path' or '$default'")
    target: str = setting(LAMBDA_TARGET, doc="'lambda' (AWS_PROXY, payload 2.0) or an https:// URL (HTTP_PROXY)")
    public: bool = setting(False, doc="true: no authorization (authorization_type NONE); false: the JWT authorizer")
    scopes: tuple[str, ...] = setting((), doc="Scopes the token must carry, published as <project>/<scope>")

    @property
    def resource_name(self) -> str:
        return route_resource_name(self.route_key)

    @property
    def is_lambda(self) -> bool:
        return self.target == LAMBDA_TARGET

    @property
    def method(self) -> str:
        return "ANY" if self.route_key == DEFAULT_ROUTE_KEY else self.route_key.split(" ", 1)[0]


@dataclass(frozen=True)
class EnvironmentConfig:
    """Everything one environment stack is built from."""

    name: str
    project: str
    region: str = setting(doc="AWS region", allowed=OneOf(AWS_REGIONS, what="the AWS regions "))
    log_retention_days: int = setting(
        30,
        allowed=OneOf(LOG_RETENTION_DAYS, what="CloudWatch's values "),
        doc="Retention of the function and access log groups, in days (default 365 in prod)",
    )
    log_kms_key: str = setting(
        "",
        doc="KMS key of the log groups: '' (CloudWatch's own encryption), 'create' (a customer managed key per "
        "environment, rotated yearly) or the ARN of an existing key in the environment's region",
    )
    user_pool: UserPoolConfig = setting(default_factory=UserPoolConfig, doc="Cognito user pool settings")
    client: ClientConfig = setting(default_factory=ClientConfig, doc="Cognito app client settings")
    cors: CorsConfig | None = setting(None, doc="CORS of the HTTP API (null: no CORS)")
    throttling: ThrottlingConfig = setting(
        default_factory=ThrottlingConfig, doc="Default route throttling of the $default stage"
    )
    function: FunctionConfig = setting(default_factory=FunctionConfig, doc="Lambda function settings")
    backend: BackendConfig = setting(default_factory=BackendConfig, doc="Terraform state backend")
    routes: tuple[RouteConfig, ...] = setting((), doc="Routes of the HTTP API")

    @property
    def prefix(self) -> str:
        """Prefix of every AWS-side name in this environment, e.g. `cognito-http-api-dev`."""
        return f"{self.project}-{self.name}"

    @property
    def scopes(self) -> tuple[str, ...]:
        """All scope names the routes ask for, sorted and unique."""
        return tuple(sorted({scope for route in self.routes for scope in route.scopes}))

    @property
    def public_routes(self) -> tuple[str, ...]:
        return tuple(route.route_key for route in self.routes if route.public)


@dataclass(frozen=True)
class ProjectConfig:
    """The whole committed config: project identity plus one `EnvironmentConfig` per environment."""

    source: str
    name: str
    version: str
    environments: tuple[EnvironmentConfig, ...]

    def environment(self, name: str) -> EnvironmentConfig:
        for env in self.environments:
            if env.name == name:
                return env
        raise KeyError(name)
