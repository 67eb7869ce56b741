"""`python -m modules.bundle` (`make function-locks`): write the lock of every function with requirements.

For each source directory with a `requirements.txt` and each Lambda target (runtime, architecture) the config's
functions build it for, `requirements.<runtime>-<architecture>.lock` is resolved anew with uv
(`modules/bundle/locks.py`). Commit the locks: the synth refuses a function whose lock is missing or older than
its `requirements.txt`. Exit code 2 with one line on stderr on bad input.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from modules.bundle.locks import write_lock
from modules.bundle.plan import bundle_keys
from modules.bundle.requirements import read_requirements
from modules.bundle.target import Target
from modules.cli import reported_errors
from modules.config.loader import load_config
from modules.paths import CONFIG_FILE, PROJECT_DIR, display


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m modules.bundle", description=__doc__)
    parser.add_argument("--config", type=Path, default=CONFIG_FILE, help="the config naming the functions")
    args = parser.parse_args(argv)
    with reported_errors():
        project = load_config(args.config)
        keys = sorted({key for functions in bundle_keys(project).values() for key in functions.values()}, key=str)
        for key in keys:
            source_dir = PROJECT_DIR / key.source_dir
            target = Target(key.runtime, key.architecture)
            requirements = read_requirements(source_dir, target.allowed)
            if requirements is not None and requirements.pinned:
                print(display(write_lock(requirements, source_dir, target)))


if __name__ == "__main__":
    main()
