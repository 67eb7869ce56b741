"""Deterministic zip of the Lambda source directory: sorted entries, fixed mtimes, normalized modes."""

from __future__ import annotations

import base64
import hashlib
import zipfile
from pathlib import Path

#: 1980-01-01, the earliest time a zip entry can carry.
FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)
EXCLUDED_PARTS = {"__pycache__", ".pytest_cache", ".mypy_cache"}


def source_files(source_dir: Path) -> list[Path]:
    """The files of `source_dir` that go into the zip, sorted (no caches, no `.pyc`)."""
    return sorted(
        path
        for path in source_dir.rglob("*")
        if path.is_file()
        and not EXCLUDED_PARTS.intersection(path.relative_to(source_dir).parts)
        and path.suffix != ".pyc"
    )


def build_lambda_zip(source_dir: Path, destination: Path) -> Path:
    """Write `source_dir` as a reproducible zip to `destination` and return it."""
    files = source_files(source_dir)
    destination.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(source_dir).as_posix(), date_time=FIXED_DATE_TIME)
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    return destination


def source_code_hash(zip_path: Path) -> str:
    """What Terraform's `filebase64sha256()` returns for the file: base64 of its SHA-256."""
    return base64.b64encode(hashlib.sha256(zip_path.read_bytes()).digest()).decode()
