"""`make pipeline`: the committed workflows are what the config makes (a test fails when they are stale, as for
the schema), writing touches only its own files, and a config no pipeline can deploy is one error line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from modules.config.loader import load_config
from modules.delivery.workflows import cdktf_workflows
from modules.pipeline.write import WORKFLOWS_DIR, stale_workflows, write_workflows
from tests.conftest import CONFIG, ROOT
from tests.delivery.configs import COMMITTED, project
from tests.delivery.linters import actionlint, zizmor


def test_committed_workflows_are_current() -> None:
    stale = stale_workflows(load_config(CONFIG), ROOT / WORKFLOWS_DIR)
    assert [workflow.name for workflow in stale] == [], "stale: run `make pipeline` and commit .github/workflows/"


def test_the_committed_workflows_pass_both_linters() -> None:
    files = sorted((ROOT / WORKFLOWS_DIR).glob("*.yml"))
    assert [path.name for path in files] == ["deploy.yml", "pull-request.yml"]
    assert actionlint(*files).returncode == 0
    assert zizmor(*files).returncode == 0


def test_a_changed_config_makes_the_workflows_stale(tmp_path: Path) -> None:
    directory = tmp_path / "workflows"
    write_workflows(load_config(CONFIG), directory)
    assert stale_workflows(load_config(CONFIG), directory) == ()
    order = 'deploy_order = ["staging", "dev", "prod"]\n'
    reordered = COMMITTED.replace('version = "0.2.0"\n', 'version = "0.2.0"\n' + order)
    stale = stale_workflows(project(tmp_path / "config", reordered), directory)
    assert [workflow.name for workflow in stale] == ["pull-request.yml", "deploy.yml"]


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "modules.pipeline", *args],
        cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_make_pipeline_writes_its_files_and_leaves_others_alone(tmp_path: Path) -> None:
    out = tmp_path / ".github" / "workflows"
    out.mkdir(parents=True)
    (out / "release.yml").write_text("name: release\n", encoding="utf-8")
    result = _run("--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["deploy.yml", "pull-request.yml", "release.yml"]
    assert (out / "release.yml").read_text(encoding="utf-8") == "name: release\n"
    assert (out / "deploy.yml").read_text(encoding="utf-8") == cdktf_workflows(load_config(CONFIG))[1].text


def test_a_config_no_pipeline_can_deploy_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    config = tmp_path / "environments.toml"
    config.write_text(COMMITTED.replace('type = "cloud"\norganization = "example-org"\n', 'type = "local"\n'), "utf-8")
    out = tmp_path / "workflows"
    result = _run("--config", str(config), "--out", str(out))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: environments.toml: environment 'dev': field 'backend.type': got 'local'; allowed: s3 or cloud: a "
        "runner keeps no state between jobs"
    ]
    assert not out.exists()
