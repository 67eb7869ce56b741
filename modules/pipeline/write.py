"""Write the cdktf pipeline's workflows into a directory, each file atomically; compare them with what is there."""

from __future__ import annotations

from pathlib import Path

from modules.config.environment import ProjectConfig
from modules.delivery.workflows import Workflow, cdktf_workflows
from modules.files.atomic import write_atomically

#: Where GitHub reads a repository's workflows.
WORKFLOWS_DIR = Path(".github") / "workflows"


def write_workflows(project: ProjectConfig, directory: Path) -> tuple[Path, ...]:
    """Render every workflow of `project` (a `ConfigError` first, when an environment cannot be deployed by a
    pipeline), then write each one into `directory`. Other files there are left alone."""
    workflows = cdktf_workflows(project)
    directory.mkdir(parents=True, exist_ok=True)
    return tuple(write_atomically(directory / item.name, item.text.encode("utf-8")) for item in workflows)


def stale_workflows(project: ProjectConfig, directory: Path) -> tuple[Workflow, ...]:
    """The workflows whose file in `directory` is missing or differs from what `make pipeline` writes."""
    return tuple(
        item
        for item in cdktf_workflows(project)
        if not (directory / item.name).is_file() or (directory / item.name).read_text("utf-8") != item.text
    )
