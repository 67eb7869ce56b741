"""A function's lock: every package its `requirements.txt` pulls in, for one Lambda target, pinned with hashes.

`requirements.txt` pins what the function imports; what those packages need in turn is resolved once, by
`make function-locks` (`uv pip compile` for the target's platform and Python, binary wheels only, with the hash
of every file of each version), into `requirements.<runtime>-<architecture>.lock` beside it, and committed. A
bundle downloads exactly the lock's packages, with pip's `--require-hashes` and `--no-deps`: the same files on
every machine, whatever the index has published since, or the build fails. The lock records the SHA-256 of the
`requirements.txt` it was made from; a lock made from other bytes is stale and refused, naming the command that
refreshes it.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from modules.bundle.requirements import REQUIREMENTS_FILE, Requirements
from modules.bundle.source_tree import LOCK_PREFIX, LOCK_SUFFIX, is_lock_file
from modules.bundle.target import Target
from modules.errors import DependencyError
from modules.files.atomic import write_atomically
from modules.paths import display

#: The command that (re)writes every function's locks.
LOCK_COMMAND = "make function-locks"
_DIGEST = re.compile(rb"^# requirements\.txt sha256: (?P<digest>[0-9a-f]{64})$", re.MULTILINE)


@dataclass(frozen=True)
class Lock:
    """A function's lock file for one target: where it is, its name for messages, the SHA-256 of its bytes."""

    path: Path
    display: str
    digest: str


def lock_path(source_dir: Path, target: Target) -> Path:
    """`<source_dir>/requirements.<runtime>-<architecture>.lock`."""
    return source_dir / f"{LOCK_PREFIX}{target.runtime}-{target.architecture}{LOCK_SUFFIX}"


def lock_files(source_dir: Path) -> list[Path]:
    """The locks in `source_dir`, sorted by name (inputs of its zips, though not part of them)."""
    return sorted(path for path in source_dir.iterdir() if path.is_file() and is_lock_file(path.name))


def read_lock(requirements: Requirements, source_dir: Path, target: Target) -> Lock:
    """The lock of `requirements` for `target`. `DependencyError` when it is missing or stale."""
    path = lock_path(source_dir, target)
    shown = display(path)
    remedy = f"a lock written by `{LOCK_COMMAND}` (then commit it)"
    if not path.is_file():
        problem = f"missing: {requirements.display} has no lock for {target.runtime} on {target.architecture}"
        raise DependencyError(shown, "", problem, remedy)
    data = path.read_bytes()
    recorded = _DIGEST.search(data)
    if recorded is None or recorded["digest"].decode() != requirements.digest:
        problem = f"stale: it was not made from the current {requirements.display}"
        raise DependencyError(shown, "", problem, remedy)
    return Lock(path, shown, hashlib.sha256(data).hexdigest())


def write_lock(requirements: Requirements, source_dir: Path, target: Target) -> Path:
    """Resolve `source_dir/requirements.txt` for `target` with uv and write its lock (atomically); its path.

    uv runs in `source_dir`, so the lock's annotations name `requirements.txt` wherever the project lives.
    Raises `DependencyError` when uv cannot resolve the requirements for the target.
    """
    command = [
        sys.executable, "-m", "uv", "pip", "compile", REQUIREMENTS_FILE,
        "--generate-hashes", "--no-header", "--quiet",
        "--python-platform", target.uv_platform, "--python-version", target.python_version, "--only-binary", ":all:",
    ]  # fmt: skip
    result = subprocess.run(command, cwd=source_dir, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        problem = "uv could not resolve it: " + _uv_reason(result.stderr, result.returncode)
        raise DependencyError(requirements.display, "", problem, target.allowed)
    header = (
        f"# The lock of {REQUIREMENTS_FILE} for {target.runtime} on {target.architecture}: every package, pinned, "
        f"with its hashes.\n# Written by `{LOCK_COMMAND}` (uv pip compile for {target.uv_platform}, Python "
        f"{target.python_version}, wheels only); do not edit.\n"
        f"# requirements.txt sha256: {requirements.digest}\n"
    )
    return write_atomically(lock_path(source_dir, target), (header + result.stdout).encode("utf-8"))


def _uv_reason(stderr: str, returncode: int) -> str:
    """uv's reason on one line: its `cause:` paragraph (`Because ... unsatisfiable.`), else its first line."""
    lines = [line.strip() for line in stderr.splitlines()]
    starts = [index for index, line in enumerate(lines) if line.startswith("cause:")]
    if not starts:
        return next((line.removeprefix("error: ") for line in lines if line), f"exit code {returncode}")
    paragraph = []
    for line in lines[starts[0] :]:
        if not line or line.startswith("hint:"):
            break
        paragraph.append(line.removeprefix("cause:").strip())
    return " ".join(paragraph)
