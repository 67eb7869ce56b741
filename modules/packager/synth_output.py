"""Read what `main.py` synthesized, and refuse it when it is missing, stale or cannot make one module.

The packager reads only `cdktf.out`: `module/cdk.tf` (the module stack in HCL), `module/cdk.tf.json` (the same
stack as data, for the architecture diagram), `module/assets/`, `module/interface.json` and
`stacks/<env>/cdk.tf.json`. Staleness is decided by content, never mtimes: the
fingerprint recorded by the synth must equal the one of today's config file and Lambda sources.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modules.config.environment import ProjectConfig
from modules.errors import PackageError
from modules.synth_output.fingerprint import inputs_fingerprint
from modules.synth_output.layout import HCL_FILE, INTERFACE_FILE, MODULE_DIR, module_stack_file, stack_file


@dataclass(frozen=True)
class SynthOutput:
    """The parts of one synth the packager uses."""

    module_dir: Path
    module_hcl: str
    interface: dict[str, Any]
    stacks: dict[str, dict[str, Any]]
    #: The module stack as Terraform JSON (`module/cdk.tf.json`).
    module_stack: dict[str, Any]


def display(path: Path) -> str:
    """`path` relative to the working directory when it is below it (error messages name files this way)."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def read_synth_output(
    synth_dir: Path, *, config_path: Path, project: ProjectConfig, project_dir: Path, environments: tuple[str, ...]
) -> SynthOutput:
    """Load and check the synth output for `project` (as loaded from `config_path`)."""
    module_dir = synth_dir / MODULE_DIR
    hcl_path, interface_path = module_dir / HCL_FILE, module_dir / INTERFACE_FILE
    json_path = module_stack_file(synth_dir)
    for path in (hcl_path, json_path, interface_path, *(stack_file(synth_dir, env) for env in environments)):
        if not path.is_file():
            raise PackageError(f"{display(path)}: missing synth output; allowed: the output of `make synth`")
    try:
        interface = json.loads(interface_path.read_text(encoding="utf-8"))
        recorded = interface["fingerprint"]
    except (json.JSONDecodeError, KeyError, TypeError):
        raise PackageError(f"{display(interface_path)}: unreadable; allowed: the output of `make synth`") from None
    current = inputs_fingerprint(config_path, project, project_dir)
    if recorded != current:
        sources = ", ".join(
            sorted({f.source_path(name) for env in project.environments for name, f in env.functions.items()})
        )
        raise PackageError(
            f"{display(interface_path)}: stale: synthesized from other inputs than {display(config_path)} and "
            f"{sources} (fingerprint {str(recorded)[:12]}, now {current[:12]}); allowed: a fresh `make synth`"
        )
    _check_one_structure(interface, config_path)
    stacks = {
        env: json.loads(stack_file(synth_dir, env).read_text(encoding="utf-8")) for env in environments
    }  # fmt: skip
    module_stack = json.loads(json_path.read_text(encoding="utf-8"))
    return SynthOutput(module_dir, hcl_path.read_text(encoding="utf-8"), interface, stacks, module_stack)


def _check_one_structure(interface: dict[str, Any], config_path: Path) -> None:
    """Every environment must agree on what the module bakes in (routes, functions' sources, clients' kinds)."""
    environments = interface["environments"]
    first, *others = environments
    for name in others:
        for key, value in environments[name]["structure"].items():
            if value != environments[first]["structure"][key]:
                raise PackageError(
                    f"{display(config_path)}: environment '{name}': field '{key}' differs from environment "
                    f"'{first}' ({value!r}); allowed: the same {key} in every environment (the module bakes it in)"
                )
