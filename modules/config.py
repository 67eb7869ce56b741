"""Frozen, typed configuration objects. Every default of the product is defined here, and only here.

The loader (`config_loader.py`) turns `environments.toml` into these objects; constructs read them and never
see raw TOML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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


# --- the typed config ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PasswordPolicy:
    """Cognito password policy. Default: at least 12 characters with all four character classes."""

    minimum_length: int = 12
    require_lowercase: bool = True
    require_uppercase: bool = True
    require_numbers: bool = True
    require_symbols: bool = True
    temporary_password_validity_days: int = 7


@dataclass(frozen=True)
class UserPoolConfig:
    """Cognito user pool settings. `deletion_protection` defaults to True for an environment named `prod`."""

    mfa: str = "OFF"
    deletion_protection: bool = False
    password: PasswordPolicy = field(default_factory=PasswordPolicy)


@dataclass(frozen=True)
class ClientConfig:
    """Cognito app client, without secret. `auth_flows` are Cognito's explicit auth flow names."""

    auth_flows: tuple[str, ...] = ("ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")
    access_token_validity_minutes: int = 60
    id_token_validity_minutes: int = 60
    refresh_token_validity_days: int = 30
    #: OAuth callback URLs; needed only when a route asks for scopes (the client then uses the code flow).
    callback_urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class CorsConfig:
    """CORS for the HTTP API. Absent from the config means no CORS configuration at all."""

    allow_origins: tuple[str, ...]
    allow_methods: tuple[str, ...] = ("GET", "OPTIONS", "POST")
    allow_headers: tuple[str, ...] = ("authorization", "content-type")
    expose_headers: tuple[str, ...] = ()
    allow_credentials: bool = False
    max_age_seconds: int = 300


@dataclass(frozen=True)
class ThrottlingConfig:
    """Default route throttling of the `$default` stage. Never 0 (0 would block every request)."""

    burst_limit: int = 100
    rate_limit: float = 50.0


@dataclass(frozen=True)
class FunctionConfig:
    """The Lambda function built from `source_dir` (arm64)."""

    source_dir: str = "lambda_src"
    handler: str = "handler.handler"
    runtime: str = "python3.13"
    memory_mb: int = 128
    timeout_seconds: int = 10
    #: Reserved concurrency; -1 means unreserved.
    reserved_concurrency: int = -1


@dataclass(frozen=True)
class BackendConfig:
    """Terraform state backend. `local` keeps `terraform.<env>.tfstate` beside the stack."""

    type: str = "local"
    bucket: str = ""
    key: str = ""
    region: str = ""
    encrypt: bool = True
    use_lockfile: bool = True


@dataclass(frozen=True)
class RouteConfig:
    """One route. `target` is `lambda` (AWS_PROXY, payload 2.0) or an https URL (HTTP_PROXY).

    Routes use the JWT authorizer unless `public` is true. `scopes` are short names, published by the
    generated resource server as `<project>/<scope>`.
    """

    route_key: str
    target: str = LAMBDA_TARGET
    public: bool = False
    scopes: tuple[str, ...] = ()

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
    region: str
    log_retention_days: int = 30
    user_pool: UserPoolConfig = field(default_factory=UserPoolConfig)
    client: ClientConfig = field(default_factory=ClientConfig)
    cors: CorsConfig | None = None
    throttling: ThrottlingConfig = field(default_factory=ThrottlingConfig)
    function: FunctionConfig = field(default_factory=FunctionConfig)
    backend: BackendConfig = field(default_factory=BackendConfig)
    routes: tuple[RouteConfig, ...] = ()

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
