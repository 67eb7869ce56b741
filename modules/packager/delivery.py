"""What `make package` adds for delivery: `dist/ci/` (the pipeline of the plain Terraform env roots, for teams
that run neither Python nor cdktf) and `dist/bootstrap/<account>/` (the one-time OIDC trust and deploy roles of
each account, permissions derived from the synthesized stacks). Both come from `modules/delivery`, like the
project's own `.github/workflows/` (`make pipeline`).

An environment a pipeline cannot deploy (no `account_id`, a `local` backend) leaves `dist/ci/` out, and the
environments without a root of their own are named in `dist/bootstrap/README.md`; `make package` says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from modules.config.environment import ProjectConfig
from modules.delivery.bootstrap import bootstrap_roots, bootstrappable, render_root
from modules.delivery.render import render
from modules.delivery.workflows import terraform_workflows
from modules.errors import ConfigError
from modules.packager.module import REQUIRED_TERRAFORM
from modules.synth_output.model import StackDocument

CI_DIR = "ci"
BOOTSTRAP_DIR = "bootstrap"


@dataclass(frozen=True)
class DeliveryResult:
    """What was written (relative to dist/) and why anything was left out."""

    written: tuple[str, ...]
    notes: tuple[str, ...]


def write_delivery(
    staging: Path, project: ProjectConfig, stacks: Mapping[str, StackDocument], *, provider_constraint: str
) -> DeliveryResult:
    """Write `ci/` and `bootstrap/` into `staging` (dist/ being built) for the packaged environments."""
    written: list[str] = []
    notes: list[str] = []
    try:
        workflows = terraform_workflows(project)
    except ConfigError as exc:
        notes.append(f"{CI_DIR}/ left out: {exc}")
    else:
        (staging / CI_DIR).mkdir()
        for workflow in workflows:
            (staging / CI_DIR / workflow.name).write_text(workflow.text, encoding="utf-8")
            written.append(f"{CI_DIR}/{workflow.name}")
    roots = bootstrap_roots(project, stacks)
    for root in roots:
        directory = staging / BOOTSTRAP_DIR / root.account
        directory.mkdir(parents=True)
        text = render_root(root, provider_constraint=provider_constraint, required_terraform=REQUIRED_TERRAFORM)
        (directory / "main.tf").write_text(text, encoding="utf-8")
        written.append(f"{BOOTSTRAP_DIR}/{root.account}/main.tf")
    left_out = [env.name for env in project.in_deploy_order if env.name in stacks and not bootstrappable(env)]
    if roots:
        workspaces = [
            (env.prefix, env.deploy_role_arn, env.plan_role_arn)
            for env in project.in_deploy_order
            if env.name in stacks and bootstrappable(env) and env.backend.type == "cloud"
        ]
        readme = render(
            "bootstrap-README.md.j2", project=project.name, roots=roots, left_out=left_out, workspaces=workspaces
        )
        (staging / BOOTSTRAP_DIR / "README.md").write_text(readme, encoding="utf-8")
    if left_out:
        notes.append(
            f"{BOOTSTRAP_DIR}/ has no roles for {', '.join(left_out)}: an environment needs an account_id, an s3 or "
            "cloud backend and a ci_role_arn in that account"
        )
    return DeliveryResult(tuple(written), tuple(notes))
