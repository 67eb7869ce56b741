"""Where Terraform keeps an environment's state: a local file beside the stack, or S3."""

from __future__ import annotations

from pydantic import model_validator

from modules.config.allowed import AWS_REGIONS, BACKEND_TYPES
from modules.config.base import ConfigModel, InvalidField, setting
from modules.config.rules import Matches, OneOf


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

    @model_validator(mode="after")
    def _fits_type(self) -> BackendConfig:
        if self.type == "s3" and not self.bucket:
            raise InvalidField("bucket", self.bucket, "an S3 bucket name (3-63 lowercase characters)")
        if self.type != "s3":
            for name in ("bucket", "key", "region"):
                if getattr(self, name):
                    raise InvalidField(name, getattr(self, name), "empty unless backend.type is 's3'")
        return self
