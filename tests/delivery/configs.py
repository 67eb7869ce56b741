"""Variants of the committed config for the delivery tests: its HCP Terraform backend, S3 instead, and a mix with
tagged workspaces on Terraform Enterprise and an environment deployed before the others."""

from __future__ import annotations

from pathlib import Path

from modules.config.environment import ProjectConfig
from modules.config.loader import load_config
from tests.conftest import CONFIG

COMMITTED = CONFIG.read_text(encoding="utf-8")
S3 = COMMITTED.replace('type = "cloud"\norganization = "example-org"\n', 'type = "s3"\nbucket = "example-tf-state"\n')
MIXED = (
    COMMITTED.replace('version = "0.2.0"\n', 'version = "0.2.0"\ndeploy_order = ["qa", "dev", "staging", "prod"]\n')
    + """
[environments.prod.backend]
hostname = "tfe.acme-corp.dev"
workspace_tags = ["cognito-http-api"]

[environments.qa]
account_id = "111122224444"

[environments.qa.user_pool]
domain_prefix = "example-http-api-qa"

[environments.qa.backend]
type = "s3"
organization = ""
bucket = "example-tf-state"
"""
)
VARIANTS = {"cloud": COMMITTED, "s3": S3, "mixed": MIXED}


def project(directory: Path, text: str) -> ProjectConfig:
    """`text` loaded as `directory/environments.toml`."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "environments.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)
