"""The engine's real CLI (`cdktf`, or `cdktn` for CDK Terrain; pinned in the engine's package.json, on Node 24)
synthesizes what `python main.py` does, byte for byte.

cdktf.json's app is `pipenv run python main.py`; either CLI reads cdktf.json and runs the app with
`CDKTF_OUTDIR` set to `--output`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from modules.engine.selection import chosen_engine
from tests.conftest import ENVIRONMENTS, ROOT

ENGINE = chosen_engine()
CLI = ENGINE.cli
NODE_BIN = CLI.parent
#: The tools virtualenv's directory holding only `pipenv` (see the Makefile).
PIPENV_BIN = ROOT / ".venv-tools" / "path"
NODE_BANNERS = ("end-of-life", "Node 20")
TIMEOUT_SECONDS = 600


@dataclass(frozen=True)
class Run:
    """A finished command: its output directory and everything it printed."""

    outdir: Path
    output: str


def _environment(outdir: Path | None = None) -> dict[str, str]:
    """What `make test` exports: the project's Node and pipenv first, this virtualenv for `pipenv run`, no
    checkpoint calls."""
    path = os.pathsep.join([str(NODE_BIN), str(PIPENV_BIN), os.environ.get("PATH", "")])
    env = {
        **os.environ,
        "PATH": path,
        "VIRTUAL_ENV": sys.prefix,
        "CHECKPOINT_DISABLE": "1",
        "PIPENV_VENV_IN_PROJECT": "1",
        "PIPENV_VERBOSITY": "-1",
        "PIPENV_NOSPIN": "1",
        "JSII_NODE": str(ENGINE.node),
    }
    env.pop("CDKTF_OUTDIR", None)
    for silencer in [key for key in env if key.startswith("JSII_SILENCE_WARNING")]:
        env.pop(silencer)  # a banner must show if there is one
    # The CLI asks `terraform version`; a TF_CLI_CONFIG_FILE naming a missing file only adds a warning per call.
    if not Path(env.get("TF_CLI_CONFIG_FILE") or os.devnull).exists():
        env.pop("TF_CLI_CONFIG_FILE")
    if outdir is not None:
        env["CDKTF_OUTDIR"] = str(outdir)
    return env


def _run(command: list[str], outdir: Path, env: dict[str, str]) -> Run:
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    return Run(outdir, output)


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """`cdktf synth --output <tmp>` (or `cdktn synth`) through the pinned CLI."""
    env = _environment()
    assert shutil.which("pipenv", path=env["PATH"]), "pipenv is not installed: run `make synth` first"
    outdir = tmp_path_factory.mktemp("cli") / "cdktf.out"
    return _run([str(CLI), "synth", "--output", str(outdir)], outdir, env)


@pytest.fixture(scope="module")
def python_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """`python main.py` with the same output directory variable the CLI sets."""
    outdir = tmp_path_factory.mktemp("python") / "cdktf.out"
    return _run([sys.executable, "main.py"], outdir, _environment(outdir))


def _stack_files(outdir: Path) -> dict[str, bytes]:
    stacks = outdir / "stacks"
    return {str(p.relative_to(stacks)): p.read_bytes() for p in sorted(stacks.rglob("*")) if p.is_file()}


def test_cdktf_json_runs_main_py_through_pipenv() -> None:
    config = json.loads((ROOT / "cdktf.json").read_text(encoding="utf-8"))
    assert config["app"] == "pipenv run python main.py"
    assert config["language"] == "python"


def test_cli_is_the_pinned_version_on_the_project_node() -> None:
    env = _environment()
    version = subprocess.run(
        [str(CLI), "--version"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    package = json.loads((ENGINE.npm_prefix / "package.json").read_text(encoding="utf-8"))
    assert version.stdout.splitlines()[0] == package["devDependencies"][f"{ENGINE.name}-cli"]
    node = subprocess.run(["node", "--version"], env=env, capture_output=True, text=True, timeout=60, check=True)
    assert int(node.stdout.strip().lstrip("v").split(".")[0]) >= 22


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_cli_synth_equals_python_main_py(cli_run: Run, python_run: Run, env: str) -> None:
    name = f"{env}/cdk.tf.json"
    cli, python = _stack_files(cli_run.outdir), _stack_files(python_run.outdir)
    assert name in cli
    assert cli[name] == python[name]


def test_cli_synth_writes_the_same_stacks_and_assets(cli_run: Run, python_run: Run) -> None:
    assert _stack_files(cli_run.outdir) == _stack_files(python_run.outdir)
    assert sorted(p.name for p in (cli_run.outdir / "stacks").iterdir()) == sorted(ENVIRONMENTS)


def test_cli_and_synth_warn_about_public_routes(cli_run: Run, python_run: Run) -> None:
    for run in (cli_run, python_run):
        assert "warning: prod: route 'GET /health' is public (authorization_type NONE)" in run.output


@pytest.mark.parametrize("run_name", ["cli_run", "python_run"])
def test_no_node_end_of_life_banner(request: pytest.FixtureRequest, run_name: str) -> None:
    run: Run = request.getfixturevalue(run_name)
    for banner in NODE_BANNERS:
        assert banner not in run.output
