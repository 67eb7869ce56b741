"""Byte-reproducible zips: entries sorted by name, fixed 1980 timestamps, fixed modes, written atomically.

The same entries give the same bytes whatever the files' mtimes, owners and modes, the umask, the directory and
the machine (the creator system is always Unix), as long as zlib deflates the same way.
"""

from __future__ import annotations

import base64
import hashlib
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

#: 1980-01-01, the earliest time a zip entry can carry.
FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)
EXCLUDED_PARTS = {"__pycache__", ".pytest_cache", ".mypy_cache"}
#: Unix modes of the entries: regular file, rw-r--r-- (or rwxr-xr-x for executables).
FILE_MODE = 0o100644
EXECUTABLE_MODE = 0o100755
_UNIX = 3
#: Mode of the written zip file itself (a temporary file would otherwise keep 0600).
_ZIP_FILE_MODE = 0o644


@dataclass(frozen=True)
class ZipEntry:
    """One file of a zip: its name in the archive, how to read its bytes, whether it is executable."""

    name: str
    read: Callable[[], bytes]
    executable: bool = False


def source_files(source_dir: Path) -> list[Path]:
    """The files of `source_dir` that go into the zip, sorted (no caches, no `.pyc`)."""
    return sorted(
        path
        for path in source_dir.rglob("*")
        if path.is_file()
        and not EXCLUDED_PARTS.intersection(path.relative_to(source_dir).parts)
        and path.suffix != ".pyc"
    )


def source_entries(source_dir: Path) -> list[ZipEntry]:
    """`source_files(source_dir)` as zip entries named by their path below `source_dir` (never executable)."""
    return [ZipEntry(path.relative_to(source_dir).as_posix(), path.read_bytes) for path in source_files(source_dir)]


def write_zip(entries: Iterable[ZipEntry], destination: Path) -> Path:
    """Write `entries`, sorted by name, as a reproducible zip to `destination` and return it.

    The zip is written to a temporary file beside `destination` and renamed over it when complete, so
    `destination` is never half-written. Two entries with the same name are a programming error (`ValueError`).
    """
    ordered = sorted(entries, key=lambda entry: entry.name)
    names = [entry.name for entry in ordered]
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate zip entries: {sorted({name for name in names if names.count(name) > 1})}")
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".tmp", dir=destination.parent)
    try:
        with os.fdopen(handle, "wb") as file, zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for entry in ordered:
                info = zipfile.ZipInfo(entry.name, date_time=FIXED_DATE_TIME)
                info.create_system = _UNIX
                info.external_attr = (EXECUTABLE_MODE if entry.executable else FILE_MODE) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, entry.read(), compresslevel=9)
        os.chmod(temporary, _ZIP_FILE_MODE)
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return destination


def build_lambda_zip(source_dir: Path, destination: Path) -> Path:
    """Write `source_dir` (without caches and bytecode) as a reproducible zip to `destination` and return it."""
    return write_zip(source_entries(source_dir), destination)


def source_code_hash(zip_path: Path) -> str:
    """What Terraform's `filebase64sha256()` returns for the file: base64 of its SHA-256."""
    return base64.b64encode(hashlib.sha256(zip_path.read_bytes()).digest()).decode()
