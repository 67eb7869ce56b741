"""External identity providers: what each kind needs, and no client secret in the config."""

from __future__ import annotations

from pathlib import Path

import pytest

from modules.config.environment import EnvironmentConfig
from modules.errors import ConfigError
from tests.config.test_loader import BASE, load_text

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
        r"field 'identity_providers.corp.client_secret_ssm': got ''; allowed: a value: a oidc provider needs issuer, "
        r"client_id, client_secret_ssm$",
    ),
    "an http issuer": (
        OIDC.replace("https://login", "http://login"),
        r"field 'identity_providers.corp.issuer': got 'http://login.example.com'; allowed: '' or an https:// URL$",
    ),
    "a SAML provider without metadata": (
        BASE + '[environments.dev.identity_providers.partner]\nkind = "saml"\n',
        r"field 'identity_providers.partner.metadata_url': got ''; allowed: a value: a saml provider needs "
        r"metadata_url$",
    ),
    "an unknown kind": (
        OIDC + 'kind = "google"\n',
        r"field 'identity_providers.corp.kind': got 'google'; allowed: one of oidc, saml$",
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
