"""Shared fixtures: real synths of the committed config (once per session) and of ad-hoc configs."""

from __future__ import annotations

import fcntl
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


#: Fixtures that mean a real synth (or what is made from one), and fixtures that mean a real server or tool.
SYNTH_FIXTURES = frozenset({"synth_dir", "stacks", "synth_config", "packaged", "lab_out", "frozen_config"})
E2E_FIXTURES = frozenset(
    {"running", "serve", "module_api", "pool", "callback_page", "federated", "cli_run", "python_run"}
)
TIERS = ("unit", "synth", "e2e")


#: Test files (or single tests, by node id prefix) whose tier their fixtures do not show: they synthesize in a
#: subprocess of their own, or run real tools, processes or a package index.
TIER_OF = {
    "tests/bundle/test_downloads.py": "e2e",  # pip download from the package index
    "tests/bundle/test_function_bundle.py": "e2e",
    "tests/bundle/test_host.py": "e2e",
    "tests/bundle/test_locks.py": "e2e",  # uv pip compile against the package index
    "tests/bundle/test_pip_command.py": "e2e",
    "tests/bundle/test_wheels.py": "e2e",
    "tests/bundle/test_handler_check.py": "synth",
    "tests/bundle/test_source_tree.py": "synth",
    "tests/config/test_loader_fuzz.py::test_main_exits_0_or_2_without_traceback": "synth",
    "tests/constructs/": "synth",
    "tests/delivery/test_workflows.py": "e2e",  # actionlint and zizmor
    "tests/diagram/test_model.py::test_identity_providers_are_on_the_trust_path": "synth",  # a synth of its own
    "tests/engine/": "synth",
    "tests/files/test_fault_injection.py": "e2e",  # kills synths at every file-system step
    "tests/graph/test_main.py": "synth",
    "tests/local/oauth/test_identity_provider.py": "e2e",  # the stand-in OpenID Provider on 127.0.0.1
    "tests/local/test_docs_server.py": "e2e",
    "tests/local/test_docs_server_browser.py": "e2e",
    "tests/local/test_watch.py": "e2e",
    "tests/local/test_main.py": "e2e",
    "tests/openapi/test_contract.py": "e2e",  # make local and Schemathesis
    "tests/openapi/test_document.py": "synth",
    "tests/openapi/test_main.py": "synth",
    "tests/packager/": "synth",
    "tests/pipeline/": "e2e",
    "tests/test_cli.py": "e2e",  # the real cdktf CLI
    "tests/test_faults.py": "e2e",  # full and read-only file systems in a user namespace
    "tests/test_main.py": "synth",
    "tests/test_makefile.py": "e2e",
    "tests/test_tiers.py": "e2e",  # collects the whole suite in a subprocess
    "tests/tools/bench/": "e2e",
    "tests/tools/policy_scan/test_scan.py": "e2e",  # checkov
}


def tier_of(item: pytest.Item) -> str:
    """The tier a test runs in: `TIER_OF`, else the fixtures it uses, else `unit`."""
    listed = [tier for prefix, tier in TIER_OF.items() if item.nodeid.startswith(prefix)]
    if listed:
        return max(listed, key=TIERS.index)
    used = set(getattr(item, "fixturenames", ()))
    return "e2e" if used & E2E_FIXTURES else "synth" if used & SYNTH_FIXTURES else "unit"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        item.add_marker(getattr(pytest.mark, tier_of(item)))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots", action="store_true", default=False,
        help="rewrite tests/snapshots/<env>.cdk.tf.json from the current synth instead of comparing",
    )  # fmt: skip


@pytest.fixture(scope="session")
def update_snapshots(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-snapshots"))


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], object]) -> Path:
    """The directory `name`, built by `build` once per test run and shared by every pytest-xdist worker: the first
    to take the lock builds it, the others wait and read it. Readers never write into it."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the workers' base temporary directories are siblings in this run's own directory
    built, done = root / name, root / f"{name}.done"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(built, ignore_errors=True)
            build(built)
            done.touch()
    return built


def _synthesize(outdir: Path) -> None:
    result = run_main(outdir)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def synth_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`cdktf.out` of the committed environments.toml, synthesized once per test run."""
    return built_once(tmp_path_factory, "synth", lambda root: _synthesize(root / "cdktf.out")) / "cdktf.out"


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
