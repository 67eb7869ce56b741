"""`python -m modules.local --env dev [--port N] [--watch]`: run an environment's synthesized API on this machine.

Synthesizes first unless `cdktf.out` was made from the current config and function sources (by content
fingerprint; `main.py` runs in a subprocess: the stacks are never imported here). Then starts the embedded
Cognito and the local API on 127.0.0.1 and prints ONE JSON line on stdout before anything else:

    {"api_url": ..., "cognito_endpoint": ..., "region": ..., "user_pool_id": ..., "client_id": ..., "issuer": ...,
     "oauth_base_url": ..., "clients": {"<name>": {"client_id": ..., "client_secret": ... or null}},
     "metrics_url": ..., "docs_url": ... or null, "idp_url": ... or null,
     "idp_users": [{"username": ..., "password": ..., "email": ..., "sub": ...}]}

`oauth_base_url` is the local stand-in for the pool's sign-in domain (`modules/local/oauth/`); `idp_url` the
stand-in OpenID Provider that plays every OIDC identity provider of the stack (null without one), whose demo users
sign in with the throwaway passwords of `idp_users`. The clients' local secrets and those passwords appear on this
line only, never in the logs. `docs_url` serves Swagger UI with the API's OpenAPI
document (`docs_server.py`), null (and a warning) when a function's `openapi.yaml` is unusable.

It serves until SIGINT or SIGTERM, then stops its servers, prints what the alarms would have seen (requests, 4xx,
5xx and latency per route; invocations, errors and duration per function: `metrics.py`) and exits 0. Logs go to
stderr. Bad input (unknown environment, unusable synth output, port in use) is one `error: ...` line on stderr and
exit code 2.

While it serves, an edited function answers from its new source at its next request; an edited config is
applied in place with `--watch` (`make local WATCH=1`), else a line says a restart is needed (`watch.py`).
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from pathlib import Path

from modules.cli import reported_errors, warn
from modules.errors import EmulatorError
from modules.local.api_reader import load_description
from modules.local.environment import LocalEnvironment
from modules.local.fresh_synth import ensure_synth
from modules.local.function_source import source_directories
from modules.local.watch import ConfigWatcher, content_digest
from modules.paths import PROJECT_DIR, output_dir


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m modules.local", description=__doc__.split("\n\n")[0])
    parser.add_argument("--env", default="dev", help="environment to run (default: dev)")
    parser.add_argument("--port", type=int, default=0, help="port of the local API (default: a free one)")
    parser.add_argument("--outdir", type=Path, default=None, help="synth output (default: $CDKTF_OUTDIR or cdktf.out)")
    parser.add_argument("--config", type=Path, default=PROJECT_DIR / "environments.toml", help="config file")
    parser.add_argument("--watch", action="store_true", help="apply edits of the config file while serving")
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
        outdir = args.outdir or output_dir()
        seen = content_digest(args.config)  # before the synth: an edit made meanwhile is still noticed
        stack = ensure_synth(args.env, outdir, args.config)
        sources = source_directories(args.config, args.env)
        local = LocalEnvironment(load_description(stack), port=args.port, sources=sources)
        info = local.start()
        watcher = ConfigWatcher(
            local, config=args.config, outdir=outdir, environment=args.env, watch=args.watch, seen=seen
        )
        try:
            print(info.to_json(), flush=True)
            assert local.deployment is not None
            for argument in local.deployment.skipped:
                warn(f"{argument} is not applied by the embedded Cognito")
            for address in local.unemulated_providers:
                warn(f"{address}: SAML identity providers are not emulated offline; the sign-in page says so")
            print(f"local: {args.env} on {info.api_url}, Cognito on {info.cognito_endpoint}", file=sys.stderr)
            print(f"local: the pool's sign-in domain on {info.oauth_base_url}", file=sys.stderr)
            if info.idp_url is not None:
                print(f"local: the OIDC and Google identity providers' stand-in on {info.idp_url}", file=sys.stderr)
            print(f"local: what the alarms would see on {info.metrics_url}", file=sys.stderr)
            if info.docs_url is not None:
                print(f"local: API docs (Swagger UI) on {info.docs_url}", file=sys.stderr)
            else:
                warn(f"no API docs: {local.docs_problem}")
            if args.watch:
                print(f"local: WATCH=1: edits of {args.config.name} are applied in place", file=sys.stderr)
            print("local: Ctrl-C (SIGINT) or SIGTERM stops", file=sys.stderr, flush=True)
            watcher.start()
            stop.wait()
        finally:
            watcher.stop()
            local.stop()
            for line in local.metrics.report():
                print(f"local: {line}", file=sys.stderr)
    print("local: stopped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
