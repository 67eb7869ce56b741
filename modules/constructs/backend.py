"""The state backend of an environment stack: a local file beside the stack, S3, or HCP Terraform's `cloud` block.

The `cloud` block (Terraform documentation, "The cloud block": `organization`, optional `hostname`, and a
`workspaces` block with one `name` or a list of `tags`) keeps the state in HCP Terraform or Terraform Enterprise,
where plan and apply run too. One workspace per environment: `<project>-<environment>`, named in the block, or
chosen among the tagged ones with `TF_WORKSPACE` (the pipeline sets it).
"""

from __future__ import annotations

from modules.config.backend import BackendConfig
from modules.config.environment import EnvironmentConfig
from modules.engine.bindings import (
    CloudBackend,
    Construct,
    LocalBackend,
    NamedCloudWorkspace,
    S3Backend,
    TaggedCloudWorkspaces,
)


def add_backend(stack: Construct, config: EnvironmentConfig) -> None:
    """Give `stack` the backend `config.backend` describes."""
    backend: BackendConfig = config.backend
    if backend.type == "s3":
        s3 = S3Backend(
            stack,
            bucket=backend.bucket,
            key=backend.key or f"{config.project}/{config.name}/terraform.tfstate",
            region=backend.region or config.region,
            encrypt=backend.encrypt,
        )
        s3.add_override("use_lockfile", backend.use_lockfile)
    elif backend.type == "cloud":
        CloudBackend(
            stack,
            organization=backend.organization,
            hostname=backend.hostname or None,
            workspaces=TaggedCloudWorkspaces(list(backend.workspace_tags))
            if backend.workspace_tags
            else NamedCloudWorkspace(config.prefix),
        )
    else:
        LocalBackend(stack, path=f"terraform.{config.name}.tfstate")
