"""A changed stack reconciled in a running embedded Cognito: unchanged pools keep their users, clients their ids."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from modules.local.api_reader import load_description
from modules.local.cognito import EmbeddedCognito
from modules.local.description import ApiDescription
from modules.synth_output.model import Block
from tests.local.tokens import sign_in

WEB = "aws_cognito_user_pool_client.web"
SERVICE = "aws_cognito_user_pool_client.service"
POOL = "aws_cognito_user_pool.this"


@pytest.fixture
def cognito() -> Iterator[EmbeddedCognito]:
    with EmbeddedCognito("eu-west-1") as running:
        yield running


@pytest.fixture(scope="module")
def dev(synth_dir: Path) -> ApiDescription:
    return load_description(synth_dir / "stacks" / "dev" / "cdk.tf.json")


def changed(description: ApiDescription, address: str, **attributes: Any) -> ApiDescription:
    """`description` with the resource at `address` given other arguments (None removes one)."""

    def edit(resource: Block) -> Block:
        if resource.address != address:
            return resource
        merged = {k: v for k, v in {**resource.arguments, **attributes}.items() if v is not None}
        return Block(resource.type, resource.name, False, merged)

    return dataclasses.replace(
        description,
        user_pools=tuple(map(edit, description.user_pools)),
        clients=tuple(map(edit, description.clients)),
        resource_servers=tuple(map(edit, description.resource_servers)),
    )


def pool_ids(cognito: EmbeddedCognito) -> set[str]:
    return {pool["Id"] for pool in cognito.client().list_user_pools(MaxResults=60)["UserPools"]}


def test_the_same_stack_again_keeps_everything_and_its_users(cognito: EmbeddedCognito, dev: ApiDescription) -> None:
    first = cognito.deploy(dev)
    user = sign_in(cognito.client(), first.pool_ids[POOL], first.client_ids[WEB])
    pools_before = pool_ids(cognito)  # moto's state is per process: other tests' pools are there too
    again = cognito.deploy(dev, previous=first)
    assert (again.pool_ids, again.client_ids, again.values) == (first.pool_ids, first.client_ids, first.values)
    assert again.skipped == first.skipped
    assert cognito.client().admin_get_user(UserPoolId=again.pool_ids[POOL], Username=user.email)["Enabled"]
    assert pool_ids(cognito) == pools_before  # nothing created twice


def test_a_changed_client_is_updated_in_place_and_keeps_its_id(cognito: EmbeddedCognito, dev: ApiDescription) -> None:
    first = cognito.deploy(dev)
    urls = ["https://app.example.com/callback"]
    second = cognito.deploy(changed(dev, WEB, callback_urls=urls, access_token_validity=15), previous=first)
    assert second.client_ids == first.client_ids
    client = cognito.client().describe_user_pool_client(UserPoolId=first.pool_ids[POOL], ClientId=first.client_ids[WEB])
    assert (client["UserPoolClient"]["CallbackURLs"], client["UserPoolClient"]["AccessTokenValidity"]) == (urls, 15)


def test_a_new_secret_setting_replaces_the_client_and_a_removed_client_is_deleted(
    cognito: EmbeddedCognito, dev: ApiDescription
) -> None:
    first = cognito.deploy(dev)
    pool_id = first.pool_ids[POOL]
    flipped = changed(dev, SERVICE, generate_secret=False)
    without_web = dataclasses.replace(flipped, clients=tuple(c for c in flipped.clients if c.address != WEB))
    second = cognito.deploy(without_web, previous=first)
    assert second.pool_ids == first.pool_ids
    assert set(second.client_ids) == {SERVICE}
    assert second.client_ids[SERVICE] != first.client_ids[SERVICE]
    api = cognito.client()
    assert (
        "ClientSecret"
        not in api.describe_user_pool_client(UserPoolId=pool_id, ClientId=second.client_ids[SERVICE])["UserPoolClient"]
    )
    for gone in (first.client_ids[WEB], first.client_ids[SERVICE]):
        with pytest.raises(ClientError, match="ResourceNotFoundException"):
            api.describe_user_pool_client(UserPoolId=pool_id, ClientId=gone)


@pytest.mark.parametrize(
    ("address", "attributes"),
    [
        (POOL, {"mfa_configuration": "OPTIONAL"}),
        (
            "aws_cognito_resource_server.this",
            {"scope": [{"scope_name": "reports.write", "scope_description": "Grants the reports.write scope"}]},
        ),
    ],
)
def test_a_changed_pool_or_resource_server_makes_a_new_pool_with_new_clients(
    cognito: EmbeddedCognito, dev: ApiDescription, address: str, attributes: dict[str, Any]
) -> None:
    first = cognito.deploy(dev)
    user = sign_in(cognito.client(), first.pool_ids[POOL], first.client_ids[WEB])
    second = cognito.deploy(changed(dev, address, **attributes), previous=first)
    new_pool = second.pool_ids[POOL]
    assert new_pool != first.pool_ids[POOL]
    assert set(second.client_ids.values()).isdisjoint(first.client_ids.values())
    assert second.values[f"{POOL}.endpoint"].endswith(new_pool)
    with pytest.raises(ClientError, match="UserNotFoundException"):
        cognito.client().admin_get_user(UserPoolId=new_pool, Username=user.email)
    domain = cognito.client().describe_user_pool_domain(Domain="example-http-api-dev")["DomainDescription"]
    assert domain["UserPoolId"] == new_pool
