"""The typed description of a synthesized HTTP API that `synth_output.py` reads and the emulator serves."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modules.errors import EmulatorError

#: Terraform meta-arguments: not arguments of the resource itself.
META_KEYS = frozenset({"//", "depends_on", "lifecycle", "provider", "count", "for_each", "provisioner"})


@dataclass(frozen=True)
class Resource:
    """One resource block: `type.name` and its arguments (without Terraform meta-arguments)."""

    type: str
    name: str
    attributes: Mapping[str, Any]

    @property
    def address(self) -> str:
        return f"{self.type}.{self.name}"


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
    user_pools: tuple[Resource, ...]
    clients: tuple[Resource, ...]
    resource_servers: tuple[Resource, ...]
    document: Mapping[str, Any]
    domains: tuple[Resource, ...] = ()
    #: Cognito resources of types the embedded Cognito does not create (e.g. managed login branding).
    unemulated: tuple[Resource, ...] = ()

    def resource(self, address: str) -> Resource:
        """The resource at `type.name` (raises `EmulatorError` when absent)."""
        return find_resource(self.document, self.stack_file, address)


def resources_of_type(document: Mapping[str, Any], type_: str) -> list[Resource]:
    """Every resource of `type_` in a Terraform JSON document, by name."""
    by_name = document.get("resource", {}).get(type_, {})
    return [
        Resource(type_, name, {k: v for k, v in body.items() if k not in META_KEYS})
        for name, body in sorted(by_name.items())
    ]


def find_resource(document: Mapping[str, Any], stack_file: Path, address: str) -> Resource:
    """The resource at `type.name` (raises `EmulatorError` when absent)."""
    type_, _, name = address.partition(".")
    for resource in resources_of_type(document, type_):
        if resource.name == name:
            return resource
    raise EmulatorError(f"{stack_file}: {address} is referenced but not declared")
