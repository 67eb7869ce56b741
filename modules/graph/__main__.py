"""`python -m modules.graph` (`make graph`): draw synthesized environments into `cdktf.out/graph/`.

For each environment (`--env`, repeatable; default: every one in `cdktf.out/stacks/`) it reads
`cdktf.out/stacks/<env>/cdk.tf.json` only and writes `cdktf.out/graph/<env>.mmd` (Mermaid), `<env>.svg` and
`<env>.png` (Graphviz). Bad input (no synth output, an environment that was not synthesized, no `dot`) is one
`error:` line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from modules.cli import reported_errors
from modules.graph.output import draw_environment
from modules.paths import display, output_dir
from modules.synth_output.loading import environments


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m modules.graph", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--synth-dir",
        type=Path,
        default=output_dir(),
        help="synth output (default: $CDKTF_OUTDIR or cdktf.out)",
    )
    parser.add_argument("--env", action="append", default=[], help="draw only this environment (repeatable)")
    args = parser.parse_args(argv)
    with reported_errors():
        for environment in environments(args.synth_dir, tuple(args.env)):
            written = draw_environment(args.synth_dir, environment)
            print(f"{environment}: {', '.join(display(path) for path in written)}")


if __name__ == "__main__":
    main()
