"""cdktf app: `cdktf synth` / `python main.py` synthesizes one stack per environment in environments.toml.

Options: `--config PATH` (default `environments.toml`). The output directory is `$CDKTF_OUTDIR` or `cdktf.out`.
"""

import argparse
from pathlib import Path

from modules.cli import reported_errors, warn
from modules.config.loader import load_config
from modules.paths import CONFIG_FILE, PROJECT_DIR, output_dir

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", default=CONFIG_FILE, type=Path)
    args = parser.parse_args()
    with reported_errors():
        project = load_config(args.config)
        for env in project.environments:
            for route_key in env.public_routes:
                warn(f"{env.name}: route '{route_key}' is public (authorization_type NONE)")
        # jsii starts its Node process (and unpacks the engine into TMPDIR) on this import: inside the net.
        from modules.synth.app import format_summary, synthesize

        print(format_summary(synthesize(project, PROJECT_DIR, output_dir(), config_path=args.config)))
