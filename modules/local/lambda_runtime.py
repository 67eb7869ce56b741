"""Run a synthesized Lambda function locally, in a worker process of its own, with its own dependencies.

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

An exception, an import failure, a timeout or a result that is not JSON is `InvocationError` (API Gateway answers
500). A handler's exception is logged with its traceback on stderr, as CloudWatch would have it; an import
failure is one line.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import uuid
from pathlib import Path
from typing import Any

from modules.local.description import Function
from modules.local.function_code import CACHE_DIR, FunctionCode, unpack
from modules.local.function_process import WorkerExited, WorkerProcess, WorkerTimeout


class InvocationError(Exception):
    """The function did not return a result (exception, import error, timeout, unserializable result)."""


class LocalFunction:
    """One synthesized function, run from its zip asset in a worker process. `close()` ends it."""

    def __init__(
        self, spec: Function, *, region: str, account_id: str, log_group: str, cache_dir: Path = CACHE_DIR
    ) -> None:
        self.spec = spec
        self.region = region
        self.arn = f"arn:aws:lambda:{region}:{account_id}:function:{spec.function_name}"
        self.log_group = log_group
        self._workdir = tempfile.TemporaryDirectory(prefix=f"local-{spec.function_name}-")
        self.code = unpack(spec.zip_path, Path(self._workdir.name), label=spec.address, cache_dir=cache_dir)
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
