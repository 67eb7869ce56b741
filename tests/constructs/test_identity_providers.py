"""aws_cognito_identity_provider per provider: OIDC and Google with their secret from SSM, SAML from its metadata
URL or file; interactive clients offer them."""

from __future__ import annotations

from pathlib import Path
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
#: A Google provider and a SAML one whose metadata is a file (`write_config` writes it), for other tests too.
GOOGLE_AND_SAML_FILE = """
[defaults.identity_providers.google]
kind = "google"
client_id = "123-abc.apps.googleusercontent.com"
client_secret_ssm = "/corp/google/client-secret"
authorize_scopes = ["profile", "email", "openid"]

[defaults.identity_providers.supplier]
kind = "saml"
metadata_file = "idp/supplier.xml"
"""
CONFIG += GOOGLE_AND_SAML_FILE
METADATA = '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.supplier"/>\n'


def write_config(work: Path, text: str = CONFIG) -> Path:
    """`work/environments.toml` holding `text`, beside the metadata file `GOOGLE_AND_SAML_FILE` names."""
    (work / "idp").mkdir()
    (work / "idp" / "supplier.xml").write_text(METADATA, encoding="utf-8")
    (work / "environments.toml").write_text(text, encoding="utf-8")
    return work / "environments.toml"


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("idps")
    result = run_main(work / "cdktf.out", write_config(work))
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
    assert set(dev["data"]["aws_ssm_parameter"]) == {"corp_client_secret", "google_client_secret"}


def test_a_saml_provider_carries_its_metadata_file_content(dev: dict[str, Any]) -> None:
    provider = resource(dev, "aws_cognito_identity_provider", "supplier")
    assert (provider["provider_type"], provider["provider_details"]) == ("SAML", {"MetadataFile": METADATA})


def test_a_google_provider_takes_its_secret_from_ssm_and_space_separated_scopes(dev: dict[str, Any]) -> None:
    provider = resource(dev, "aws_cognito_identity_provider", "google")
    assert provider["provider_name"] == "Google"  # Cognito's name for it, whatever the config's key
    assert (provider["provider_type"], provider["provider_details"], provider["attribute_mapping"]) == (
        "Google",
        {
            "client_id": "123-abc.apps.googleusercontent.com",
            "client_secret": "${data.aws_ssm_parameter.google_client_secret.value}",
            "authorize_scopes": "profile email openid",
        },
        {"email": "email", "username": "sub"},
    )
    secret = {k: v for k, v in dev["data"]["aws_ssm_parameter"]["google_client_secret"].items() if k != "//"}
    assert secret == {"name": "/corp/google/client-secret", "with_decryption": True}


def test_interactive_clients_offer_every_provider_machine_clients_none(dev: dict[str, Any]) -> None:
    clients = resources(dev, "aws_cognito_user_pool_client")
    assert clients["web"]["supported_identity_providers"] == [
        "COGNITO",
        "${aws_cognito_identity_provider.corp.provider_name}",
        "${aws_cognito_identity_provider.partner.provider_name}",
        "${aws_cognito_identity_provider.google.provider_name}",
        "${aws_cognito_identity_provider.supplier.provider_name}",
    ]
    assert clients["service"]["supported_identity_providers"] == ["COGNITO"]


def test_no_output_carries_the_secret(dev: dict[str, Any]) -> None:
    assert "aws_ssm_parameter" not in str(dev["output"])
