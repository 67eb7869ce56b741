"""The embedded Cognito: a moto server on 127.0.0.1 holding the stack's user pools, clients and resource servers.

Every Terraform argument the emulator knows is sent to the Cognito API under its API name, exactly as declared
(password policy, username and auto-verified attributes, MFA, auth flows, token validity, OAuth settings,
resource server scopes...). Arguments it cannot apply locally (unknown ones, or ones that refer to resources
the emulator does not create, such as a KMS key) are listed in `Deployment.skipped`, never silently dropped.

moto signs every pool's tokens with one RSA key kept in the moto package and serves its public half as each
pool's JWKS, at `<endpoint>/<pool id>/.well-known/jwks.json`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import boto3  # type: ignore[import-untyped]
import requests
from botocore.config import Config  # type: ignore[import-untyped]
from botocore.exceptions import BotoCoreError, ClientError  # type: ignore[import-untyped]
from moto.server import ThreadedMotoServer

from modules.errors import EmulatorError
from modules.local.description import ApiDescription, Resource
from modules.local.references import references

#: moto's default account.
ACCOUNT_ID = "123456789012"
COGNITO_ISSUER = re.compile(r"https://cognito-idp\.(?P<region>[a-z0-9-]+)\.amazonaws\.com/(?P<pool>[^/]+)")
#: Terraform argument → Cognito API member, where the plain snake_case → PascalCase rule is wrong.
RENAMES = {
    "recovery_mechanism": "RecoveryMechanisms",
    "callback_urls": "CallbackURLs",
    "logout_urls": "LogoutURLs",
    "default_redirect_uri": "DefaultRedirectURI",
    "allowed_oauth_flows": "AllowedOAuthFlows",
    "allowed_oauth_scopes": "AllowedOAuthScopes",
    "allowed_oauth_flows_user_pool_client": "AllowedOAuthFlowsUserPoolClient",
    "scope": "Scopes",
    "tags": "UserPoolTags",
}
#: Nested blocks that Terraform writes as one-element lists but the API takes as one object.
SINGLE_BLOCKS = frozenset(
    {
        "account_recovery_setting", "admin_create_user_config", "invite_message_template", "password_policy",
        "number_attribute_constraints", "software_token_mfa_configuration", "string_attribute_constraints",
        "token_validity_units", "user_attribute_update_settings", "user_pool_add_ons", "username_configuration",
        "verification_message_template",
    }
)  # fmt: skip
POOL_ARGUMENTS = frozenset(
    {
        "name", "account_recovery_setting", "admin_create_user_config", "alias_attributes",
        "auto_verified_attributes", "deletion_protection", "email_verification_message",
        "email_verification_subject", "mfa_configuration", "password_policy", "schema",
        "sms_authentication_message", "sms_verification_message", "software_token_mfa_configuration", "tags",
        "user_attribute_update_settings", "user_pool_add_ons", "username_attributes", "username_configuration",
        "verification_message_template",
    }
)  # fmt: skip
CLIENT_ARGUMENTS = frozenset(
    {
        "name", "user_pool_id", "access_token_validity", "allowed_oauth_flows", "allowed_oauth_flows_user_pool_client",
        "allowed_oauth_scopes", "auth_session_validity", "callback_urls", "default_redirect_uri",
        "enable_propagate_additional_user_context_data", "enable_token_revocation", "explicit_auth_flows",
        "generate_secret", "id_token_validity", "logout_urls", "prevent_user_existence_errors", "read_attributes",
        "refresh_token_validity", "supported_identity_providers", "token_validity_units", "write_attributes",
    }
)  # fmt: skip
SERVER_ARGUMENTS = frozenset({"identifier", "name", "scope", "user_pool_id"})


@dataclass
class Deployment:
    """What the embedded Cognito created: ids by Terraform address, and the values references resolve to."""

    endpoint: str
    region: str
    pool_ids: dict[str, str] = field(default_factory=dict)
    client_ids: dict[str, str] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)


def api_name(argument: str) -> str:
    """The Cognito API member for a Terraform argument: `explicit_auth_flows` → `ExplicitAuthFlows`."""
    return RENAMES.get(argument) or "".join(part.capitalize() for part in argument.split("_"))


def api_value(argument: str, value: Any) -> Any:
    """A Terraform value in the API's shape: nested blocks get API member names, single blocks are unwrapped."""
    if argument in SINGLE_BLOCKS and isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, Mapping) and argument != "tags":
        return {api_name(key): api_value(key, item) for key, item in value.items()}
    if isinstance(value, list):
        return [api_value(argument, item) for item in value]
    return value


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
        """Create the stack's pools, resource servers and clients, in that order, as declared."""
        api = self.client()
        deployment = Deployment(endpoint=self.endpoint, region=self.region)
        values = deployment.values
        for name in description.document.get("data", {}).get("aws_region", {}):
            for attribute in ("region", "name", "id"):
                values[f"data.aws_region.{name}.{attribute}"] = self.region
        for name in description.document.get("data", {}).get("aws_caller_identity", {}):
            values[f"data.aws_caller_identity.{name}.account_id"] = ACCOUNT_ID
        for pool in description.user_pools:
            request = _request(pool, POOL_ARGUMENTS, values, deployment.skipped, name_key="PoolName")
            token_mfa = request.pop("SoftwareTokenMfaConfiguration", None)
            created = _call(pool, api.create_user_pool, request)["UserPool"]
            pool_id = created["Id"]
            if isinstance(token_mfa, dict):
                mfa = {
                    "MfaConfiguration": request.get("MfaConfiguration", "OFF"),
                    "SoftwareTokenMfaConfiguration": token_mfa,
                }
                _call(pool, api.set_user_pool_mfa_config, {"UserPoolId": pool_id, **mfa})
            deployment.pool_ids[pool.address] = pool_id
            values[f"{pool.address}.id"] = pool_id
            values[f"{pool.address}.arn"] = created["Arn"]
            values[f"{pool.address}.endpoint"] = f"cognito-idp.{self.region}.amazonaws.com/{pool_id}"
        for server in description.resource_servers:
            request = _request(server, SERVER_ARGUMENTS, values, deployment.skipped, name_key="Name")
            _call(server, api.create_resource_server, request)
            values[f"{server.address}.id"] = f"{request['UserPoolId']}|{request['Identifier']}"
        for client in description.clients:
            request = _request(client, CLIENT_ARGUMENTS, values, deployment.skipped, name_key="ClientName")
            client_id = _call(client, api.create_user_pool_client, request)["UserPoolClient"]["ClientId"]
            deployment.client_ids[client.address] = client_id
            values[f"{client.address}.id"] = client_id
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


