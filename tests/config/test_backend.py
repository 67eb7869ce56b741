"""The state backend's table: `cloud` needs an organization; each type's fields stay empty under the others."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from modules.config.backend import BackendConfig
from modules.config.base import InvalidField


def test_cloud_backend_with_an_organization_names_its_host() -> None:
    backend = BackendConfig(type="cloud", organization="acme")
    assert backend.cloud_hostname == "app.terraform.io"
    assert BackendConfig(type="cloud", organization="acme", hostname="tfe.acme.dev").cloud_hostname == "tfe.acme.dev"


@pytest.mark.parametrize(
    ("fields", "path", "allowed"),
    [
        ({"type": "cloud"}, "organization", "an HCP Terraform organization name (required by type 'cloud')"),
        ({"type": "s3", "bucket": "state", "organization": "acme"}, "organization", "empty unless backend.type is "
         "'cloud'"),
        ({"type": "local", "workspace_tags": ("api",)}, "workspace_tags", "empty unless backend.type is 'cloud'"),
        ({"type": "cloud", "organization": "acme", "bucket": "state"}, "bucket", "empty unless backend.type is 's3'"),
    ],
)  # fmt: skip
def test_fields_of_another_type_or_a_missing_organization_are_refused(
    fields: dict[str, object], path: str, allowed: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        BackendConfig(**fields)
    cause = caught.value.errors()[0]["ctx"]["error"]
    assert isinstance(cause, InvalidField)
    assert (cause.path, cause.allowed) == (path, allowed)


@pytest.mark.parametrize(
    ("fields", "allowed"),
    [
        ({"organization": "acme corp"}, "an HCP Terraform organization name"),
        ({"organization": "acme", "hostname": "https://tfe.acme.dev"}, "a DNS hostname"),
        ({"organization": "acme", "workspace_tags": ("ok", "not ok")}, "tags of 1-255 letters"),
    ],
)
def test_malformed_cloud_settings_are_refused(fields: dict[str, object], allowed: str) -> None:
    with pytest.raises(ValueError, match=allowed):
        BackendConfig(type="cloud", **fields)
