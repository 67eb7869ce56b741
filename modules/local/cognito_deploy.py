"""A stack's identity resources in the embedded Cognito: created as declared, or reconciled with a changed stack.

Without a previous deployment, every user pool, resource server, domain, group, identity provider and app client
is created, in that order. A pool's pre-token-generation trigger is not moto's to run: `token_trigger.py` runs it.
An OIDC identity provider is created with the `ProviderDetails` of the local stand-in that plays it
(`provider_details`, by address): its declared details hold a secret read from SSM, which never resolves locally.

With one (`make local WATCH=1` after a config edit), resources are matched by Terraform address and compared by
declaration, as Terraform would plan them:
- a user pool whose own declaration and those of its resource servers and domains are unchanged is kept, with its
  users, so their tokens keep working; otherwise it is created anew, with all that belongs to it (moto can update
  neither a pool's schema nor a resource server);
- an app client of a kept pool is kept when unchanged, updated in place when changed (same client id, so tokens
  stay valid; moto merges the update, so an argument removed from the declaration keeps its old value there),
  created anew when `generate_secret` changed (Terraform replaces it too) or when it is new, and deleted when it
  is gone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError  # type: ignore[import-untyped]

from modules.errors import EmulatorError
from modules.local.cognito_requests import (
    CLIENT_ARGUMENTS,
    DOMAIN_ARGUMENTS,
    GROUP_ARGUMENTS,
    POOL_ARGUMENTS,
    PROVIDER_ARGUMENTS,
    SERVER_ARGUMENTS,
    api_request,
)
from modules.local.description import ApiDescription
from modules.synth_output.model import Block
from modules.synth_output.references import expressions, single_address

#: What is created with a pool, and replaced with it when it changes (moto cannot update them in place).
POOL_MEMBERS = frozenset(
    {
        "aws_cognito_resource_server", "aws_cognito_user_pool_domain", "aws_cognito_user_group",
        "aws_cognito_identity_provider",
    }
)  # fmt: skip


@dataclass
class Deployment:
    """What the embedded Cognito holds for a stack: ids by Terraform address, the values references resolve to,
    what could not be applied, and the declarations it was made from."""

    endpoint: str
    region: str
    pool_ids: dict[str, str] = field(default_factory=dict)
    client_ids: dict[str, str] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    resources: dict[str, Block] = field(default_factory=dict)


def deploy(
    api: Any,
    description: ApiDescription,
    deployment: Deployment,
    previous: Deployment | None,
    provider_details: Mapping[str, Mapping[str, str]] | None = None,
) -> None:
    """Create `description`'s resources into `deployment` (which holds the data sources' values), reconciled with
    `previous` when given (see the module); `provider_details`: the stand-in's details of each OIDC provider."""
    kept = kept_pools(description, previous) if previous is not None else set()
    for pool in description.user_pools:
        _keep(pool, previous, deployment) if pool.address in kept else create_pool(api, pool, deployment)
    for server in description.resource_servers:
        _keep(server, previous, deployment) if _pool_of(server) in kept else create_server(api, server, deployment)
    for domain in description.domains:
        _keep(domain, previous, deployment) if _pool_of(domain) in kept else create_domain(api, domain, deployment)
    for group in description.groups:
        _keep(group, previous, deployment) if _pool_of(group) in kept else create_group(api, group, deployment)
    for provider in description.identity_providers:
        if _pool_of(provider) in kept:
            _keep(provider, previous, deployment)
        else:
            create_identity_provider(api, provider, deployment, (provider_details or {}).get(provider.address))
    for client in description.clients:
        old = previous.resources.get(client.address) if previous and _pool_of(client) in kept else None
        if old is None or old.arguments.get("generate_secret") != client.arguments.get("generate_secret"):
            create_client(api, client, deployment)
        elif old == client:
            _keep(client, previous, deployment)
        else:
            assert previous is not None
            update_client(api, client, previous.client_ids[client.address], deployment)
    if previous is not None:
        _delete_replaced_clients(api, previous, deployment, kept)
    deployment.skipped.extend(resource.address for resource in description.unemulated)


