"""A function's source as zip entries, and its zip: entries sorted by name, written by the one reproducible
archive writer (`modules/files/archive.py`)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from pathlib import Path

from modules.bundle.source_tree import source_files
from modules.files.archive import ArchiveEntry, write_zip


def source_entries(source_dir: Path) -> list[ArchiveEntry]:
    """`source_files(source_dir)` as zip entries named by their path below `source_dir` (never executable).

    Raises `SourceError` for a file the zip may not hold (`modules/bundle/source_tree.py`)."""
    return [ArchiveEntry(path.relative_to(source_dir).as_posix(), path.read_bytes) for path in source_files(source_dir)]


def write_lambda_zip(entries: Iterable[ArchiveEntry], destination: Path) -> Path:
    """A function's zip: `entries` sorted by name."""
    return write_zip(sorted(entries, key=lambda entry: entry.name), destination)


def build_lambda_zip(source_dir: Path, destination: Path) -> Path:
    """Write `source_dir` (without caches and bytecode) as a reproducible zip to `destination` and return it."""
    return write_lambda_zip(source_entries(source_dir), destination)


def source_code_hash(zip_path: Path) -> str:
    """What Terraform's `filebase64sha256()` returns for the file: base64 of its SHA-256."""
    return base64.b64encode(hashlib.sha256(zip_path.read_bytes()).digest()).decode()
