"""Synthesize every environment into `cdktf.out`, atomically, and summarize what was written."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from modules.bundle.plan import build_bundles
from modules.config.environment import ProjectConfig
from modules.constructs.stacks import EnvironmentStack
from modules.engine.bindings import App, synth
from modules.files.atomic import replaced_atomically
from modules.synth.module_output import synthesize_module
from modules.synth_output.fingerprint import inputs_fingerprint
from modules.synth_output.layout import MODULE_DIR, terraform_file

#: Where the functions' zips are built during a synth: inside the staging directory, removed before the swap.
BUILD_DIR = ".build"
#: How a user writes the synth output elsewhere.
OUTDIR_REMEDY = "choose another output directory: CDKTF_OUTDIR=<dir>"


@dataclass(frozen=True)
class StackSummary:
    """What one synthesized stack holds, for the table `make synth` prints."""

    environment: str
    resources: int
    outputs: tuple[str, ...]
    public_routes: tuple[str, ...]


def synthesize(project: ProjectConfig, project_dir: Path, outdir: Path, *, config_path: Path) -> list[StackSummary]:
    """Synthesize into a sibling staging directory, then swap it in: `outdir` is never half-written.

    Besides one stack per environment, the exported module's stack is synthesized into `outdir/module/` (see
    `modules/constructs/module/stack.py`), stamped with the fingerprint of `config_path` (the file `project` was
    loaded from) and the function sources. The functions' zips are built inside the staging directory
    (`BUILD_DIR`, removed before the swap), so a killed synth leaves nothing but the staging directory, which the
    next run removes. Terraform's files beside a stack (local state, `.terraform/`, the lock file) are kept from
    the previous output at every instant (`modules/files/atomic.py`): a synth never loses a deployment's state.
    """
    with replaced_atomically(outdir, keep=terraform_file, remedy=OUTDIR_REMEDY) as staging:
        build_dir = staging / BUILD_DIR
        bundles = build_bundles(project, project_dir, build_dir)
        app = App(outdir=str(staging), stack_traces=False)
        for env in project.environments:
            EnvironmentStack(app, project, env, bundles=bundles[env.name])
        synth(app)
        fingerprint = inputs_fingerprint(config_path, project, project_dir)
        synthesize_module(project, bundles, build_dir, staging / MODULE_DIR, fingerprint=fingerprint)
        shutil.rmtree(build_dir)
    return [summarize(outdir, env.name, env.public_routes) for env in project.environments]


def stack_file(outdir: Path, environment: str) -> Path:
    return outdir / "stacks" / environment / "cdk.tf.json"


def summarize(outdir: Path, environment: str, public_routes: tuple[str, ...]) -> StackSummary:
    document = json.loads(stack_file(outdir, environment).read_text(encoding="utf-8"))
    resources = sum(len(by_name) for by_name in document.get("resource", {}).values())
    return StackSummary(environment, resources, tuple(document.get("output", {})), public_routes)


def format_summary(summaries: list[StackSummary]) -> str:
    """A small fixed-width table: environment, resource count, outputs, public routes."""
    rows = [("environment", "resources", "outputs", "public routes")] + [
        (s.environment, str(s.resources), ", ".join(s.outputs), ", ".join(s.public_routes) or "-") for s in summaries
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows)
