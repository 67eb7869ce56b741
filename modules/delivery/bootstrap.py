"""The one-time AWS set-up a pipeline needs, as plain Terraform: one root per AWS account (`dist/bootstrap/<account>/`),
applied once by an administrator of that account.

Each root creates the account's OIDC provider and, per environment of the account, two roles:

- the deploy role (`ci_role_arn`, default `<project>-<environment>-ci`) with the stack's read and write actions;
- its read-only twin `<name>-plan`, which pull requests plan with.

Who may assume them depends on where Terraform runs:

- `s3` backend: GitHub's OIDC provider (`token.actions.githubusercontent.com`, audience `sts.amazonaws.com`). The
  deploy role trusts only `repo:<owner>/<repo>:environment:<environment>` (a deploy job of that GitHub
  environment), the plan role only `repo:<owner>/<repo>:pull_request` (GitHub documentation, "Configuring
  OpenID Connect in Amazon Web Services": the `sub` claim). The repository is the root's `github_repository`
  variable.
- `cloud` backend: HCP Terraform's OIDC provider (`<hostname>`, audience `aws.workload.identity`). The deploy role
  trusts only the environment's workspace in its apply phase, the plan role its plan phase
  (`organization:<org>:project:*:workspace:<workspace>:run_phase:<plan|apply>`; HCP Terraform documentation,
  "Dynamic credentials with the AWS provider").

Permissions come from the synthesized stacks (`permissions.py`); with `assume_role_arn` the roles may also assume
that role (the provider does, and then acts with that role's permissions, which stay the account's own).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from modules.config.environment import EnvironmentConfig, ProjectConfig
from modules.delivery.permissions import policy
from modules.delivery.render import render
from modules.hcl_literal import quote
from modules.synth_output.model import StackDocument

GITHUB_ISSUER = "token.actions.githubusercontent.com"
GITHUB_AUDIENCE = "sts.amazonaws.com"
HCP_AUDIENCE = "aws.workload.identity"
REPOSITORY_VARIABLE = "var.github_repository"


@dataclass(frozen=True)
class Role:
    """One IAM role of a bootstrap root: its Terraform label, name, path, trust and permissions."""

    label: str
    name: str
    path: str
    description: str
    issuer: str
    audience: str
    subject_test: str
    #: The `sub` claim the role trusts, as an HCL expression (GitHub's names the repository variable).
    subject: str
    policy: Mapping[str, object]

    @property
    def issuer_label(self) -> str:
        """The Terraform label of the issuer's `aws_iam_openid_connect_provider`."""
        return issuer_label(self.issuer)


@dataclass(frozen=True)
class BootstrapRoot:
    """One account's root: its environments, region (of the provider) and roles."""

    account: str
    region: str
    environments: tuple[str, ...]
    #: (issuer, Terraform label, audience) of each OIDC provider the roles trust.
    issuers: tuple[tuple[str, str, str], ...]
    roles: tuple[Role, ...]
    github: bool


def bootstrap_roots(project: ProjectConfig, stacks: Mapping[str, StackDocument]) -> tuple[BootstrapRoot, ...]:
    """One root per account of the environments that have one and whose deploy role lives in it, in deploy order
    (environments without `account_id`, or with a role in another account, have no root: the README says so)."""
    accounts: dict[str, list[EnvironmentConfig]] = {}
    for env in project.in_deploy_order:
        if bootstrappable(env):
            accounts.setdefault(env.account_id, []).append(env)
    roots = []
    for account, envs in accounts.items():
        roles = tuple(role for env in envs for role in _roles(env, stacks[env.name]))
        roots.append(
            BootstrapRoot(
                account=account,
                region=envs[0].region,
                environments=tuple(env.name for env in envs),
                issuers=tuple(sorted({(role.issuer, role.issuer_label, role.audience) for role in roles})),
                roles=roles,
                github=any(role.issuer == GITHUB_ISSUER for role in roles),
            )
        )
    return tuple(roots)


