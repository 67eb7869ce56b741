"""The GitHub Actions workflows, rendered from the config: the cdktf pipeline (`make pipeline` writes it to
`.github/workflows/`) and the plain-Terraform one of the exported env roots (`make package` writes it to
`dist/ci/`). Same shape for both: on a pull request a plan per environment in a matrix, each in its job's summary;
on a push to main a deploy per environment in deploy order, each job a GitHub environment with a concurrency
group of its own. Every job states its permissions; credentials come only through OIDC (see `targets.py`)."""

from __future__ import annotations

from dataclasses import dataclass

from modules.config.environment import ProjectConfig
from modules.delivery.actions import PYTHON_VERSION, TERRAFORM_VERSION
from modules.delivery.render import render
from modules.delivery.targets import TOKEN_SECRET, Delivery, delivery

#: The env roots' directory in the ops teams' repository (dist/'s layout: envs/<env>/).
ENVS_DIR = "envs"


@dataclass(frozen=True)
class Workflow:
    """One workflow file: its name (in `.github/workflows/`) and its text."""

    name: str
    text: str


def cdktf_workflows(project: ProjectConfig) -> tuple[Workflow, ...]:
    """`pull-request.yml` (make synth, make test, cdktf diff per environment) and `deploy.yml` (cdktf deploy)."""
    context = _context(project, delivery(project))
    return (
        Workflow("pull-request.yml", render("pull-request.yml.j2", **context)),
        Workflow("deploy.yml", render("deploy.yml.j2", **context)),
    )


def terraform_workflows(project: ProjectConfig) -> tuple[Workflow, ...]:
    """`terraform-pull-request.yml` (fmt -check, init, validate, plan) and `terraform-deploy.yml` (apply), for
    the env roots in `envs/<env>/`."""
    context = _context(project, delivery(project)) | {"envs_dir": ENVS_DIR}
    return (
        Workflow("terraform-pull-request.yml", render("terraform-pull-request.yml.j2", **context)),
        Workflow("terraform-deploy.yml", render("terraform-deploy.yml.j2", **context)),
    )


def _context(project: ProjectConfig, targets: Delivery) -> dict[str, object]:
    return {
        "source": project.source,
        "project": project.name,
        "delivery": targets,
        "token_secret": TOKEN_SECRET,
        "token_variables": sorted({target.token_variable for target in targets.targets} - {""}),
        "tagged": any(target.tagged for target in targets.targets),
        "terraform_version": TERRAFORM_VERSION,
        "python_version": PYTHON_VERSION,
    }
