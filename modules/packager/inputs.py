"""What the packager reads from `cdktf.out`, refused when it is missing, stale or cannot make one module.

Everything comes through `modules/synth_output`: the module stack in HCL (`module/cdk.tf`) and as data
(`module/cdk.tf.json`, for the architecture diagram), `module/assets/`, `module/interface.json` and each
environment's stack. Staleness is decided by content, never mtimes: the fingerprint recorded by the synth must
equal the one of today's config file and Lambda sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from modules.config.environment import ProjectConfig
from modules.errors import PackageError
from modules.paths import display
from modules.synth_output.fingerprint import inputs_fingerprint
from modules.synth_output.interface import Interface
from modules.synth_output.layout import MODULE_DIR
from modules.synth_output.loading import load_interface, load_module_hcl, load_module_stack, load_stack
from modules.synth_output.model import StackDocument


@dataclass(frozen=True)
class PackagerInputs:
    """The parts of one synth the packager uses."""

    module_dir: Path
    module_hcl: str
    interface: Interface
    stacks: dict[str, StackDocument]
    #: The module stack as Terraform JSON (`module/cdk.tf.json`).
    module_stack: StackDocument


def read_inputs(
    synth_dir: Path, *, config_path: Path, project: ProjectConfig, project_dir: Path, environments: tuple[str, ...]
) -> PackagerInputs:
    """Load and check the synth output for `project` (as loaded from `config_path`)."""
    module_hcl = load_module_hcl(synth_dir)
    module_stack = load_module_stack(synth_dir)
    interface = load_interface(synth_dir)
    stacks = {env: load_stack(synth_dir, env) for env in environments}
    current = inputs_fingerprint(config_path, project, project_dir)
    if interface.fingerprint != current:
        sources = ", ".join(
            sorted({f.source_path(name) for env in project.environments for name, f in env.functions.items()})
        )
        raise PackageError(
            f"{display(synth_dir / MODULE_DIR)}/interface.json: stale: synthesized from other inputs than "
            f"{display(config_path)} and {sources} (fingerprint {interface.fingerprint[:12]}, now {current[:12]}); "
            "allowed: a fresh `make synth`"
        )
    _check_one_structure(interface, config_path)
    return PackagerInputs(synth_dir / MODULE_DIR, module_hcl, interface, stacks, module_stack)


def _check_one_structure(interface: Interface, config_path: Path) -> None:
    """Every environment must agree on what the module bakes in (routes, functions' sources, clients' kinds)."""
    (first, first_values), *others = interface.environments.items()
    for name, values in others:
        for key, value in values.structure.items():
            if value != first_values.structure[key]:
                raise PackageError(
                    f"{display(config_path)}: environment '{name}': field '{key}' differs from environment "
                    f"'{first}' ({value!r}); allowed: the same {key} in every environment (the module bakes it in)"
                )
