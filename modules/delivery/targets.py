"""What a pipeline needs to know of each environment, from the config, in deploy order; and the rules that make an
environment deployable by a pipeline at all (each broken rule is one `ConfigError` line).

- `account_id` is required: a pipeline never deploys into whatever account its credentials happen to reach.
- The backend is `s3` or `cloud`: a runner's disk is gone after the job, and so would be a `local` state.
- `s3`: the runner gets AWS credentials through GitHub's OIDC provider (the deploy role, or its read-only `-plan`
  twin for pull requests) and runs Terraform itself.
- `cloud`: runs stay remote. HCP Terraform plans and applies, and gets AWS credentials through its own OIDC
  provider (dynamic provider credentials: the workspace variables `TFC_AWS_PROVIDER_AUTH`, `TFC_AWS_PLAN_ROLE_ARN`
  and `TFC_AWS_APPLY_ROLE_ARN`, HCP Terraform documentation, "Dynamic credentials with the AWS provider"); the
  runner holds only the HCP Terraform token, from the repository secret `TF_API_TOKEN`.
"""

from __future__ import annotations

from dataclasses import dataclass

from modules.config.environment import EnvironmentConfig, ProjectConfig
from modules.errors import ConfigError

#: The repository secret holding the HCP Terraform (or Terraform Enterprise) API token of a team.
TOKEN_SECRET = "TF_API_TOKEN"
#: Backends whose state outlives a runner.
REMOTE_BACKENDS = ("s3", "cloud")


@dataclass(frozen=True)
class Target:
    """One environment as a pipeline deploys it."""

    name: str
    region: str
    account_id: str
    deploy_role: str
    plan_role: str
    backend: str
    #: HCP Terraform's hostname (cloud only, else '').
    cloud_hostname: str
    #: The HCP Terraform workspace (cloud only, else ''), `<project>-<environment>`.
    workspace: str
    #: Whether the cloud block selects workspaces by tags, so `TF_WORKSPACE` must name this one.
    tagged: bool

    @property
    def remote_runs(self) -> bool:
        """Whether Terraform runs in HCP Terraform (no AWS credentials on the runner)."""
        return self.backend == "cloud"

    @property
    def token_variable(self) -> str:
        """The environment variable Terraform reads the HCP Terraform token from: `TF_TOKEN_<hostname>`, periods
        as underscores and hyphens as double underscores (Terraform CLI documentation, "Environment Variable
        Credentials"); '' without a cloud backend."""
        if not self.remote_runs:
            return ""
        return "TF_TOKEN_" + self.cloud_hostname.replace("-", "__").replace(".", "_")


@dataclass(frozen=True)
class Delivery:
    """The project as a pipeline sees it: its name and its environments in deploy order."""

    project: str
    targets: tuple[Target, ...]

    @property
    def remote_runs(self) -> bool:
        """Whether any environment runs in HCP Terraform (the workflows then need the token secret)."""
        return any(target.remote_runs for target in self.targets)

    @property
    def aws_credentials(self) -> bool:
        """Whether any environment needs AWS credentials on the runner (the jobs then need `id-token: write`)."""
        return any(not target.remote_runs for target in self.targets)


def delivery(project: ProjectConfig) -> Delivery:
    """The pipeline's view of `project`. Raises `ConfigError` for the first environment a pipeline cannot deploy."""
    return Delivery(project.name, tuple(_target(project.source, env) for env in project.in_deploy_order))


def _target(file: str, env: EnvironmentConfig) -> Target:
    if not env.account_id:
        raise ConfigError(
            file, env.name, "account_id", env.account_id, "the environment's AWS account id (12 digits): a "
            "pipeline deploys only into a pinned account"
        )  # fmt: skip
    backend = env.backend
    if backend.type not in REMOTE_BACKENDS:
        raise ConfigError(
            file, env.name, "backend.type", backend.type, "s3 or cloud: a runner keeps no state between jobs"
        )
    cloud = backend.type == "cloud"
    return Target(
        name=env.name,
        region=env.region,
        account_id=env.account_id,
        deploy_role=env.deploy_role_arn,
        plan_role=env.plan_role_arn,
        backend=backend.type,
        cloud_hostname=backend.cloud_hostname if cloud else "",
        workspace=env.prefix if cloud else "",
        tagged=cloud and bool(backend.workspace_tags),
    )
