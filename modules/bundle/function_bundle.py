"""A function's Lambda zip: its source files plus its pinned dependencies, vendored at the zip root."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path

from modules.bundle.downloads import downloaded_wheels
from modules.bundle.locks import read_lock
from modules.bundle.reproducible_zip import source_entries, write_lambda_zip
from modules.bundle.requirements import Requirements, read_requirements
from modules.bundle.target import Target
from modules.bundle.wheels import UnsafeWheelError, wheel_entries
from modules.errors import DependencyError
from modules.files.archive import ArchiveEntry

#: What is allowed when two files would land on the same name in the zip.
NO_OVERLAP = "dependencies whose files differ in name from the function's files and from each other's"


def bundle_function(
    source_dir: Path, destination_zip: Path, *, runtime: str, architecture: str, cache_dir: Path
) -> Path:
    """Write the Lambda zip of `source_dir` to `destination_zip` and return it.

    The zip holds the source files (no caches, no bytecode, no locks) and, when `source_dir/requirements.txt`
    exists, the files of every package its lock for `runtime` (`python3.12`, `python3.13`) on `architecture`
    (`arm64`, `x86_64`) names, unpacked from wheels into the zip root (see `modules.bundle.wheels` and
    `modules.bundle.locks`). Downloads are cached in `cache_dir`. The same inputs give the same bytes, hence the
    same `source_code_hash`, in any directory and on any machine. Bad or unavailable requirements, a missing or
    stale lock, or a dependency file that would overwrite another file, raise `DependencyError`; a source file
    the zip may not hold `SourceError`; `destination_zip` then stays as it was.
    """
    target = Target(runtime, architecture)
    requirements = read_requirements(source_dir, target.allowed)
    lock = read_lock(requirements, source_dir, target) if requirements is not None and requirements.pinned else None
    with ExitStack() as open_wheels:
        entries = {entry.name: entry for entry in source_entries(source_dir)}
        if lock is not None and requirements is not None:
            for wheel_path in downloaded_wheels(lock, target, cache_dir):
                wheel = open_wheels.enter_context(zipfile.ZipFile(wheel_path))
                _add(entries, _entries_of(wheel, requirements, target), wheel_path.name, requirements)
        return write_lambda_zip(entries.values(), destination_zip)


def _entries_of(wheel: zipfile.ZipFile, requirements: Requirements, target: Target) -> list[ArchiveEntry]:
    """`wheel_entries(wheel)`, with an unsafe wheel reported as a `DependencyError`."""
    try:
        return wheel_entries(wheel)
    except UnsafeWheelError as exc:
        name = Path(str(wheel.filename)).name
        raise DependencyError(requirements.display, "", f"{name} holds an {exc}", target.allowed) from None


def _add(entries: dict[str, ArchiveEntry], new: Iterable[ArchiveEntry], wheel: str, requirements: Requirements) -> None:
    """Add the entries of `wheel` to `entries`; an existing name with other bytes is a `DependencyError`."""
    for entry in new:
        existing = entries.setdefault(entry.name, entry)
        if existing is not entry and existing.read() != entry.read():
            problem = f"{wheel} would overwrite {entry.name!r}, which the function or another wheel already has"
            raise DependencyError(requirements.display, "", problem, NO_OVERLAP)