def kept_pools(description: ApiDescription, previous: Deployment) -> set[str]:
    """Addresses of the pools whose declaration, resource servers and domains are all as in `previous`."""
    now = [*description.resource_servers, *description.domains, *description.groups, *description.identity_providers]
    before = [r for r in previous.resources.values() if r.type in POOL_MEMBERS]
    return {
        pool.address
        for pool in description.user_pools
        if previous.resources.get(pool.address) == pool
        and _belonging(now, pool.address) == _belonging(before, pool.address)
    }


def create_pool(api: Any, pool: Block, deployment: Deployment) -> None:
    """Create a user pool (and its TOTP MFA setting, as the Terraform provider does) and record its values."""
    values = deployment.values
    request = api_request(pool, POOL_ARGUMENTS, values, deployment.skipped, name_key="PoolName")
    token_mfa = request.pop("SoftwareTokenMfaConfiguration", None)
    skipped = f"{pool.address}.lambda_config"
    if _only_pre_token_trigger(pool) and skipped in deployment.skipped:  # run by token_trigger.py, not by moto
        deployment.skipped.remove(skipped)
    created = _call(pool, api.create_user_pool, request)["UserPool"]
    pool_id = created["Id"]
    if isinstance(token_mfa, dict):
        mfa = {"MfaConfiguration": request.get("MfaConfiguration", "OFF"), "SoftwareTokenMfaConfiguration": token_mfa}
        _call(pool, api.set_user_pool_mfa_config, {"UserPoolId": pool_id, **mfa})
    deployment.pool_ids[pool.address] = pool_id
    deployment.resources[pool.address] = pool
    values[f"{pool.address}.id"] = pool_id
    values[f"{pool.address}.arn"] = created["Arn"]
    values[f"{pool.address}.endpoint"] = f"cognito-idp.{deployment.region}.amazonaws.com/{pool_id}"


def create_group(api: Any, group: Block, deployment: Deployment) -> None:
    """Create a group of a pool (its members are added with AdminAddUserToGroup, as on AWS)."""
    request = api_request(group, GROUP_ARGUMENTS, deployment.values, deployment.skipped, name_key="GroupName")
    _call(group, api.create_group, request)
    deployment.resources[group.address] = group
    deployment.values[f"{group.address}.id"] = f"{request['UserPoolId']}/{request['GroupName']}"


def create_identity_provider(
    api: Any, provider: Block, deployment: Deployment, details: Mapping[str, str] | None
) -> None:
    """Create an identity provider: with `details` (the stand-in's) in place of its declared `provider_details`
    when given; record its `provider_name`, which the clients' `supported_identity_providers` name."""
    request = api_request(provider, PROVIDER_ARGUMENTS, deployment.values, deployment.skipped, name_key=None)
    if details is not None:
        request["ProviderDetails"] = dict(details)
        unapplied = f"{provider.address}.provider_details"
        deployment.skipped[:] = [entry for entry in deployment.skipped if entry != unapplied]
    request.setdefault("ProviderDetails", {})
    _call(provider, api.create_identity_provider, request)
    deployment.resources[provider.address] = provider
    deployment.values[f"{provider.address}.provider_name"] = str(request["ProviderName"])
    deployment.values[f"{provider.address}.id"] = f"{request['UserPoolId']}:{request['ProviderName']}"


def create_server(api: Any, server: Block, deployment: Deployment) -> None:
    """Create a resource server and record its id (`<pool id>|<identifier>`, as Terraform's)."""
    request = api_request(server, SERVER_ARGUMENTS, deployment.values, deployment.skipped, name_key="Name")
    _call(server, api.create_resource_server, request)
    deployment.resources[server.address] = server
    deployment.values[f"{server.address}.id"] = f"{request['UserPoolId']}|{request['Identifier']}"


