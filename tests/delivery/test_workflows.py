"""The GitHub Actions workflows rendered from the config: both linters pass them with zero findings in every
variant (HCP Terraform, S3, a mix), and their shape is what docs/delivery.md promises: plans in a matrix, deploys
in order, one GitHub environment and one concurrency group per deploy, least privilege, pinned actions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from modules.config.environment import ProjectConfig
from modules.delivery.actions import ACTIONS, TERRAFORM_VERSION
from modules.delivery.workflows import Workflow, cdktf_workflows, terraform_workflows
from tests.delivery.configs import VARIANTS, project
from tests.delivery.linters import actionlint, write, zizmor

RENDERERS = {"cdktf": cdktf_workflows, "terraform": terraform_workflows}
USES = re.compile(r"^\s+(?:- )?uses: (?P<repo>[\w.-]+/[\w.-]+)@(?P<sha>\S+)(?P<comment>.*)$")


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ProjectConfig]:
    base = tmp_path_factory.mktemp("configs")
    return {name: project(base / name, text) for name, text in VARIANTS.items()}


def _documents(workflows: tuple[Workflow, ...]) -> dict[str, dict[Any, Any]]:
    return {workflow.name: yaml.safe_load(workflow.text) for workflow in workflows}


@pytest.mark.parametrize("kind", RENDERERS)
@pytest.mark.parametrize("variant", VARIANTS)
def test_actionlint_and_zizmor_find_nothing(
    projects: dict[str, ProjectConfig], variant: str, kind: str, tmp_path: Path
) -> None:
    files = write(tmp_path / ".github" / "workflows", RENDERERS[kind](projects[variant]))
    linted = actionlint(*files)
    assert (linted.returncode, linted.stdout) == (0, "")
    audited = zizmor(*files)
    assert audited.returncode == 0, audited.stdout + audited.stderr
    assert "No findings to report" in audited.stdout


@pytest.mark.parametrize("kind", RENDERERS)
def test_every_action_is_pinned_by_commit_with_its_version(projects: dict[str, ProjectConfig], kind: str) -> None:
    used = set()
    for workflow in RENDERERS[kind](projects["mixed"]):
        for line in workflow.text.splitlines():
            if "uses:" not in line:
                continue
            match = USES.match(line)
            assert match, line
            assert re.fullmatch(r"[0-9a-f]{40}", match["sha"]), line
            used.add((match["repo"], match["sha"], match["comment"].strip()))
    expected = {(a.repository, a.sha, f"# {a.version}") for a in ACTIONS}
    assert used <= expected
    assert {repo for repo, _, _ in used} >= {"actions/checkout", "hashicorp/setup-terraform", "actions/cache"}


def _jobs(workflow: dict[Any, Any]) -> dict[str, dict[str, Any]]:
    jobs: dict[str, dict[str, Any]] = workflow["jobs"]
    return jobs


def _steps_using(job: dict[str, Any], repository: str) -> list[dict[str, Any]]:
    return [step for step in job["steps"] if str(step.get("uses", "")).startswith(repository + "@")]


def test_pull_requests_test_then_diff_every_environment(projects: dict[str, ProjectConfig]) -> None:
    workflow = _documents(cdktf_workflows(projects["cloud"]))["pull-request.yml"]
    assert workflow[True] == {"pull_request": {"branches": ["main"]}}, "`on:` (PyYAML reads the key as True)"
    assert workflow["permissions"] == {}
    jobs = _jobs(workflow)
    assert [step.get("run") for step in jobs["test"]["steps"] if "run" in step][::2] == ["make synth", "make test"]
    diff = jobs["diff"]
    assert diff["needs"] == "test"
    assert [entry["environment"] for entry in diff["strategy"]["matrix"]["include"]] == ["dev", "staging", "prod"]
    runs = [step["run"] for step in diff["steps"] if "run" in step]
    assert runs[:2] == ["make synth", 'make diff ENV="$ENVIRONMENT" 2>&1 | tee diff.txt']
    assert '>> "$GITHUB_STEP_SUMMARY"' in runs[2]
    assert diff["steps"][-1]["if"] == "always()", "the plan reaches the summary even when the diff fails"


def test_pushes_to_main_deploy_in_deploy_order_each_in_its_environment(projects: dict[str, ProjectConfig]) -> None:
    workflow = _documents(cdktf_workflows(projects["mixed"]))["deploy.yml"]
    assert workflow[True] == {"push": {"branches": ["main"]}}
    jobs = _jobs(workflow)
    assert list(jobs) == ["deploy-qa", "deploy-dev", "deploy-staging", "deploy-prod"]
    assert [job.get("needs") for job in jobs.values()] == [None, "deploy-qa", "deploy-dev", "deploy-staging"]
    for name, job in jobs.items():
        environment = name.removeprefix("deploy-")
        assert job["environment"] == environment
        assert job["concurrency"] == {"group": name, "cancel-in-progress": False}
        runs = [step["run"] for step in job["steps"] if "run" in step]
        assert runs[1] == 'make deploy ENV="$ENVIRONMENT" 2>&1 | tee deploy.txt'


def test_credentials_only_through_oidc_and_only_where_terraform_runs_on_the_runner(
    projects: dict[str, ProjectConfig],
) -> None:
    cloud = _documents(cdktf_workflows(projects["cloud"]))
    for workflow in cloud.values():
        for job in _jobs(workflow).values():
            assert job["permissions"] == {"contents": "read"}, "remote runs: no id-token for the runner"
            assert not _steps_using(job, "aws-actions/configure-aws-credentials")
    s3 = _jobs(_documents(cdktf_workflows(projects["s3"]))["deploy.yml"])
    for name, job in s3.items():
        assert job["permissions"] == {"contents": "read", "id-token": "write"}
        (step,) = _steps_using(job, "aws-actions/configure-aws-credentials")
        environment = name.removeprefix("deploy-")
        assert step["with"]["role-to-assume"].endswith(f":role/cognito-http-api-{environment}-ci")
        assert set(step["with"]) == {"role-to-assume", "role-session-name", "aws-region"}, "no keys"
    diff = _jobs(_documents(cdktf_workflows(projects["s3"]))["pull-request.yml"])["diff"]
    roles = [entry["role"] for entry in diff["strategy"]["matrix"]["include"]]
    assert all(role.endswith("-ci-plan") for role in roles), "pull requests plan with the read-only twins"
    assert _jobs(_documents(cdktf_workflows(projects["s3"]))["pull-request.yml"])["test"]["permissions"] == {
        "contents": "read"
    }


def test_mixed_backends_get_the_token_per_host_and_credentials_per_environment(
    projects: dict[str, ProjectConfig],
) -> None:
    documents = _documents(cdktf_workflows(projects["mixed"]))
    diff = _jobs(documents["pull-request.yml"])["diff"]
    (credentials,) = _steps_using(diff, "aws-actions/configure-aws-credentials")
    assert credentials["if"] == "matrix.backend == 's3'"
    (step,) = [step for step in diff["steps"] if step.get("name") == "cdktf diff"]
    assert step["env"] == {
        "ENVIRONMENT": "${{ matrix.environment }}",
        "TF_TOKEN_app_terraform_io": "${{ secrets.TF_API_TOKEN }}",
        "TF_TOKEN_tfe_acme__corp_dev": "${{ secrets.TF_API_TOKEN }}",
        "TF_WORKSPACE": "${{ matrix.workspace }}",
    }
    workspaces = {entry["environment"]: entry["workspace"] for entry in diff["strategy"]["matrix"]["include"]}
    assert workspaces == {"qa": "", "dev": "", "staging": "", "prod": "cognito-http-api-prod"}
    deploy = _jobs(documents["deploy.yml"])
    (prod,) = [step for step in deploy["deploy-prod"]["steps"] if step.get("name") == "cdktf deploy"]
    assert prod["env"]["TF_WORKSPACE"] == "cognito-http-api-prod"
    assert "TF_TOKEN_tfe_acme__corp_dev" in prod["env"]
    assert deploy["deploy-qa"]["permissions"] == {"contents": "read", "id-token": "write"}
    assert deploy["deploy-dev"]["permissions"] == {"contents": "read"}


def test_caches_are_keyed_on_the_lock_files(projects: dict[str, ProjectConfig]) -> None:
    for kind, render in RENDERERS.items():
        for workflow in _documents(render(projects["cloud"])).values():
            for job in _jobs(workflow).values():
                for step in _steps_using(job, "actions/cache"):
                    key = step["with"]["key"]
                    lock = "Pipfile.lock" if kind == "cdktf" else ".terraform.lock.hcl"
                    assert "hashFiles(" in key
                    assert lock in key


def test_the_ops_pipeline_formats_validates_plans_and_applies_the_env_roots(
    projects: dict[str, ProjectConfig],
) -> None:
    documents = _documents(terraform_workflows(projects["s3"]))
    pull = _jobs(documents["terraform-pull-request.yml"])
    assert [s["run"] for s in pull["fmt"]["steps"] if "run" in s] == ["terraform fmt -check -recursive -diff"]
    (plan,) = [s for s in pull["plan"]["steps"] if s.get("name") == "terraform init, validate, plan"]
    assert plan["working-directory"] == "envs/${{ matrix.environment }}"
    assert plan["run"].splitlines() == [
        "terraform init -no-color", "terraform validate -no-color",
        'terraform plan -no-color 2>&1 | tee "$GITHUB_WORKSPACE/plan.txt"',
    ]  # fmt: skip
    apply = _jobs(documents["terraform-deploy.yml"])
    assert list(apply) == ["apply-dev", "apply-staging", "apply-prod"]
    for name, job in apply.items():
        (step,) = [s for s in job["steps"] if s.get("name") == "terraform init, apply"]
        assert step["working-directory"] == f"envs/{name.removeprefix('apply-')}"
        assert "terraform apply -auto-approve" in step["run"]
        (terraform,) = _steps_using(job, "hashicorp/setup-terraform")
        assert terraform["with"] == {"terraform_version": TERRAFORM_VERSION, "terraform_wrapper": False}


PLANTED = {
    "an action pinned by tag": ("uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1  # v7.0.1",
                                "uses: actions/checkout@v7", "zizmor", "unpinned-uses"),
    "a pull request's title in a script": ("run: make synth", "run: echo ${{ github.event.pull_request.title }}",
                                           "zizmor", "template-injection"),
    "a job that may write everything": ("    permissions:\n      contents: read\n    steps:",
                                        "    permissions: write-all\n    steps:", "zizmor", "excessive-permissions"),
    "a trigger running forks' code with secrets": ("  pull_request:\n", "  pull_request_target:\n", "zizmor",
                                                   "dangerous-triggers"),
    "a job needing a job that does not exist": ("needs: test", "needs: tests", "actionlint", "needs"),
}  # fmt: skip


@pytest.mark.parametrize(("old", "new", "linter", "finding"), PLANTED.values(), ids=PLANTED.keys())
def test_the_linters_fail_on_a_planted_fault(
    projects: dict[str, ProjectConfig], old: str, new: str, linter: str, finding: str, tmp_path: Path
) -> None:
    (pull_request, _) = cdktf_workflows(projects["cloud"])
    assert old in pull_request.text
    (path,) = write(tmp_path, (Workflow(pull_request.name, pull_request.text.replace(old, new, 1)),))
    result = actionlint(path) if linter == "actionlint" else zizmor(path)
    assert result.returncode != 0
    assert finding in result.stdout
