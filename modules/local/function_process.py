"""The emulator's side of one worker process (`lambda_worker.py`): start it, send an event, wait (bounded), kill it.

A worker runs one function's code with that function's `sys.path` only, in its own interpreter, so two
functions never share a module, and a function never sees the emulator's modules or the project's virtualenv.
Its stdout answers (one JSON line per event, read by a thread into a queue, so every wait has a timeout); its
stderr is the function's log, copied line by line to the emulator's stderr as `[function name] line`.
"""

from __future__ import annotations

import contextlib
import json
import queue
import subprocess
import sys
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

WORKER_SCRIPT = Path(__file__).with_name("lambda_worker.py")
#: `python -I -S -B -u`: isolated, no site-packages at all, no bytecode files, unbuffered logs.
INTERPRETER_FLAGS = ("-I", "-S", "-B", "-u")
STOP_TIMEOUT_SECONDS = 10.0


class WorkerTimeout(Exception):
    """The worker did not answer in time; it has been killed."""


class WorkerExited(Exception):
    """The worker ended without answering (e.g. the function called `os._exit`, or it could not start)."""


class WorkerProcess:
    """One running worker. `call()` one event at a time (the caller serializes); `stop()` ends it."""

    def __init__(self, setup: Mapping[str, Any], *, cwd: Path, environment: Mapping[str, str], label: str) -> None:
        self.label = label
        self._answers: queue.Queue[str | None] = queue.Queue()
        self._process = subprocess.Popen(
            [sys.executable, *INTERPRETER_FLAGS, str(WORKER_SCRIPT), json.dumps(dict(setup))],
            cwd=cwd,
            env=dict(environment),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self._readers = [
            threading.Thread(target=self._read_answers, args=(self._process.stdout,), daemon=True),
            threading.Thread(target=self._copy_log, args=(self._process.stderr,), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    @property
    def alive(self) -> bool:
        """Whether the worker process is still running."""
        return self._process.poll() is None

    def call(self, message: Mapping[str, Any], timeout: float) -> dict[str, Any]:
        """Send one event and return the worker's answer. Raises `WorkerTimeout` (after killing the worker) or
        `WorkerExited`."""
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.write(json.dumps(dict(message)) + "\n")
            stdin.flush()
        except OSError:
            raise WorkerExited(f"exited with code {self._process.wait(STOP_TIMEOUT_SECONDS)}") from None
        try:
            line = self._answers.get(timeout=timeout)
        except queue.Empty:
            self.stop()
            raise WorkerTimeout(f"no answer in {timeout:g} s") from None
        if line is None:
            raise WorkerExited(f"exited with code {self._process.wait(STOP_TIMEOUT_SECONDS)} without answering")
        answer = json.loads(line)
        assert isinstance(answer, dict)
        return answer

    def stop(self) -> None:
        """Kill the worker and wait (bounded) for it and its reader threads."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait(STOP_TIMEOUT_SECONDS)
        for reader in self._readers:
            reader.join(STOP_TIMEOUT_SECONDS)
        if self._process.stdin is not None:
            with contextlib.suppress(OSError):  # nothing is left to flush to a dead worker
                self._process.stdin.close()

    def _read_answers(self, stream: IO[str] | None) -> None:
        assert stream is not None
        for line in stream:
            self._answers.put(line)
        self._answers.put(None)

    def _copy_log(self, stream: IO[str] | None) -> None:
        assert stream is not None
        for line in stream:
            print(f"[{self.label}] {line.rstrip()}", file=sys.stderr, flush=True)
