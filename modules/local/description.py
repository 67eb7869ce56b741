"""The typed description of a synthesized HTTP API that `api_reader.py` reads and the emulator serves."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from modules.synth_output.model import Block, StackDocument


@dataclass(frozen=True)
class Cors:
    """The API's `cors_configuration`."""

    allow_origins: tuple[str, ...]
    allow_methods: tuple[str, ...]
    allow_headers: tuple[str, ...]
    expose_headers: tuple[str, ...]
    allow_credentials: bool
    max_age: int | None


@dataclass(frozen=True)
class Throttling:
    """Token bucket of a route: `burst_limit` requests at once, refilled at `rate_limit` per second."""

    burst_limit: int
    rate_limit: float


@dataclass(frozen=True)
class Authorizer:
    """A JWT authorizer; `issuer` and `audience` are templates until resolved."""

    address: str
    identity_sources: tuple[str, ...]
    issuer: str
    audience: tuple[str, ...]


@dataclass(frozen=True)
class Function:
    """A Lambda function and its code: the synthesized zip asset, absolute; `environment`: its plain variables."""

    address: str
    function_name: str
    handler: str
    runtime: str
    architecture: str
    timeout_seconds: int
    memory_mb: int
    zip_path: Path
    log_group: str
    environment: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TokenTrigger:
    """A pool's pre-token-generation trigger: the pool's address, the event version and the function."""

    pool_address: str
    version: str
    function: Function


@dataclass(frozen=True)
class Integration:
    """`AWS_PROXY` (with its `function`) or `HTTP_PROXY` (with `uri` and `method`)."""

    address: str
    integration_type: str
    uri: str
    method: str
    payload_format_version: str
    timeout_ms: int
    function: Function | None


@dataclass(frozen=True)
class Route:
    """A route with everything needed to serve it."""

    route_key: str
    authorization_type: str
    authorizer: Authorizer | None
    scopes: tuple[str, ...]
    integration: Integration
    throttling: Throttling | None


@dataclass(frozen=True)
class ApiDescription:
    """What `make local` serves for one environment, read from its synthesized stack only."""

    environment: str
    stack_file: Path
    region: str
    api_name: str
    cors: Cors | None
    routes: tuple[Route, ...]
    user_pools: tuple[Block, ...]
    clients: tuple[Block, ...]
    resource_servers: tuple[Block, ...]
    document: StackDocument
    domains: tuple[Block, ...] = ()
    #: Cognito resources of types the embedded Cognito does not create (e.g. managed login branding).
    unemulated: tuple[Block, ...] = ()
    groups: tuple[Block, ...] = ()
    #: External identity providers (OIDC ones are played by the stand-in, `modules/local/oauth/identity_provider.py`).
    identity_providers: tuple[Block, ...] = ()
    token_triggers: tuple[TokenTrigger, ...] = ()

    def resource(self, address: str) -> Block:
        """The resource at `type.name` (raises `SynthOutputError` when absent)."""
        return self.document.block(address)
