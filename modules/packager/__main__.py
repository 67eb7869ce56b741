"""`python -m modules.packager` (`make package`): plain Terraform in `dist/` from the synth output.

Exit code 2 with one line on stderr on bad input (version, environment name, missing or stale synth output);
`dist/` is then left as it was.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from modules.cli import reported_errors
from modules.packager.build import Options, package
from modules.paths import CONFIG_FILE, PROJECT_DIR, dist_dir, output_dir


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m modules.packager", description=__doc__)
    parser.add_argument("--config", type=Path, default=CONFIG_FILE, help="the config synthesized")
    parser.add_argument(
        "--synth-dir", type=Path, default=output_dir(), help="synth output (default: $CDKTF_OUTDIR or cdktf.out)"
    )
    parser.add_argument("--dist", type=Path, default=dist_dir(), help="output directory (default dist)")
    parser.add_argument("--version", help="module version (default: [project] version of the config)")
    parser.add_argument("--env", action="append", default=[], help="package only this environment (repeatable)")
    args = parser.parse_args(argv)
    options = Options(
        config=args.config,
        synth_dir=args.synth_dir,
        dist=args.dist,
        project_dir=PROJECT_DIR,
        version=args.version,
        environments=tuple(args.env),
    )
    with reported_errors():
        result = package(options)
    print(f"{args.dist}/{result.module}/  module (+ .tar.gz, .zip)")
    for env in result.environments:
        print(f"{args.dist}/envs/{env}/  root configuration of {env}")
    for path in (*result.openapi, *result.delivery):
        print(f"{args.dist}/{path}")
    for note in result.delivery_notes:
        print(f"note: {note}")
    print(f"{args.dist}/SHA256SUMS:")
    print(result.checksums, end="")


if __name__ == "__main__":
    main()
