"""The layers of `modules/` are a rule, not a convention: import-linter keeps them, and fails on a violation."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=project, capture_output=True, text=True, timeout=300, check=False
    )


def test_the_tree_keeps_every_contract() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("file", "line", "broken"),
    [
        ("modules/graph/output.py", "import modules.constructs.stacks", "Consumers read cdktf.out"),
        ("modules/packager/build.py", "import modules.local.server", "Layers"),
        ("modules/config/base.py", "import modules.synth_output.model", "Layers"),
        ("modules/constructs/values.py", "import jsii", "Only modules.engine imports"),
        ("modules/pipeline/write.py", "import modules.constructs.stacks", "Consumers read cdktf.out"),
        ("modules/pipeline/write.py", "import modules.packager.build", "Layers"),
        ("modules/delivery/workflows.py", "import modules.pipeline.write", "Layers"),
        ("modules/delivery/permissions.py", "import modules.engine.bindings", "Consumers read cdktf.out"),
        ("modules/openapi/document.py", "import modules.constructs.routes", "Consumers read cdktf.out"),
        ("modules/openapi/output.py", "import modules.local.server", "Layers"),
        ("modules/openapi/output.py", "import modules.diagram.model", "Layers"),
    ],
)
def test_a_forbidden_import_breaks_a_contract(tmp_path: Path, file: str, line: str, broken: str) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "modules", project / "modules", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    target = project / file
    target.write_text(f"{line}  # noqa\n" + target.read_text(encoding="utf-8"), encoding="utf-8")
    result = _lint(project)
    assert result.returncode == 1, result.stdout
    assert f"{broken}" in result.stdout
    assert "1 broken" in result.stdout
