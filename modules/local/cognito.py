"""The embedded Cognito: a moto server on 127.0.0.1 holding the stack's user pools, resource servers, domains and
app clients.

Every Terraform argument the emulator knows is sent to the Cognito API under its API name, exactly as declared
(`cognito_requests.py`: password policy, username and auto-verified attributes, MFA, auth flows, token validity,
secrets of machine clients, OAuth settings, resource server scopes, the sign-in domain...). Arguments it cannot
apply locally (unknown ones, ones moto ignores such as a domain's `managed_login_version`, or ones that refer to
resources the emulator does not create, such as a KMS key) and Cognito resources it does not emulate (managed
login branding) are listed in `Deployment.skipped`, never silently dropped.

moto signs every pool's tokens with one RSA key kept in the moto package and serves its public half as each
pool's JWKS, at `<endpoint>/<pool id>/.well-known/jwks.json`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import boto3  # type: ignore[import-untyped]
import requests
from botocore.config import Config  # type: ignore[import-untyped]
from botocore.exceptions import BotoCoreError, ClientError  # type: ignore[import-untyped]
from moto.server import ThreadedMotoServer

from modules.errors import EmulatorError
from modules.local.cognito_requests import (
    CLIENT_ARGUMENTS,
    DOMAIN_ARGUMENTS,
    POOL_ARGUMENTS,
    SERVER_ARGUMENTS,
    api_request,
)
from modules.local.description import ApiDescription, Resource

#: moto's default account.
ACCOUNT_ID = "123456789012"
COGNITO_ISSUER = re.compile(r"https://cognito-idp\.(?P<region>[a-z0-9-]+)\.amazonaws\.com/(?P<pool>[^/]+)")


@dataclass
class Deployment:
    """What the embedded Cognito created: ids by Terraform address, and the values references resolve to."""

    endpoint: str
    region: str
    pool_ids: dict[str, str] = field(default_factory=dict)
    client_ids: dict[str, str] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)


class EmbeddedCognito:
    """A moto server on 127.0.0.1 (free port unless given), in a thread of this process."""

    def __init__(self, region: str, port: int = 0) -> None:
        self.region = region
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        self._endpoint = ""

    def start(self) -> EmbeddedCognito:
        """Start serving; returns self."""
        self._server.start()
        host, port = self._server.get_host_and_port()
        self._endpoint = f"http://{host}:{port}"
        return self

    def stop(self) -> None:
        """Stop serving and wait for the server thread."""
        if self._endpoint:
            self._server.stop()
            self._endpoint = ""

    def __enter__(self) -> EmbeddedCognito:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    @property
    def endpoint(self) -> str:
        """`http://127.0.0.1:<port>`: use it as `--endpoint-url` / `endpoint_url`."""
        if not self._endpoint:
            raise EmulatorError("the embedded Cognito is not running")
        return self._endpoint

    def client(self) -> Any:
        """A boto3 `cognito-idp` client for the emulator (dummy credentials, no retries)."""
        return boto3.client(
            "cognito-idp",
            region_name=self.region,
            endpoint_url=self.endpoint,
            aws_access_key_id="local",
            aws_secret_access_key="local",
            config=Config(retries={"max_attempts": 1}, connect_timeout=10, read_timeout=30),
        )

    def deploy(self, description: ApiDescription) -> Deployment:
        """Create the stack's pools, resource servers, domains and clients, in that order, as declared.

        Cognito resources of other types (e.g. `aws_cognito_managed_login_branding`) are not emulated: their
        addresses go to `skipped`, with the arguments that could not be applied.
        """
        api = self.client()
        deployment = Deployment(endpoint=self.endpoint, region=self.region)
        values = deployment.values
        for name in description.document.get("data", {}).get("aws_region", {}):
            for attribute in ("region", "name", "id"):
                values[f"data.aws_region.{name}.{attribute}"] = self.region
        for name in description.document.get("data", {}).get("aws_caller_identity", {}):
            values[f"data.aws_caller_identity.{name}.account_id"] = ACCOUNT_ID
        for pool in description.user_pools:
            create_pool(api, pool, deployment)
        for server in description.resource_servers:
            create_resource_server(api, server, deployment)
        for domain in description.domains:
            create_domain(api, domain, deployment)
        for client in description.clients:
            create_client(api, client, deployment)
        deployment.skipped.extend(resource.address for resource in description.unemulated)
        return deployment

    def jwks_uri(self, issuer: str) -> str:
        """OIDC discovery of a pool of this emulator: its JWKS URL, after checking the issuer it announces."""
        match = COGNITO_ISSUER.fullmatch(issuer)
        if match is None or match["region"] != self.region:
            raise EmulatorError(f"issuer {issuer!r} is not a user pool of the embedded Cognito ({self.region})")
        session = requests.Session()
        session.trust_env = False  # loopback: never through a proxy from the environment
        with session:
            response = session.get(f"{self.endpoint}/{match['pool']}/.well-known/openid-configuration", timeout=10)
        document = response.json() if response.ok else {}
        if document.get("issuer") != issuer or not isinstance(document.get("jwks_uri"), str):
            raise EmulatorError(f"the embedded Cognito does not announce issuer {issuer!r}")
        return str(document["jwks_uri"])


def _call(resource: Resource, operation: Any, request: dict[str, Any]) -> Any:
    """Call the emulator; a refusal is the stack's problem, reported as `EmulatorError` naming the resource."""
    try:
        return operation(**request)
    except (BotoCoreError, ClientError) as exc:
        raise EmulatorError(f"the embedded Cognito refused {resource.address}: {exc}") from None