def _request(
    resource: Resource,
    known: frozenset[str],
    values: Mapping[str, str],
    skipped: list[str],
    *,
    name_key: str,
) -> dict[str, Any]:
    """The API request creating one resource (`name_key`: the API's member for the `name` argument).

    The pool's `software_token_mfa_configuration` lands under `SoftwareTokenMfaConfiguration` for the caller,
    which applies it with SetUserPoolMfaConfig as the Terraform provider does.
    """
    request: dict[str, Any] = {name_key: resource.name}
    for argument, value in resource.attributes.items():
        text = str(value)
        unresolvable = references(text) and not (isinstance(value, str) and _resolvable(value, values))
        if argument not in known or unresolvable:
            skipped.append(f"{resource.address}.{argument}")
            continue
        if isinstance(value, str) and references(value):
            value = _resolve(value, values)
        if argument == "name":
            request[name_key] = value
        elif argument == "password_policy":
            request["Policies"] = {"PasswordPolicy": api_value(argument, value)}
        else:
            request[api_name(argument)] = api_value(argument, value)
    return request


def _call(resource: Resource, operation: Any, request: dict[str, Any]) -> Any:
    """Call the emulator; a refusal is the stack's problem, reported as `EmulatorError` naming the resource."""
    try:
        return operation(**request)
    except (BotoCoreError, ClientError) as exc:
        raise EmulatorError(f"the embedded Cognito refused {resource.address}: {exc}") from None


def _resolvable(text: str, values: Mapping[str, str]) -> bool:
    return all(expression in values for expression in references(text))


def _resolve(text: str, values: Mapping[str, str]) -> str:
    for expression in references(text):
        text = text.replace(f"${{{expression}}}", values[expression])
    return text
