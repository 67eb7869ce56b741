"""aws_cognito_identity_provider per provider: OIDC with its secret from SSM, SAML from its metadata; interactive
clients offer them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import MINIMAL_CONFIG, load_stack, resource, resources, run_main

CONFIG = (
    MINIMAL_CONFIG.replace(
        '[defaults.clients.web]\ncallback_urls = ["https://localhost:3000/callback"]\n',
        '[defaults.clients.web]\ncallback_urls = ["https://localhost:3000/callback"]\nscopes = ["reports.read"]\n',
    )
    + """
[defaults.clients.service]
kind = "machine"
scopes = ["reports.read"]

[defaults.identity_providers.corp]
issuer = "https://login.example.com/tenant"
client_id = "cognito-pool"
client_secret_ssm = "/corp/oidc/client-secret"
attribute_mapping = { email = "email", username = "sub", name = "name" }

[defaults.identity_providers.partner]
kind = "saml"
metadata_url = "https://idp.partner.example/metadata.xml"

[[defaults.routes]]
route_key = "GET /reports"
scopes = ["reports.read"]

[environments.dev]
"""
)


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("idps")
    (work / "environments.toml").write_text(CONFIG, encoding="utf-8")
    result = run_main(work / "cdktf.out", work / "environments.toml")
    assert result.returncode == 0, result.stderr
    assert "client-secret" not in result.stdout + result.stderr
    return load_stack(work / "cdktf.out", "dev")


def test_an_oidc_provider_takes_its_secret_from_ssm(dev: dict[str, Any]) -> None:
    provider = resource(dev, "aws_cognito_identity_provider", "corp")
    assert provider == {
        "user_pool_id": "${aws_cognito_user_pool.this.id}",
        "provider_name": "corp",
        "provider_type": "OIDC",
        "provider_details": {
            "client_id": "cognito-pool",
            "client_secret": "${data.aws_ssm_parameter.corp_client_secret.value}",
            "oidc_issuer": "https://login.example.com/tenant",
            "authorize_scopes": "openid email profile",
            "attributes_request_method": "GET",
        },
        "attribute_mapping": {"email": "email", "username": "sub", "name": "name"},
    }
    secret = {k: v for k, v in dev["data"]["aws_ssm_parameter"]["corp_client_secret"].items() if k != "//"}
    assert secret == {"name": "/corp/oidc/client-secret", "with_decryption": True}


def test_a_saml_provider_reads_its_metadata_url(dev: dict[str, Any]) -> None:
    provider = resource(dev, "aws_cognito_identity_provider", "partner")
    assert (provider["provider_type"], provider["provider_details"]) == (
        "SAML",
        {"MetadataURL": "https://idp.partner.example/metadata.xml"},
    )
    assert set(dev["data"]["aws_ssm_parameter"]) == {"corp_client_secret"}


def test_interactive_clients_offer_every_provider_machine_clients_none(dev: dict[str, Any]) -> None:
    clients = resources(dev, "aws_cognito_user_pool_client")
    assert clients["web"]["supported_identity_providers"] == [
        "COGNITO",
        "${aws_cognito_identity_provider.corp.provider_name}",
        "${aws_cognito_identity_provider.partner.provider_name}",
    ]
    assert clients["service"]["supported_identity_providers"] == ["COGNITO"]


def test_no_output_carries_the_secret(dev: dict[str, Any]) -> None:
    assert "aws_ssm_parameter" not in str(dev["output"])
