"""Where Terraform keeps an environment's state: a local file beside the stack, S3, or HCP Terraform.

`cloud` is Terraform's `cloud` block (Terraform documentation, "The cloud block" in the terraform settings
reference): `organization` (required), `hostname` (Terraform Enterprise; default app.terraform.io) and one
`workspaces` block holding either a `name` or `tags`. Runs of a `cloud` stack stay remote: plan and apply run in
HCP Terraform, which keeps the state.
"""

from __future__ import annotations

from pydantic import model_validator

from modules.config.allowed import (
    AWS_REGIONS,
    BACKEND_TYPES,
    HOSTNAME_PATTERN,
    ORGANIZATION_PATTERN,
    WORKSPACE_TAG_PATTERN,
)
from modules.config.base import ConfigModel, InvalidField, setting
from modules.config.rules import EachMatches, Matches, OneOf

#: Where HCP Terraform runs when `hostname` is empty (the cloud block's default).
DEFAULT_CLOUD_HOSTNAME = "app.terraform.io"
#: Fields of each backend type other than `type`; each is empty (or its default) under the other types.
TYPE_FIELDS = {
    "s3": ("bucket", "key", "region"),
    "cloud": ("organization", "hostname", "workspace_tags"),
}


class BackendConfig(ConfigModel):
    """Terraform state backend. `local` keeps `terraform.<env>.tfstate` beside the stack."""

    type: str = setting("local", OneOf(BACKEND_TYPES), doc="Terraform backend")
    bucket: str = setting(
        "",
        Matches(r"|[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", "an S3 bucket name (3-63 lowercase characters)"),
        doc="S3 bucket of the state (s3 only)",
    )
    key: str = setting("", doc="S3 key of the state (default <project>/<env>/terraform.tfstate)")
    region: str = setting(
        "", OneOf(("", *AWS_REGIONS)), doc="Region of the state bucket (default: the environment's region)"
    )
    encrypt: bool = setting(True, doc="Encrypt the state object (s3 only)")
    use_lockfile: bool = setting(True, doc="Lock the state with an S3 lock file (s3 only)")
    organization: str = setting(
        "",
        Matches(f"|{ORGANIZATION_PATTERN}", "an HCP Terraform organization name (letters, digits, _ and -)"),
        doc="HCP Terraform organization (cloud only; required there)",
    )
    hostname: str = setting(
        "",
        Matches(f"|{HOSTNAME_PATTERN}", "a DNS hostname such as tfe.example.com"),
        doc=f"Terraform Enterprise hostname (cloud only; default {DEFAULT_CLOUD_HOSTNAME}, HCP Terraform)",
    )
    workspace_tags: tuple[str, ...] = setting(
        (),
        EachMatches(WORKSPACE_TAG_PATTERN, "tags of 1-255 letters, digits, colons, hyphens and underscores"),
        doc="Select the workspaces by these tags instead of one workspace named <project>-<env> (cloud only)",
    )

    @model_validator(mode="after")
    def _fits_type(self) -> BackendConfig:
        if self.type == "s3" and not self.bucket:
            raise InvalidField("bucket", self.bucket, "an S3 bucket name (3-63 lowercase characters)")
        if self.type == "cloud" and not self.organization:
            raise InvalidField(
                "organization", self.organization, "an HCP Terraform organization name (required by type 'cloud')"
            )
        for type_, names in TYPE_FIELDS.items():
            for name in names if self.type != type_ else ():
                value = getattr(self, name)
                if value:
                    shown = list(value) if isinstance(value, tuple) else value
                    raise InvalidField(name, shown, f"empty unless backend.type is '{type_}'")
        return self

    @property
    def cloud_hostname(self) -> str:
        """Where HCP Terraform (or Terraform Enterprise) runs: `hostname`, or app.terraform.io."""
        return self.hostname or DEFAULT_CLOUD_HOSTNAME
