"""Where the synth writes what inside the output directory (`cdktf.out`): the contract its readers rely on.

Pure paths, no cdktf import, so readers such as the packager stay fast and never load the stacks.
"""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path, PurePosixPath

#: One directory per environment stack: `stacks/<env>/cdk.tf.json` (+ `assets/`).
STACKS_DIR = "stacks"
#: The exported module's stack, beside `stacks/` (not a deployable stack): HCL, assets and its interface.
MODULE_DIR = "module"
HCL_FILE = "cdk.tf"
#: The module stack as cdktf's JSON too (`module/cdk.tf.json`), for readers that want data, not HCL (the graph).
JSON_FILE = "cdk.tf.json"
INTERFACE_FILE = "interface.json"


def stack_file(outdir: Path, environment: str) -> Path:
    """The synthesized JSON of one environment."""
    return outdir / STACKS_DIR / environment / JSON_FILE


def module_stack_file(outdir: Path) -> Path:
    """The synthesized JSON of the exported module's stack (Terraform variables where environments have values)."""
    return outdir / MODULE_DIR / JSON_FILE


#: What Terraform writes beside a stack when `cdktf deploy` (or `terraform` in `stacks/<env>/`) runs there: the
#: local backend's state and its backup, the working directory and the lock file. Not the synth's to delete.
TERRAFORM_FILES = ("*.tfstate", "*.tfstate.backup", ".terraform", ".terraform.lock.hcl", ".terraform.tfstate.lock.info")


def terraform_file(relative: PurePosixPath) -> bool:
    """Whether `relative` (inside the output directory) is Terraform's own file beside a stack, kept by every
    synth, including the stack of an environment no longer in the config."""
    parts = relative.parts
    return len(parts) == 3 and parts[0] == STACKS_DIR and any(fnmatch(parts[2], pattern) for pattern in TERRAFORM_FILES)


#: Drawings of `make graph`: `graph/<env>.{mmd,svg,png}`.
GRAPH_DIR = "graph"
#: OpenAPI documents of `make openapi`: `openapi/<env>.json`.
OPENAPI_DIR = "openapi"


def synthesized_environments(outdir: Path) -> tuple[str, ...]:
    """The environments with a stack in `outdir`, sorted (none when there is no synth output)."""
    stacks = outdir / STACKS_DIR
    if not stacks.is_dir():
        return ()
    return tuple(sorted(p.name for p in stacks.iterdir() if stack_file(outdir, p.name).is_file()))
