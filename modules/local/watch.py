"""The config side of the live loop: `make local` notices edits of the config file while it serves.

A thread reads the config file every `POLL_SECONDS` (until stopped) and compares the SHA-256 of its bytes with
the last one seen, never mtimes. On a change:

- without WATCH, one line: `local: environments.toml changed; restart make local (or run it with WATCH=1) ...`;
- with WATCH=1 (`--watch`), the config is loaded first: an invalid edit is the usual one `error:` line, and the
  last good API keeps serving. Then `main.py` re-synthesizes (in a subprocess, when the fingerprint differs)
  and the environment's new stack replaces the running one in place (`LocalEnvironment.replace`): routes,
  authorizer, stage settings and functions; in the embedded Cognito, a pool whose declaration is unchanged
  keeps its users, so their tokens keep working. One `local:` line says what was swapped in.

Function sources are not watched here: each function reloads itself at its next request (`lambda_runtime.py`).
"""

from __future__ import annotations

import hashlib
import sys
import threading
from pathlib import Path

from modules.cli import warn
from modules.config.loader import load_config
from modules.errors import ProjectError
from modules.local.api_reader import load_description
from modules.local.environment import LocalEnvironment, identity
from modules.local.fresh_synth import check_environment, is_fresh, synthesize
from modules.local.function_source import source_directories
from modules.synth_output.layout import stack_file

POLL_SECONDS = 0.5
STOP_TIMEOUT_SECONDS = 30.0


def content_digest(path: Path) -> str:
    """SHA-256 (hex) of the file's bytes; "" when it cannot be read (e.g. while an editor replaces it)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


class ConfigWatcher:
    """Watches `config` for `local` (serving `environment` from `outdir`); `watch` applies changes in place.

    `seen` is the digest of the content `local` was started from.
    """

    def __init__(
        self, local: LocalEnvironment, *, config: Path, outdir: Path, environment: str, watch: bool, seen: str
    ) -> None:
        self.local = local
        self.config = config
        self.outdir = outdir
        self.environment = environment
        self.watch = watch
        self._seen = seen
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="config-watch", daemon=True)

    def start(self) -> ConfigWatcher:
        """Start polling in the background; returns self."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop polling and wait (bounded) for a change being applied."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(STOP_TIMEOUT_SECONDS)

    def _run(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            digest = content_digest(self.config)
            if digest and digest != self._seen:
                self._seen = digest
                self.changed()

    def changed(self) -> None:
        """React to a new content of the config file (see the module)."""
        name = self.config.name
        if not self.watch:
            print(f"local: {name} changed; restart make local (or run it with WATCH=1) to apply it", file=sys.stderr)
            return
        try:
            swapped = self.apply()
        except ProjectError as exc:
            print(f"error: {exc}", file=sys.stderr)
            swapped = False
        if not swapped:
            print(f"local: {name} not applied; the last good API keeps serving", file=sys.stderr, flush=True)

    def apply(self) -> bool:
        """Re-synthesize if needed and swap the new stack in; False when the synth failed (it said why)."""
        project = load_config(self.config)
        check_environment(project, self.config, self.environment)
        if not is_fresh(self.outdir, self.config, project):
            print(f"local: {self.config.name} changed: synthesizing ...", file=sys.stderr, flush=True)
            if synthesize(self.config, self.outdir) != 0:
                return False
        description = load_description(stack_file(self.outdir, self.environment))
        before = identity(self.local.description, self.local.deployment) if self.local.deployment else None
        self.local.replace(description, source_directories(self.config, self.environment))
        assert self.local.deployment is not None
        after = identity(description, self.local.deployment)
        routes = ", ".join(route.route_key for route in description.routes)
        print(f"local: {self.config.name} applied: {self.environment} now serves {routes}", file=sys.stderr)
        if self.local.docs is not None and self.local.docs_problem is not None:
            warn(f"the API docs keep their last document: {self.local.docs_problem}")
        if after != before:
            pool_id, client_id, _ = after
            print(f"local: the info line's ids changed: user_pool_id {pool_id}, client_id {client_id}", file=sys.stderr)
        sys.stderr.flush()
        return True
