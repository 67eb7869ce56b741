"""Where `main.py` writes what inside the output directory (`cdktf.out`): the contract its readers rely on.

Pure paths, no cdktf import, so readers such as the packager stay fast and never load the stacks.
"""

from __future__ import annotations

from pathlib import Path

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
