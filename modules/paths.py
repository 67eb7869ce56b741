"""Where the project's files are: the project root, the config, the synth output and `dist/`, and how messages
name a path. Every command asks here, so `CDKTF_OUTDIR` means the same to all of them."""

from __future__ import annotations

import os
from pathlib import Path

#: The project directory: the one holding `main.py`, `environments.toml` and `modules/`.
PROJECT_DIR = Path(__file__).resolve().parent.parent
#: The committed environment config.
CONFIG_FILE = PROJECT_DIR / "environments.toml"
DEFAULT_OUTDIR = "cdktf.out"
DEFAULT_DIST = "dist"


def output_dir() -> Path:
    """The synth output: `$CDKTF_OUTDIR` (set by the cdktf CLI, or by the user for every command), else `cdktf.out`."""
    return Path(os.environ.get("CDKTF_OUTDIR") or DEFAULT_OUTDIR)


def dist_dir() -> Path:
    """The package output of `make package`: `dist/` in the working directory."""
    return Path(DEFAULT_DIST)


def display(path: Path) -> str:
    """`path` as messages name it: relative to the working directory when it is below it, else as given."""
    try:
        return path.absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()
