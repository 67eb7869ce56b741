"""External identity providers: what each kind needs (`KIND_NEEDS`), a SAML metadata file read at load, and no
client secret in the config."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from modules.config.environment import EnvironmentConfig
from modules.errors import ConfigError
from tests.config.test_loader import BASE, load_text
from tests.conftest import ROOT

OIDC = (
    BASE
    + '[environments.dev.identity_providers.corp]\nissuer = "https://login.example.com"\nclient_id = "pool"\n'
    + 'client_secret_ssm = "/corp/oidc/client-secret"\n'
)

REFUSED = {
    "a client secret in the config": (
        OIDC + 'client_secret = "s3cr3t-value"\n',
        r"environment 'dev': field 'identity_providers.corp.client_secret': got '\(not shown\)'; allowed: no secret "
        r"in the config: put it in an SSM SecureString parameter and name it in client_secret_ssm$",
    ),
    "an OIDC provider without its secret's parameter": (
        OIDC.replace('client_secret_ssm = "/corp/oidc/client-secret"\n', ""),
        r"field 'identity_providers.corp.client_secret_ssm': got ''; allowed: an oidc provider needs "
        r"client_secret_ssm$",
    ),
    "an http issuer": (
        OIDC.replace("https://login", "http://login"),
        r"field 'identity_providers.corp.issuer': got 'http://login.example.com'; allowed: '' or an https:// URL$",
    ),
    "a SAML provider without metadata": (
        BASE + '[environments.dev.identity_providers.partner]\nkind = "saml"\n',
        r"field 'identity_providers.partner.metadata_url': got ''; allowed: a saml provider needs exactly one of "
        r"metadata_url or metadata_file$",
    ),
    "an unknown kind": (
        OIDC + 'kind = "facebook"\n',
        r"field 'identity_providers.corp.kind': got 'facebook'; allowed: one of oidc, saml, google$",
    ),
}


@pytest.mark.parametrize(("text", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_refused_providers_end_in_one_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        load_text(tmp_path, text)
    assert "\n" not in str(caught.value)
    assert "s3cr3t" not in str(caught.value)


def test_an_oidc_provider_loads_with_its_defaults(tmp_path: Path) -> None:
    env: EnvironmentConfig = load_text(tmp_path, OIDC).environments[0]  # type: ignore[attr-defined]
    corp = env.identity_providers["corp"]
    assert (corp.kind, corp.authorize_scopes, corp.attributes_request_method) == (
        "oidc",
        ("openid", "email", "profile"),
        "GET",
    )
    assert corp.attribute_mapping == {"email": "email", "username": "sub"}


GOOGLE = BASE + (
    '[environments.dev.identity_providers.google]\nkind = "google"\nclient_id = "123.apps.googleusercontent.com"\n'
    'client_secret_ssm = "/corp/google/client-secret"\n'
)
SAML_FILE = BASE + '[environments.dev.identity_providers.partner]\nkind = "saml"\nmetadata_file = "idp/partner.xml"\n'
METADATA = (
    '<?xml version="1.0"?>\n<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>\n'
)
FILE_ALLOWED = (
    "the path, relative to the config file's directory, of a readable UTF-8 SAML metadata document (an XML "
    "EntityDescriptor) of at most 131072 characters"
)


def test_a_google_provider_loads_with_its_defaults(tmp_path: Path) -> None:
    env: EnvironmentConfig = load_text(tmp_path, GOOGLE).environments[0]  # type: ignore[attr-defined]
    google = env.identity_providers["google"]
    assert (google.kind, google.client_id, google.authorize_scopes, google.attribute_mapping) == (
        "google",
        "123.apps.googleusercontent.com",
        ("openid", "email", "profile"),
        {"email": "email", "username": "sub"},
    )


def test_a_saml_metadata_file_is_read_relative_to_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "idp").mkdir()
    (tmp_path / "idp" / "partner.xml").write_text(METADATA, encoding="utf-8")
    env: EnvironmentConfig = load_text(tmp_path, SAML_FILE).environments[0]  # type: ignore[attr-defined]
    partner = env.identity_providers["partner"]
    assert (partner.metadata_file, partner.metadata_document, partner.metadata_url) == ("idp/partner.xml", METADATA, "")


CLI_REFUSED = {
    "google without client_id": (
        GOOGLE.replace('client_id = "123.apps.googleusercontent.com"\n', ""),
        "field 'identity_providers.google.client_id': got ''; allowed: a google provider needs client_id",
    ),
    "saml with both metadata_url and metadata_file": (
        SAML_FILE + 'metadata_url = "https://idp.partner.example/metadata.xml"\n',
        "field 'identity_providers.partner.metadata_url': got 'https://idp.partner.example/metadata.xml'; allowed: "
        "a saml provider needs exactly one of metadata_url or metadata_file",
    ),
    "saml with neither": (
        SAML_FILE.replace('metadata_file = "idp/partner.xml"\n', ""),
        "field 'identity_providers.partner.metadata_url': got ''; allowed: a saml provider needs exactly one of "
        "metadata_url or metadata_file",
    ),
    "a missing metadata file": (
        SAML_FILE.replace("partner.xml", "missing.xml"),
        f"field 'identity_providers.partner.metadata_file': got 'idp/missing.xml'; allowed: {FILE_ALLOWED}",
    ),
    "a metadata file that is not SAML metadata": (
        SAML_FILE.replace("partner.xml", "notes.txt"),
        f"field 'identity_providers.partner.metadata_file': got 'idp/notes.txt'; allowed: {FILE_ALLOWED}",
    ),
    "an absolute metadata file path": (
        SAML_FILE.replace("idp/partner.xml", "/etc/partner.xml"),
        "field 'identity_providers.partner.metadata_file': got '/etc/partner.xml'; allowed: '' or a path relative to "
        "the config file's directory",
    ),
    "a second google provider": (
        GOOGLE
        + '[environments.dev.identity_providers.gmail]\nkind = "google"\nclient_id = "456.apps.googleusercontent.com"\n'
        'client_secret_ssm = "/corp/gmail/client-secret"\n',
        "field 'identity_providers.gmail.kind': got 'google'; allowed: oidc or saml: a pool has one Google provider "
        "(named Google), and identity_providers.google is it",
    ),
    "a client secret": (
        GOOGLE + 'client_secret = "s3cr3t-value"\n',
        "field 'identity_providers.google.client_secret': got '(not shown)'; allowed: no secret in the config: put it "
        "in an SSM SecureString parameter and name it in client_secret_ssm",
    ),
}


@pytest.mark.parametrize(("text", "message"), CLI_REFUSED.values(), ids=CLI_REFUSED.keys())
def test_the_cli_refuses_a_provider_in_one_line_with_exit_code_2(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "idp").mkdir()
    (tmp_path / "idp" / "partner.xml").write_text(METADATA, encoding="utf-8")
    (tmp_path / "idp" / "notes.txt").write_text("partner metadata: ask the IdP team\n", encoding="utf-8")
    config = tmp_path / "environments.toml"
    config.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--config", str(config)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"error: environments.toml: environment 'dev': {message}"]
    assert "s3cr3t" not in result.stdout + result.stderr
