"""The embedded Cognito: a moto server on 127.0.0.1 holding the stack's user pools, resource servers, domains and
app clients.

Every Terraform argument the emulator knows is sent to the Cognito API under its API name, exactly as declared
(`cognito_requests.py`: password policy, username and auto-verified attributes, MFA, auth flows, token validity,
secrets of machine clients, OAuth settings, resource server scopes, the sign-in domain...). Arguments it cannot
apply locally (unknown ones, ones moto ignores such as a domain's `managed_login_version`, or ones that refer to
resources the emulator does not create, such as a KMS key) and Cognito resources it does not emulate (managed
login branding) are listed in `Deployment.skipped`, never silently dropped. `cognito_deploy.py` creates them, or
reconciles them with a changed stack.

moto signs every pool's tokens with one RSA key kept in the moto package and serves its public half as each
pool's JWKS, at `<endpoint>/<pool id>/.well-known/jwks.json`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import boto3  # type: ignore[import-untyped]
import requests
from botocore.config import Config  # type: ignore[import-untyped]
from moto.cognitoidp.models import CognitoIdpUser, cognitoidp_backends
from moto.server import ThreadedMotoServer

from modules.errors import EmulatorError
from modules.local import cognito_deploy
from modules.local.cognito_deploy import Deployment as Deployment  # the type deploy() returns, for importers
from modules.local.description import ApiDescription

#: moto's default account.
ACCOUNT_ID = "123456789012"
COGNITO_ISSUER = re.compile(r"https://cognito-idp\.(?P<region>[a-z0-9-]+)\.amazonaws\.com/(?P<pool>[^/]+)")


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

    def deploy(
        self,
        description: ApiDescription,
        previous: Deployment | None = None,
        provider_details: Mapping[str, Mapping[str, str]] | None = None,
    ) -> Deployment:
        """Create the stack's identity resources as declared, or reconcile them with `previous`, the deployment
        of the stack served so far (`cognito_deploy.py`: unchanged pools keep their users); `provider_details`:
        the local stand-in's `ProviderDetails` of each OIDC identity provider, by address."""
        deployment = Deployment(endpoint=self.endpoint, region=self.region)
        for data in description.document.data_sources:
            if data.type == "aws_region":
                for attribute in ("region", "name", "id"):
                    deployment.values[f"{data.address}.{attribute}"] = self.region
            elif data.type == "aws_caller_identity":
                deployment.values[f"{data.address}.account_id"] = ACCOUNT_ID
        cognito_deploy.deploy(self.client(), description, deployment, previous, provider_details)
        return deployment

    def add_external_user(self, pool_id: str, username: str, attributes: Mapping[str, str]) -> None:
        """Add a user signed in through an external identity provider, as Cognito makes one: `username`
        `<provider>_<id at the provider>`, status `EXTERNAL_PROVIDER`, no password.

        moto's AdminCreateUser refuses such a username in a pool whose usernames are emails ("Username should be
        either an email or a phone number"), where Cognito makes federated users regardless, so the user is put
        into moto's backend, which runs in this process; everything else about it goes through the API.
        """
        pool = cognitoidp_backends[ACCOUNT_ID][self.region].describe_user_pool(pool_id)
        listed = [{"Name": name, "Value": value} for name, value in attributes.items()]
        pool.users[username] = CognitoIdpUser(pool_id, username, None, "EXTERNAL_PROVIDER", listed)

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
