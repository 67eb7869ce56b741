"""What a wheel installs into a Lambda zip's root: the files `pip install --target` would write, minus the
install's own records and bytecode.

A wheel is a zip. Its root (packages, package data, `.so` files) and its `<name>.data/purelib` and `platlib`
directories go to the zip root. Its `.dist-info` goes too (METADATA, WHEEL, licenses, entry points: the same bytes
whoever installs it, so `importlib.metadata` works in the function) except RECORD and its signatures, which list
the wheel's files rather than the zip's. Never included: `__pycache__`, `.pyc`, the `scripts`, `headers` and
`data` directories of `<name>.data` (console scripts and C headers are of no use to a function), and the records
an installer adds (INSTALLER, REQUESTED, direct_url.json), which a wheel does not carry.
"""

from __future__ import annotations

import functools
import zipfile
from pathlib import PurePosixPath

from modules.files.archive import ArchiveEntry

#: `.dist-info` files that describe one installation, not the project.
INSTALL_RECORDS = frozenset({"RECORD", "RECORD.jws", "RECORD.p7s", "INSTALLER", "REQUESTED", "direct_url.json"})
#: `<name>.data/<scheme>/` directories whose files belong in site-packages, i.e. the zip root.
LIBRARY_SCHEMES = frozenset({"purelib", "platlib"})
_EXECUTABLE_BITS = 0o111


class UnsafeWheelError(ValueError):
    """A wheel holds a path that would land outside the zip root (absolute, or with `..`)."""


def wheel_entries(wheel: zipfile.ZipFile) -> list[ArchiveEntry]:
    """The zip entries `wheel` contributes, named by their path in the Lambda zip, read lazily from `wheel`.

    An entry is executable when the wheel marks it so (any executable bit). Raises `UnsafeWheelError` for a
    path outside the root.
    """
    entries = []
    for info in wheel.infolist():
        if info.is_dir():
            continue
        path = PurePosixPath(info.filename)
        if path.is_absolute() or ".." in path.parts:
            raise UnsafeWheelError(f"unsafe path {info.filename!r}")
        name = _installed_name(path)
        if name is not None:
            executable = bool((info.external_attr >> 16) & _EXECUTABLE_BITS)
            entries.append(ArchiveEntry(name, functools.partial(wheel.read, info), executable))
    return entries


def _installed_name(path: PurePosixPath) -> str | None:
    """Where the wheel's file `path` goes in the Lambda zip, or None when it stays out."""
    if "__pycache__" in path.parts or path.suffix == ".pyc":
        return None
    top = path.parts[0]
    if top.endswith(".data"):
        if len(path.parts) < 3 or path.parts[1] not in LIBRARY_SCHEMES:
            return None
        return PurePosixPath(*path.parts[2:]).as_posix()
    if top.endswith(".dist-info") and len(path.parts) == 2 and path.name in INSTALL_RECORDS:
        return None
    return path.as_posix()
