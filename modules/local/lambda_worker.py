"""One function's execution environment: the worker process `function_process.py` starts for each function.

Started as `python -I -S -B -u lambda_worker.py '<setup JSON>'` with the function's code directory as its working
directory: isolated mode (no `PYTHON*` variables, no user site, no script directory on the path), no `site` (so
not the project's virtualenv either) and no bytecode written. `sys.path` is the setup's `path` (the function's
dependencies installed for this machine first, then its code) followed by the standard library, and nothing else.
This file imports the standard library only, so nothing of the emulator is importable by the function.

Protocol, one JSON object per line: the emulator writes `{"event": ..., "request_id": ..., "timeout_ms": ...}` on
stdin and reads `{"result": ...}` or `{"error": {"type": ..., "message": ...}}` back on the original stdout (with
the `trace` of a handler's exception, or `"phase": "init"` when the handler could not be imported). The function's
own stdout and stderr are its logs: both go to stderr. The handler is imported at the first event (a cold start)
and kept for the next ones (a warm container). When it cannot be imported, the worker answers the error and exits,
so the next event starts a fresh one. The emulator enforces the timeout by killing the worker.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

Handler = Callable[[Any, Any], Any]


@dataclass
class LambdaContext:
    """The `context` argument of a Python handler (the attributes the AWS runtime provides)."""

    function_name: str
    memory_limit_in_mb: int
    invoked_function_arn: str
    log_group_name: str
    log_stream_name: str
    aws_request_id: str
    deadline: float
    function_version: str = "$LATEST"
    identity: Any = None
    client_context: Any = None

    def get_remaining_time_in_millis(self) -> int:
        """Milliseconds left before the function times out."""
        return max(0, int((self.deadline - time.monotonic()) * 1000))


class ImportFailed(Exception):
    """The handler cannot be imported: `kind` is the Lambda runtime's error type."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def load_handler(handler: str) -> Handler:
    """Import `module.function` from `sys.path`; `ImportFailed` names what went wrong, in one line."""
    module_name, _, function_name = handler.rpartition(".")
    if not module_name or not function_name:
        raise ImportFailed("Runtime.MalformedHandlerName", f"handler {handler!r} is not module.function")
    try:
        module = importlib.import_module(module_name)
    except SyntaxError as exc:
        raise ImportFailed("Runtime.UserCodeSyntaxError", f"{type(exc).__name__}: {exc}") from None
    except Exception as exc:  # the module's top level may raise anything
        message = f"Unable to import module {module_name!r}: {type(exc).__name__}: {exc}"
        raise ImportFailed("Runtime.ImportModuleError", message) from None
    function = getattr(module, function_name, None)
    if not callable(function):
        raise ImportFailed("Runtime.HandlerNotFound", f"{module_name} has no function {function_name!r}")
    return function  # type: ignore[no-any-return]


def invoke(handler: Handler, request: dict[str, Any], setup: dict[str, Any]) -> dict[str, Any]:
    """Run the handler on one request; the answer to send back."""
    context = LambdaContext(
        function_name=setup["function_name"],
        memory_limit_in_mb=setup["memory_limit_in_mb"],
        invoked_function_arn=setup["invoked_function_arn"],
        log_group_name=setup["log_group_name"],
        log_stream_name=setup["log_stream_name"],
        aws_request_id=request["request_id"],
        deadline=time.monotonic() + request["timeout_ms"] / 1000,
    )
    try:
        result = handler(request["event"], context)
    except BaseException as exc:  # a handler may raise anything, SystemExit included
        trace = traceback.format_exception(type(exc), exc, exc.__traceback__)
        return {"error": {"type": type(exc).__name__, "message": str(exc), "trace": trace}}
    try:
        json.dumps(result)
    except (TypeError, ValueError) as exc:
        return {"error": {"type": "Runtime.MarshalError", "message": f"the result is not JSON-serializable: {exc}"}}
    return {"result": result}


def main() -> None:
    """Serve events from stdin until it closes."""
    setup = json.loads(sys.argv[1])
    requests: IO[str] = os.fdopen(os.dup(0), "r", encoding="utf-8")
    answers: IO[str] = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)  # the function reads nothing of the protocol
    os.close(devnull)
    os.dup2(2, 1)  # what the function prints is its log
    sys.path[:0] = setup["path"]
    handler: Handler | None = None
    for line in requests:
        request = json.loads(line)
        if handler is None:
            try:
                handler = load_handler(setup["handler"])
            except ImportFailed as failed:
                error = {"type": failed.kind, "message": str(failed), "phase": "init"}
                answers.write(json.dumps({"error": error}) + "\n")
                answers.flush()
                return
        answers.write(json.dumps(invoke(handler, request, setup)) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
