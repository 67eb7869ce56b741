"""`python -m modules.pipeline` (`make pipeline`): write the GitHub Actions workflows of the project from the
config into `.github/workflows/` (pull-request.yml, deploy.yml). Exit code 2 with one line on stderr when an
environment cannot be deployed by a pipeline (no account_id, a local backend); nothing is written then."""

from __future__ import annotations

import argparse
from pathlib import Path

from modules.cli import reported_errors
from modules.config.loader import load_config
from modules.paths import CONFIG_FILE, PROJECT_DIR, display
from modules.pipeline.write import WORKFLOWS_DIR, write_workflows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m modules.pipeline", description=__doc__)
    parser.add_argument("--config", type=Path, default=CONFIG_FILE, help="the config (default environments.toml)")
    parser.add_argument(
        "--out", type=Path, default=PROJECT_DIR / WORKFLOWS_DIR, help="where to write (default .github/workflows)"
    )
    args = parser.parse_args(argv)
    with reported_errors():
        written = write_workflows(load_config(args.config), args.out)
    for path in written:
        print(display(path))


if __name__ == "__main__":
    main()