def bootstrappable(env: EnvironmentConfig) -> bool:
    """Whether a bootstrap root creates `env`'s roles: it has an account, a remote backend, and its deploy role
    lives in that account."""
    role = env.deploy_role_arn
    return bool(role) and env.backend.type in ("s3", "cloud") and role.split(":")[4] == env.account_id


def issuer_label(issuer: str) -> str:
    """`github` for GitHub's issuer, else the hostname as a Terraform label (`app_terraform_io`)."""
    return "github" if issuer == GITHUB_ISSUER else re.sub(r"[^a-z0-9]", "_", issuer)


def render_root(root: BootstrapRoot, *, provider_constraint: str, required_terraform: str) -> str:
    """`main.tf` of one account's root (unformatted: the packager runs `terraform fmt`)."""
    return render(
        "bootstrap.tf.j2",
        root=root,
        provider_constraint=provider_constraint,
        required_terraform=required_terraform,
        repository_variable=REPOSITORY_VARIABLE,
    )


def _roles(env: EnvironmentConfig, stack: StackDocument) -> tuple[Role, Role]:
    arn = env.deploy_role_arn
    path, _, name = arn.split(":role", 1)[1].rpartition("/")
    deploy_policy = _with_assume_role(policy([stack], account=env.account_id, region=env.region, write=True), env)
    plan_policy = _with_assume_role(policy([stack], account=env.account_id, region=env.region, write=False), env)
    deploy_policy = _with_state(deploy_policy, env, write=True)
    plan_policy = _with_state(plan_policy, env, write=False)
    if env.backend.type == "cloud":
        issuer = env.backend.cloud_hostname
        audience = HCP_AUDIENCE
        workspace = f"organization:{env.backend.organization}:project:*:workspace:{env.prefix}:run_phase:"
        subjects = ("StringLike", quote(workspace + "apply"), quote(workspace + "plan"))
    else:
        issuer, audience = GITHUB_ISSUER, GITHUB_AUDIENCE
        repo = "repo:${" + REPOSITORY_VARIABLE + "}"
        subjects = ("StringEquals", f'"{repo}:environment:{env.name}"', f'"{repo}:pull_request"')
    label = env.name.replace("-", "_")
    return (
        Role(
            f"{label}_deploy",
            name,
            path + "/",
            f"Deploys {env.prefix} (pipeline)",
            issuer,
            audience,
            subjects[0],
            subjects[1],
            deploy_policy,
        ),
        Role(
            f"{label}_plan",
            name + "-plan",
            path + "/",
            f"Plans {env.prefix} (pull requests, read-only)",
            issuer,
            audience,
            subjects[0],
            subjects[2],
            plan_policy,
        ),
    )


def _with_assume_role(document: dict[str, object], env: EnvironmentConfig) -> dict[str, object]:
    if not env.assume_role_arn:
        return document
    statement = {
        "Sid": "AssumeTheProvidersRole",
        "Effect": "Allow",
        "Action": ["sts:AssumeRole"],
        "Resource": [env.assume_role_arn],
    }
    return {**document, "Statement": [*_statements(document), statement]}


def _with_state(document: dict[str, object], env: EnvironmentConfig, *, write: bool) -> dict[str, object]:
    """The S3 state of an `s3` backend: read it (and its lock file, which a plan writes too), write it to deploy."""
    backend = env.backend
    if backend.type != "s3":
        return document
    key = backend.key or f"{env.project}/{env.name}/terraform.tfstate"
    bucket = f"arn:aws:s3:::{backend.bucket}"
    objects = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"] if write else ["s3:GetObject"]
    statements = [
        {"Sid": "ListTheStateBucket", "Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": [bucket]},
        {"Sid": "TheState", "Effect": "Allow", "Action": objects, "Resource": [f"{bucket}/{key}"]},
        {
            "Sid": "TheStateLock",
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            "Resource": [f"{bucket}/{key}.tflock"],
        },
    ]
    return {**document, "Statement": [*_statements(document), *statements]}


def _statements(document: Mapping[str, object]) -> list[object]:
    statements = document["Statement"]
    assert isinstance(statements, list)
    return statements
