"""Start `python -m modules.local` as a child process, read its JSON line (bounded wait), stop it with a signal.

Used by `make demo` and by the tests of the real command-line path.
"""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

from modules.errors import EmulatorError
from modules.local.environment import LocalInfo
from modules.paths import PROJECT_DIR

#: Long enough for a first synthesis (a cold `make synth` takes ~15 s here).
STARTUP_TIMEOUT_SECONDS = 180.0
STOP_TIMEOUT_SECONDS = 30.0


class LocalProcess:
    """A `python -m modules.local` child. `start()` returns its `LocalInfo`; `stop()` its exit code."""

    def __init__(
        self,
        environment: str,
        *,
        port: int = 0,
        outdir: Path | None = None,
        config: Path | None = None,
        stderr: IO[str] | int | None = None,
        startup_timeout: float = STARTUP_TIMEOUT_SECONDS,
        watch: bool = False,
    ) -> None:
        self.command = [sys.executable, "-m", "modules.local", "--env", environment, "--port", str(port)]
        if outdir is not None:
            self.command += ["--outdir", str(outdir)]
        if config is not None:
            self.command += ["--config", str(config)]
        if watch:  # the live loop: config edits applied in place
            self.command += ["--watch"]
        self.stderr = stderr
        self.startup_timeout = startup_timeout
        self.lines: list[str] = []
        self._first: queue.Queue[str | None] = queue.Queue()
        self._process: subprocess.Popen[str] | None = None
        self._reader: threading.Thread | None = None

    @property
    def name(self) -> str:
        """The command line, for messages."""
        return "`" + " ".join(["python", *self.command[1:]]) + "`"

    def start(self) -> LocalInfo:
        """Spawn the child and wait (bounded) for its first stdout line."""
        self._process = subprocess.Popen(
            self.command, cwd=PROJECT_DIR, stdout=subprocess.PIPE, stderr=self.stderr, text=True
        )
        self._reader = threading.Thread(target=self._read, args=(self._process.stdout,), daemon=True)
        self._reader.start()
        try:
            first = self._first.get(timeout=self.startup_timeout)
        except queue.Empty:
            self.stop()
            raise EmulatorError(f"{self.name} printed nothing in {self.startup_timeout:g} s") from None
        if first is None:
            code = self._process.wait(timeout=STOP_TIMEOUT_SECONDS)
            raise EmulatorError(f"{self.name} exited with code {code} before serving")
        return LocalInfo.from_json(first)

    def stop(self, signum: int = signal.SIGTERM) -> int:
        """Send `signum` (SIGTERM by default), wait (bounded) and return the exit code."""
        process = self._process
        if process is None:
            return 0
        if process.poll() is None:
            process.send_signal(signum)
            try:
                process.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=STOP_TIMEOUT_SECONDS)
        if self._reader is not None:
            self._reader.join(timeout=STOP_TIMEOUT_SECONDS)
        return process.returncode

    def _read(self, stream: IO[str] | None) -> None:
        """Hand the first line over, then keep draining stdout (a handler may print) so the child never blocks."""
        assert stream is not None
        for line in stream:
            if not self.lines:
                self._first.put(line)
            self.lines.append(line)
        if not self.lines:
            self._first.put(None)

    def __enter__(self) -> LocalInfo:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()