def create_domain(api: Any, domain: Block, deployment: Deployment) -> None:
    """Create a user pool domain and record its id (the domain) and CloudFront distribution."""
    request = api_request(domain, DOMAIN_ARGUMENTS, deployment.values, deployment.skipped, name_key=None)
    created = _call(domain, api.create_user_pool_domain, request)
    deployment.resources[domain.address] = domain
    deployment.values[f"{domain.address}.id"] = str(request["Domain"])
    deployment.values[f"{domain.address}.cloudfront_distribution"] = str(created.get("CloudFrontDomain", ""))


def create_client(api: Any, client: Block, deployment: Deployment) -> None:
    """Create an app client (with a secret when it declares `generate_secret`) and record its id."""
    request = api_request(client, CLIENT_ARGUMENTS, deployment.values, deployment.skipped, name_key="ClientName")
    client_id = _call(client, api.create_user_pool_client, request)["UserPoolClient"]["ClientId"]
    deployment.client_ids[client.address] = client_id
    deployment.resources[client.address] = client
    deployment.values[f"{client.address}.id"] = client_id


def update_client(api: Any, client: Block, client_id: str, deployment: Deployment) -> None:
    """Update an app client in place to its new declaration; it keeps its id (and its secret)."""
    request = api_request(client, CLIENT_ARGUMENTS, deployment.values, deployment.skipped, name_key="ClientName")
    request.pop("GenerateSecret", None)
    _call(client, api.update_user_pool_client, {**request, "ClientId": client_id})
    deployment.client_ids[client.address] = client_id
    deployment.resources[client.address] = client
    deployment.values[f"{client.address}.id"] = client_id


def _delete_replaced_clients(api: Any, previous: Deployment, deployment: Deployment, kept: set[str]) -> None:
    """Delete the clients of kept pools that are gone from the stack, or were replaced by a new client."""
    for address, client_id in previous.client_ids.items():
        pool_address = _pool_of(previous.resources[address])
        if pool_address in kept and deployment.client_ids.get(address) != client_id:
            request = {"UserPoolId": previous.pool_ids[pool_address], "ClientId": client_id}
            _call(previous.resources[address], api.delete_user_pool_client, request)


def _only_pre_token_trigger(pool: Block) -> bool:
    """Whether the pool's `lambda_config` is a pre-token-generation trigger and nothing else."""
    config = pool.arguments.get("lambda_config")
    block = config[0] if isinstance(config, list) and len(config) == 1 else config
    return isinstance(block, dict) and set(block) == {"pre_token_generation_config"}


def _keep(resource: Block, previous: Deployment | None, deployment: Deployment) -> None:
    """Carry an unchanged resource over from `previous`: its ids, values and skipped arguments."""
    assert previous is not None
    address = resource.address
    deployment.resources[address] = resource
    deployment.values.update({k: v for k, v in previous.values.items() if k.startswith(f"{address}.")})
    deployment.skipped.extend(entry for entry in previous.skipped if entry.startswith(f"{address}."))
    if address in previous.pool_ids:
        deployment.pool_ids[address] = previous.pool_ids[address]
    if address in previous.client_ids:
        deployment.client_ids[address] = previous.client_ids[address]


def _pool_of(resource: Block) -> str:
    """The address of the pool `resource` belongs to (by its `user_pool_id` reference), or ""."""
    pool = str(resource.arguments.get("user_pool_id", ""))
    return single_address(pool) if expressions(pool) else ""


def _belonging(resources: list[Block], pool_address: str) -> dict[str, Block]:
    """The resources of `pool_address`, by address."""
    return {resource.address: resource for resource in resources if _pool_of(resource) == pool_address}


def _call(resource: Block, operation: Any, request: dict[str, Any]) -> Any:
    """Call the emulator; a refusal is the stack's problem, reported as `EmulatorError` naming the resource."""
    try:
        return operation(**request)
    except (BotoCoreError, ClientError) as exc:
        raise EmulatorError(f"the embedded Cognito refused {resource.address}: {exc}") from None
