"""The worker script speaks its protocol on its own: the function's prints and stdin never touch it."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from modules.local.function_process import INTERPRETER_FLAGS, WORKER_SCRIPT

SETUP = {
    "handler": "handler.handler",
    "function_name": "talker",
    "memory_limit_in_mb": 128,
    "invoked_function_arn": "arn:aws:lambda:eu-west-1:123456789012:function:talker",
    "log_group_name": "/aws/lambda/talker",
    "log_stream_name": "local",
}


def test_prints_go_to_stderr_and_stdin_is_empty_for_the_function(tmp_path: Path) -> None:
    (tmp_path / "handler.py").write_text(
        textwrap.dedent(
            """
            import sys

            def handler(event, context):
                print("to stdout", event)
                print("to stderr", file=sys.stderr)
                return {"stdin": sys.stdin.read(), "remaining": context.get_remaining_time_in_millis() > 0}
            """
        ),
        encoding="utf-8",
    )
    events = "".join(json.dumps({"event": n, "request_id": f"r{n}", "timeout_ms": 3000}) + "\n" for n in (1, 2))
    result = subprocess.run(
        [sys.executable, *INTERPRETER_FLAGS, str(WORKER_SCRIPT), json.dumps({**SETUP, "path": [str(tmp_path)]})],
        input=events,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert answers == [{"result": {"stdin": "", "remaining": True}}] * 2
    assert result.stderr.splitlines() == ["to stdout 1", "to stderr", "to stdout 2", "to stderr"]


def test_an_import_failure_is_answered_once_and_ends_the_worker(tmp_path: Path) -> None:
    (tmp_path / "handler.py").write_text("raise RuntimeError('at import')\n", encoding="utf-8")
    events = json.dumps({"event": {}, "request_id": "r", "timeout_ms": 3000}) + "\n"
    result = subprocess.run(
        [sys.executable, *INTERPRETER_FLAGS, str(WORKER_SCRIPT), json.dumps({**SETUP, "path": [str(tmp_path)]})],
        input=events * 2,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {
            "error": {
                "type": "Runtime.ImportModuleError",
                "message": "Unable to import module 'handler': RuntimeError: at import",
                "phase": "init",
            }
        }
    ]
    assert not list(tmp_path.glob("**/__pycache__"))  # -B: no bytecode written into the code
