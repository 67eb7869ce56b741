"""Shared fixtures: real synths of the committed config (once per session) and of ad-hoc configs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from modules.synth_output.model import StackDocument

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "environments.toml"
ENVIRONMENTS = ("dev", "staging", "prod")
#: The smallest useful config for ad-hoc synths: append `[[defaults.routes]]` and `[environments.<name>]` tables.
MINIMAL_CONFIG = """
[project]
name = "demo-api"
version = "0.1.0"

[defaults]
region = "us-east-1"

[defaults.clients.web]
callback_urls = ["https://localhost:3000/callback"]

[defaults.functions.example]
"""


#: Where tests put function sources of their own: inside the project, as a function's `source_dir` must be
#: (git-ignored, like the rest of `.cache/`).
SCRATCH_ROOT = ROOT / ".cache" / "test-sources"


@contextmanager
def project_scratch(prefix: str) -> Iterator[Path]:
    """A fresh directory inside the project for a test's function sources, removed afterwards."""
    SCRATCH_ROOT.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=SCRATCH_ROOT))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def source_dir_of(path: Path) -> str:
    """`path` as a config's `source_dir`: relative to the project."""
    return path.relative_to(ROOT).as_posix()


def run_main(
    outdir: Path,
    config: Path = CONFIG,
    *,
    extra_env: dict[str, str] | None = None,
    prelude: str = "",
    python_flags: tuple[str, ...] = (),
) -> subprocess.CompletedProcess[str]:
    """Run `main.py` for real in a subprocess, writing to `outdir`. `prelude` runs first (e.g. an eager import)."""
    env = {**os.environ, "CDKTF_OUTDIR": str(outdir), **(extra_env or {})}
    code = (
        f"{prelude}\nimport runpy, sys\nsys.argv = ['main.py', '--config', {str(config)!r}]\n"
        f"runpy.run_path({str(ROOT / 'main.py')!r}, run_name='__main__')"
    )
    return subprocess.run(
        [sys.executable, *python_flags, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def load_stack(outdir: Path, environment: str) -> dict[str, Any]:
    return json.loads((outdir / "stacks" / environment / "cdk.tf.json").read_text(encoding="utf-8"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots", action="store_true", default=False,
        help="rewrite tests/snapshots/<env>.cdk.tf.json from the current synth instead of comparing",
    )  # fmt: skip


@pytest.fixture(scope="session")
def update_snapshots(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-snapshots"))


@pytest.fixture(scope="session")
def synth_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`cdktf.out` of the committed environments.toml, synthesized once per test session."""
    outdir = tmp_path_factory.mktemp("synth") / "cdktf.out"
    result = run_main(outdir)
    assert result.returncode == 0, result.stderr
    return outdir


@pytest.fixture(scope="session")
def stacks(synth_dir: Path) -> dict[str, dict[str, Any]]:
    """The synthesized `cdk.tf.json` of every default environment, by name."""
    return {env: load_stack(synth_dir, env) for env in ENVIRONMENTS}


@pytest.fixture
def synth_config(tmp_path: Path) -> Callable[[str], dict[str, Any]]:
    """Synthesize an ad-hoc config text for real; returns `{env: cdk.tf.json}`."""

    def synth(text: str) -> dict[str, Any]:
        config = tmp_path / "environments.toml"
        config.write_text(text, encoding="utf-8")
        outdir = tmp_path / "cdktf.out"
        result = run_main(outdir, config)
        assert result.returncode == 0, result.stderr
        return {p.name: load_stack(outdir, p.name) for p in sorted((outdir / "stacks").iterdir())}

    return synth


def resource(stack: dict[str, Any], type_: str, name: str) -> dict[str, Any]:
    """One resource's arguments, without cdktf's `//` metadata."""
    return {k: v for k, v in stack["resource"][type_][name].items() if k != "//"}


def resources(stack: dict[str, Any], type_: str) -> dict[str, dict[str, Any]]:
    return {name: resource(stack, type_, name) for name in stack["resource"].get(type_, {})}


@pytest.fixture(scope="session")
def bundle_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One dependency cache (`modules.bundle`) for the session: each requirements file is downloaded once."""
    return tmp_path_factory.mktemp("bundle-cache")


def as_document(raw: dict[str, Any], path: Path = Path("cdk.tf.json")) -> StackDocument:
    """A Terraform JSON document of a test as the typed reader's `StackDocument`."""
    return StackDocument(path, raw)
