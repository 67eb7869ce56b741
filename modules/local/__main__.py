"""`python -m modules.local --env dev [--port N]`: run an environment's synthesized API on this machine.

Synthesizes first when `cdktf.out/stacks/<env>/cdk.tf.json` is missing or older than the config (by running
`main.py` in a subprocess: the stacks are never imported here). Then starts the embedded Cognito and the local
API on 127.0.0.1 and prints ONE JSON line on stdout before anything else:

    {"api_url": ..., "cognito_endpoint": ..., "region": ..., "user_pool_id": ..., "client_id": ..., "issuer": ...}

It serves until SIGINT or SIGTERM, then stops both servers and exits 0. Logs go to stderr. Bad input (unknown
environment, unusable synth output, port in use) is one `error: ...` line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from modules.cli import reported_errors, warn
from modules.config.loader import load_config
from modules.errors import EmulatorError
from modules.local.environment import LocalEnvironment
from modules.local.synth_output import load_description

PROJECT_DIR = Path(__file__).resolve().parents[2]
SYNTH_TIMEOUT_SECONDS = 600


def default_outdir() -> Path:
    """`$CDKTF_OUTDIR` or `cdktf.out`, as `main.py` decides."""
    return Path(os.environ.get("CDKTF_OUTDIR") or "cdktf.out")


def ensure_synth(environment: str, outdir: Path, config: Path) -> Path:
    """The stack file of `environment`, synthesizing (all environments) first when needed."""
    stack = outdir / "stacks" / environment / "cdk.tf.json"
    fresh = stack.is_file() and (not config.is_file() or config.stat().st_mtime <= stack.stat().st_mtime)
    if fresh:
        return stack
    known = [env.name for env in load_config(config).environments]
    if environment not in known:
        if stack.is_file():
            return stack
        raise EmulatorError(f"unknown environment {environment!r}: {config.name} defines {', '.join(known)}")
    print(f"local: synthesizing {config.name} into {outdir} ...", file=sys.stderr, flush=True)
    result = subprocess.run(
        [sys.executable, str(PROJECT_DIR / "main.py"), "--config", str(config)],
        cwd=PROJECT_DIR,
        env={**os.environ, "CDKTF_OUTDIR": str(outdir.absolute())},
        stdout=subprocess.PIPE,  # its summary must not come before the info line: it goes to stderr
        text=True,
        timeout=SYNTH_TIMEOUT_SECONDS,
        check=False,
    )
    print(result.stdout, end="", file=sys.stderr, flush=True)
    if result.returncode != 0 or not stack.is_file():
        raise EmulatorError(f"synthesis of {config.name} failed (exit code {result.returncode}); see above")
    return stack


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m modules.local", description=__doc__.split("\n\n")[0])
    parser.add_argument("--env", default="dev", help="environment to run (default: dev)")
    parser.add_argument("--port", type=int, default=0, help="port of the local API (default: a free one)")
    parser.add_argument("--outdir", type=Path, default=None, help="synth output (default: $CDKTF_OUTDIR or cdktf.out)")
    parser.add_argument("--config", type=Path, default=PROJECT_DIR / "environments.toml", help="config file")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run until SIGINT/SIGTERM; 0 after a clean shutdown."""
    args = _parser().parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the embedded Cognito's request lines
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    with reported_errors():
        if not 0 <= args.port <= 65535:
            raise EmulatorError(f"--port {args.port}: allowed 0 (a free port) .. 65535")
        stack = ensure_synth(args.env, args.outdir or default_outdir(), args.config)
        local = LocalEnvironment(load_description(stack), port=args.port)
        info = local.start()
        try:
            print(info.to_json(), flush=True)
            assert local.deployment is not None
            for argument in local.deployment.skipped:
                warn(f"{argument} is not applied by the embedded Cognito")
            print(f"local: {args.env} on {info.api_url}, Cognito on {info.cognito_endpoint}", file=sys.stderr)
            print("local: Ctrl-C (SIGINT) or SIGTERM stops", file=sys.stderr, flush=True)
            stop.wait()
        finally:
            local.stop()
    print("local: stopped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
