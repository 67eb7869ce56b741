"""`python -m modules.openapi` (`make openapi`): the OpenAPI 3.0 document of every synthesized environment.

For each environment (`--env`, repeatable; default: every one in `cdktf.out/stacks/`) it reads
`cdktf.out/stacks/<env>/cdk.tf.json` (and the functions' `openapi.yaml` in their zips) only and writes
`cdktf.out/openapi/<env>.json`. The synth must be fresh: made from today's config file and function sources.
Bad input (no synth output, a stale one, an environment that was not synthesized, an unusable `openapi.yaml`)
is one `error:` line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from modules.cli import reported_errors
from modules.openapi.output import check_fresh, write_documents
from modules.paths import CONFIG_FILE, PROJECT_DIR, display, output_dir
from modules.synth_output.loading import environments


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m modules.openapi", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--synth-dir", type=Path, default=output_dir(), help="synth output (default: $CDKTF_OUTDIR or cdktf.out)"
    )
    parser.add_argument("--config", type=Path, default=CONFIG_FILE, help="the config synthesized")
    parser.add_argument("--env", action="append", default=[], help="only this environment (repeatable)")
    args = parser.parse_args(argv)
    with reported_errors():
        chosen = environments(args.synth_dir, tuple(args.env))
        inputs = check_fresh(args.synth_dir, args.config, PROJECT_DIR)
        for path in write_documents(args.synth_dir, chosen, inputs):
            print(display(path))


if __name__ == "__main__":
    main()
