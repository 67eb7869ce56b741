"""Run a synthesized Lambda function in this process, from its zip asset (the bytes Terraform would upload).

The handler's module is imported from the zip (zipimport) on the first invocation, like a cold start, and kept
for later ones. Every function gets its own copy of its modules: while importing, names from the zip are taken
out of `sys.modules` and put back afterwards, so two environments' `handler.py` never mix. An invocation runs
in a thread with the function's timeout; an exception, an import error or a timeout is `InvocationError`
(API Gateway answers 500), with the traceback on stderr as CloudWatch would have it.
"""

from __future__ import annotations

import importlib
import sys
import threading
import time
import traceback
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from modules.local.description import Function

_IMPORT_LOCK = threading.Lock()


class InvocationError(Exception):
    """The function did not return a result (exception, import error or timeout)."""


@dataclass
class LambdaContext:
    """The `context` argument of a Python handler (the attributes the AWS runtime provides)."""

    function_name: str
    memory_limit_in_mb: int
    invoked_function_arn: str
    log_group_name: str
    deadline: float
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_version: str = "$LATEST"
    log_stream_name: str = "local"
    identity: Any = None
    client_context: Any = None

    def get_remaining_time_in_millis(self) -> int:
        """Milliseconds left before the function times out."""
        return max(0, int((self.deadline - time.monotonic()) * 1000))


class LocalFunction:
    """One synthesized function, invocable in-process."""

    def __init__(self, spec: Function, *, region: str, account_id: str, log_group: str) -> None:
        self.spec = spec
        self.arn = f"arn:aws:lambda:{region}:{account_id}:function:{spec.function_name}"
        self.log_group = log_group
        self._handler: Callable[[Any, Any], Any] | None = None

    def handler(self) -> Callable[[Any, Any], Any]:
        """The handler function, imported from the zip on first use."""
        if self._handler is None:
            self._handler = load_handler(self.spec.zip_path.as_posix(), self.spec.handler)
        return self._handler

    def invoke(self, event: dict[str, Any]) -> Any:
        """Call the handler with `event` and a context; returns its result. Raises `InvocationError`."""
        try:
            handler = self.handler()
        except Exception as exc:
            _log(self.spec.function_name, "Runtime.ImportModuleError", exc)
            raise InvocationError(f"cannot import {self.spec.handler}: {exc}") from exc
        timeout = float(self.spec.timeout_seconds)
        context = LambdaContext(
            function_name=self.spec.function_name,
            memory_limit_in_mb=self.spec.memory_mb,
            invoked_function_arn=self.arn,
            log_group_name=self.log_group,
            deadline=time.monotonic() + timeout,
        )
        outcome: dict[str, Any] = {}

        def run() -> None:
            try:
                outcome["result"] = handler(event, context)
            except BaseException as exc:  # a handler may raise anything, SystemExit included
                outcome["error"] = exc

        worker = threading.Thread(target=run, name=f"lambda-{self.spec.function_name}", daemon=True)
        worker.start()
        worker.join(timeout)
        if worker.is_alive():
            print(f"[{self.spec.function_name}] Task timed out after {timeout:.2f} seconds", file=sys.stderr)
            raise InvocationError(f"timed out after {timeout:.0f} s")
        if "error" in outcome:
            _log(self.spec.function_name, "Runtime.HandlerError", outcome["error"])
            raise InvocationError(f"{type(outcome['error']).__name__}: {outcome['error']}")
        return outcome.get("result")


def load_handler(zip_path: str, handler: str) -> Callable[[Any, Any], Any]:
    """Import `module.function` from the zip at `zip_path`, isolated from other functions' modules."""
    module_name, _, function_name = handler.rpartition(".")
    if not module_name or not function_name:
        raise ImportError(f"handler {handler!r} is not module.function")
    with zipfile.ZipFile(zip_path) as archive:
        tops = {name.split("/", 1)[0].removesuffix(".py") for name in archive.namelist()}
    with _IMPORT_LOCK:
        displaced = {name: module for name, module in sys.modules.items() if name.split(".", 1)[0] in tops}
        for name in displaced:
            del sys.modules[name]
        sys.path.insert(0, zip_path)
        try:
            module = importlib.import_module(module_name)
        finally:
            sys.path.remove(zip_path)
            sys.path_importer_cache.pop(zip_path, None)
            for name in [n for n in sys.modules if n.split(".", 1)[0] in tops]:
                del sys.modules[name]
            sys.modules.update(displaced)
    function = getattr(module, function_name, None)
    if not callable(function):
        raise ImportError(f"{module_name} has no function {function_name!r}")
    return function  # type: ignore[no-any-return]


def _log(function_name: str, kind: str, exc: BaseException) -> None:
    lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
    print(f"[{function_name}] {kind}: " + "".join(lines).rstrip(), file=sys.stderr)
