"""`python -m modules.openapi` as `make openapi` runs it: every environment or one, same bytes twice, and a
missing, stale or unknown synth, or a function's broken `openapi.yaml`, as one error line with exit code 2."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CONFIG, ENVIRONMENTS, ROOT, project_scratch, run_main, source_dir_of


def run_openapi(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CDKTF_OUTDIR", None)
    return subprocess.run(
        [sys.executable, "-m", "modules.openapi", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def project(synth_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working directory holding a copy of the session's synth (`cdktf.out`) and of the config it was made from."""
    parent = tmp_path_factory.mktemp("openapi")
    shutil.copytree(synth_dir, parent / "cdktf.out")
    shutil.copyfile(CONFIG, parent / "environments.toml")
    return parent


@pytest.fixture(scope="module")
def written(project: Path) -> dict[str, bytes]:
    result = run_openapi("--config", "environments.toml", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"cdktf.out/openapi/{env}.json" for env in sorted(ENVIRONMENTS)]
    return {env: (project / "cdktf.out" / "openapi" / f"{env}.json").read_bytes() for env in ENVIRONMENTS}


def test_every_environment_is_written_as_json(written: dict[str, bytes]) -> None:
    for env, data in written.items():
        assert json.loads(data)["info"]["title"] == f"cognito-http-api-{env}"
        assert data.endswith(b"}\n")


def test_same_synth_same_bytes(project: Path, written: dict[str, bytes]) -> None:
    result = run_openapi("--config", "environments.toml", "--env", "prod", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "cdktf.out/openapi/prod.json\n"
    assert (project / "cdktf.out" / "openapi" / "prod.json").read_bytes() == written["prod"]


def bad(result: subprocess.CompletedProcess[str], message: str) -> None:
    assert result.returncode == 2
    assert result.stderr.splitlines() == [message]


def test_no_synth_output(tmp_path: Path) -> None:
    bad(run_openapi(cwd=tmp_path), "error: cdktf.out/stacks: missing synth output; allowed: the output of `make synth`")


def test_an_environment_that_was_not_synthesized(project: Path) -> None:
    bad(
        run_openapi("--config", "environments.toml", "--env", "qa", cwd=project),
        "error: cdktf.out/stacks: environment 'qa': not synthesized; allowed: dev, prod, staging",
    )


def test_a_stale_synth(project: Path, tmp_path: Path) -> None:
    edited = tmp_path / "environments.toml"
    edited.write_text((project / "environments.toml").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    result = run_openapi("--config", str(edited), "--synth-dir", str(project / "cdktf.out"), cwd=project)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(
        f"error: cdktf.out/module/interface.json: stale: synthesized from other inputs than {edited}"
    )
    assert line.endswith("allowed: a fresh `make synth`")


BROKEN_CONFIG = """
[project]
name = "demo-api"
version = "0.1.0"

[defaults]
region = "us-east-1"

[defaults.clients.web]
callback_urls = ["https://localhost:3000/callback"]

[defaults.functions.broken]
source_dir = "{source_dir}"

[[defaults.routes]]
route_key = "GET /broken"

[environments.dev]
"""


def test_a_broken_openapi_yaml_is_one_line_naming_it(tmp_path: Path) -> None:
    with project_scratch("openapi-broken-") as source:
        (source / "handler.py").write_text("def handler(event, context):\n    return {}\n", encoding="utf-8")
        (source / "openapi.yaml").write_text("routes:\n  GET /elsewhere: {}\n", encoding="utf-8")
        config = tmp_path / "environments.toml"
        config.write_text(BROKEN_CONFIG.format(source_dir=source_dir_of(source)), encoding="utf-8")
        synth = run_main(tmp_path / "cdktf.out", config)
        assert synth.returncode == 0, synth.stderr
        result = run_openapi("--config", str(config), cwd=tmp_path)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {source_dir_of(source)}/openapi.yaml (function 'broken', in cdktf.out/stacks/dev/")
    assert line.endswith("route 'GET /elsewhere' is not a route of this function; allowed: GET /broken")
    assert not (tmp_path / "cdktf.out" / "openapi").exists()