def create_pool(api: Any, pool: Resource, deployment: Deployment) -> None:
    """Create a user pool (and its TOTP MFA setting, as the Terraform provider does) and record its values."""
    values = deployment.values
    request = api_request(pool, POOL_ARGUMENTS, values, deployment.skipped, name_key="PoolName")
    token_mfa = request.pop("SoftwareTokenMfaConfiguration", None)
    created = _call(pool, api.create_user_pool, request)["UserPool"]
    pool_id = created["Id"]
    if isinstance(token_mfa, dict):
        mfa = {"MfaConfiguration": request.get("MfaConfiguration", "OFF"), "SoftwareTokenMfaConfiguration": token_mfa}
        _call(pool, api.set_user_pool_mfa_config, {"UserPoolId": pool_id, **mfa})
    deployment.pool_ids[pool.address] = pool_id
    values[f"{pool.address}.id"] = pool_id
    values[f"{pool.address}.arn"] = created["Arn"]
    values[f"{pool.address}.endpoint"] = f"cognito-idp.{deployment.region}.amazonaws.com/{pool_id}"


def create_resource_server(api: Any, server: Resource, deployment: Deployment) -> None:
    """Create a resource server and record its id (`<pool id>|<identifier>`, as Terraform's)."""
    request = api_request(server, SERVER_ARGUMENTS, deployment.values, deployment.skipped, name_key="Name")
    _call(server, api.create_resource_server, request)
    deployment.values[f"{server.address}.id"] = f"{request['UserPoolId']}|{request['Identifier']}"


def create_domain(api: Any, domain: Resource, deployment: Deployment) -> None:
    """Create a user pool domain and record its id (the domain) and CloudFront distribution."""
    request = api_request(domain, DOMAIN_ARGUMENTS, deployment.values, deployment.skipped, name_key=None)
    created = _call(domain, api.create_user_pool_domain, request)
    deployment.values[f"{domain.address}.id"] = str(request["Domain"])
    deployment.values[f"{domain.address}.cloudfront_distribution"] = str(created.get("CloudFrontDomain", ""))


def create_client(api: Any, client: Resource, deployment: Deployment) -> None:
    """Create an app client (with a secret when it declares `generate_secret`) and record its id."""
    request = api_request(client, CLIENT_ARGUMENTS, deployment.values, deployment.skipped, name_key="ClientName")
    client_id = _call(client, api.create_user_pool_client, request)["UserPoolClient"]["ClientId"]
    deployment.client_ids[client.address] = client_id
    deployment.values[f"{client.address}.id"] = client_id
