"""Run a synthesized Lambda function locally, in a worker process of its own, with its own dependencies, and
reload it when its source changes.

Why a process per function: functions must not share modules (each may have a `handler.py`, or pin another
version of the same package) and must never import from the emulator's virtualenv. In one interpreter that cannot
be guaranteed (`sys.modules` and C extensions are per process), so each function gets a worker
(`lambda_worker.py`, managed by `function_process.py`) started as `python -I -S -B` with an explicit `sys.path`:
the function's dependencies installed for this machine, then its code (`function_code.py`), then the standard
library. Nothing else.

- The worker imports the handler at the first event (a cold start) and keeps it for the next ones (warm).
- One execution environment per function: concurrent requests to one function take turns.
- The timeout is the function's: a worker that has not answered in time is killed; the next event starts a fresh
  one. An import failure ends the worker too; so the next event imports again.
- The environment is Lambda's variables (`AWS_REGION`, `AWS_LAMBDA_FUNCTION_NAME`, ...) plus the function's own
  `environment.variables`, never the emulator's environment (no credentials leak in).

The code: without a known source directory, the synthesized zip asset. With one (from the config,
`function_source.py`), a fresh bundle of that directory, built at start and again whenever its content digest
differs at a request: the request then runs the new code in a new worker, and one `local: reloaded ...` line goes
to stderr. A rebuild that fails (a bad `requirements.txt`, a missing directory) answers 500 with a one-line
reason, until the source changes again.

An exception, an import failure, a timeout or a result that is not JSON is `InvocationError` (API Gateway answers
500). A handler's exception is logged with its traceback on stderr, as CloudWatch would have it; an import
failure is one line.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
import uuid
from pathlib import Path
from typing import Any

from modules.bundle.requirements import display_path
from modules.errors import ProjectError
from modules.local.description import Function
from modules.local.function_code import CACHE_DIR, FunctionCode, unpack
from modules.local.function_process import WorkerExited, WorkerProcess, WorkerTimeout
from modules.local.function_source import FunctionSource


class InvocationError(Exception):
    """The function did not return a result (exception, import error, timeout, unserializable result)."""


class LocalFunction:
    """One synthesized function in a worker process: from its zip asset, or from `source_dir` (reloaded when it
    changes). `close()` ends it."""

    def __init__(
        self,
        spec: Function,
        *,
        region: str,
        account_id: str,
        log_group: str,
        source_dir: Path | None = None,
        cache_dir: Path = CACHE_DIR,
    ) -> None:
        self.spec = spec
        self.region = region
        self.arn = f"arn:aws:lambda:{region}:{account_id}:function:{spec.function_name}"
        self.log_group = log_group
        self.source = FunctionSource(source_dir, spec.runtime, spec.architecture) if source_dir else None
        self._cache_dir = cache_dir
        self._workdir = tempfile.TemporaryDirectory(prefix=f"local-{spec.function_name}-")
        workdir = Path(self._workdir.name)
        self._digest = self.source.digest() if self.source else ""
        if self.source is not None:
            self.code = self.source.build(workdir, label=spec.address, cache_dir=cache_dir)
        else:
            self.code = unpack(spec.zip_path, workdir, label=spec.address, cache_dir=cache_dir)
        #: The digest of a source that failed to build, and why: answered until the source changes again.
        self._failed: tuple[str, str] | None = None
        self._worker: WorkerProcess | None = None
        self._lock = threading.Lock()
        self._closed = False

    def invoke(self, event: dict[str, Any]) -> Any:
        """Call the handler with `event`; returns its result. Raises `InvocationError`."""
        timeout = float(self.spec.timeout_seconds)
        request = {"event": event, "request_id": str(uuid.uuid4()), "timeout_ms": int(timeout * 1000)}
        with self._lock:
            if self._closed:
                raise InvocationError(f"{self.spec.function_name}: stopped")
            self._reload_if_changed()
            worker = self._worker if self._worker is not None and self._worker.alive else self._start(self.code)
            try:
                answer = worker.call(request, timeout)
            except WorkerTimeout:
                self._worker = None
                print(f"[{self.spec.function_name}] Task timed out after {timeout:.2f} seconds", file=sys.stderr)
                raise InvocationError(f"timed out after {timeout:.0f} s") from None
            except WorkerExited as exc:
                self._worker = None
                raise InvocationError(f"Runtime.ExitError: the function's process {exc}") from None
            error = answer.get("error")
            if isinstance(error, dict) and error.get("phase") == "init":
                worker.stop()  # it exits after an import failure: the next event imports afresh
                self._worker = None
        if not isinstance(error, dict):
            return answer.get("result")
        kind, message = error.get("type"), error.get("message")
        if "trace" in error:
            trace = "".join(error["trace"]).rstrip()
            print(f"[{self.spec.function_name}] Runtime.HandlerError: {trace}", file=sys.stderr)
        raise InvocationError(f"{self.spec.function_name}: {kind}: {message}")

    def close(self) -> None:
        """Stop the worker and remove the unpacked code. Safe to call twice."""
        with self._lock:
            self._closed = True
            if self._worker is not None:
                self._worker.stop()
                self._worker = None
        self._workdir.cleanup()

    def _reload_if_changed(self) -> None:
        """Rebuild from the source when its content changed since the running code was built (call locked)."""
        if self.source is None:
            return
        digest = self.source.digest()
        if digest == self._digest:
            return
        if self._failed is not None and self._failed[0] == digest:
            raise InvocationError(self._failed[1])
        where = display_path(self.source.directory)
        try:
            code = self.source.build(Path(self._workdir.name), label=self.spec.address, cache_dir=self._cache_dir)
        except ProjectError as exc:
            self._failed = (digest, f"{self.spec.function_name}: cannot reload {where}: {exc}")
            raise InvocationError(self._failed[1]) from None
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
        shutil.rmtree(self.code.directory, ignore_errors=True)
        self.code, self._digest, self._failed = code, digest, None
        print(f"local: reloaded {self.spec.function_name} from {where}", file=sys.stderr, flush=True)

    def _start(self, code: FunctionCode) -> WorkerProcess:
        """A fresh worker (a cold start) for `code`."""
        setup = {
            "path": code.path,
            "handler": self.spec.handler,
            "function_name": self.spec.function_name,
            "memory_limit_in_mb": self.spec.memory_mb,
            "invoked_function_arn": self.arn,
            "log_group_name": self.log_group,
            "log_stream_name": "local",
        }
        self._worker = WorkerProcess(
            setup, cwd=code.directory, environment=self._environment(code), label=self.spec.function_name
        )
        return self._worker

    def _environment(self, code: FunctionCode) -> dict[str, str]:
        """Lambda's reserved variables and the function's own; of this machine's only `PATH`."""
        return {
            "PATH": os.environ.get("PATH", os.defpath),
            "LANG": "C.UTF-8",
            "TZ": ":UTC",
            "AWS_REGION": self.region,
            "AWS_DEFAULT_REGION": self.region,
            "AWS_EXECUTION_ENV": f"AWS_Lambda_{self.spec.runtime}",
            "AWS_LAMBDA_FUNCTION_NAME": self.spec.function_name,
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(self.spec.memory_mb),
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_LOG_GROUP_NAME": self.log_group,
            "AWS_LAMBDA_LOG_STREAM_NAME": "local",
            "LAMBDA_TASK_ROOT": str(code.directory),
            "_HANDLER": self.spec.handler,
            **dict(self.spec.environment),
        }
