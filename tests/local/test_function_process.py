"""A worker process from the emulator's side: answers, log lines, timeouts that kill, exits without an answer."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from modules.local.function_process import WorkerExited, WorkerProcess, WorkerTimeout

HANDLER = """
import os
import sys
import time


def handler(event, context):
    if event == "exit":
        os._exit(5)
    if event == "sleep":
        time.sleep(60)
    print("log line", event)
    return {"pid": os.getpid(), "event": event}
"""
LOG_WAIT_SECONDS = 30


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[WorkerProcess]:
    (tmp_path / "handler.py").write_text(HANDLER, encoding="utf-8")
    setup = {
        "path": [str(tmp_path)],
        "handler": "handler.handler",
        "function_name": "w",
        "memory_limit_in_mb": 128,
        "invoked_function_arn": "arn:aws:lambda:eu-west-1:123456789012:function:w",
        "log_group_name": "/aws/lambda/w",
        "log_stream_name": "local",
    }
    process = WorkerProcess(setup, cwd=tmp_path, environment={"PATH": os.defpath}, label="w-fn")
    yield process
    process.stop()


def request(event: str) -> dict[str, object]:
    return {"event": event, "request_id": "r", "timeout_ms": 1000}


def test_answers_come_back_and_the_log_is_copied_with_the_function_s_label(
    worker: WorkerProcess, capsys: pytest.CaptureFixture[str]
) -> None:
    first = worker.call(request("a"), timeout=30)
    second = worker.call(request("b"), timeout=30)
    assert first["result"] == {"pid": first["result"]["pid"], "event": "a"}
    assert second["result"]["pid"] == first["result"]["pid"]
    seen = ""
    deadline = time.monotonic() + LOG_WAIT_SECONDS  # the log is copied by a thread: a bounded wait
    while "[w-fn] log line b" not in seen and time.monotonic() < deadline:
        seen += capsys.readouterr().err
        time.sleep(0.05)
    assert "[w-fn] log line a\n[w-fn] log line b" in seen


def test_a_late_worker_is_killed(worker: WorkerProcess) -> None:
    with pytest.raises(WorkerTimeout, match=r"no answer in 0\.5 s"):
        worker.call(request("sleep"), timeout=0.5)
    assert not worker.alive


def test_a_worker_that_exits_without_answering(worker: WorkerProcess) -> None:
    with pytest.raises(WorkerExited, match="exited with code 5 without answering"):
        worker.call(request("exit"), timeout=30)
    assert not worker.alive
    with pytest.raises(WorkerExited, match="exited with code 5"):
        worker.call(request("a"), timeout=30)
