"""Byte-reproducible archives: Lambda zips, the packaged module as .zip and .tar.gz, and SHA256SUMS.

The same entries give the same bytes whatever the files' mtimes, owners and modes, the umask, the directory and
the machine: fixed timestamps (1980-01-01, the earliest a zip entry can carry), modes 0644/0755, uid/gid 0 and
no owner names, the Unix creator system, a gzip header without name and with mtime 0. Every archive is written
to a temporary file beside its destination and renamed over it, so it is never half-written.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import tarfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from modules.files.atomic import write_atomically

#: 1980-01-01, the earliest time a zip entry can carry.
FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)
#: The same instant as a Unix time, for tar entries.
FIXED_MTIME = 315532800
FILE_MODE = 0o644
EXECUTABLE_MODE = 0o755
DIR_MODE = 0o755
_REGULAR, _DIRECTORY = 0o100000, 0o040000
_UNIX = 3


@dataclass(frozen=True)
class ArchiveEntry:
    """One member: its name in the archive, how to read its bytes, whether it is executable or a directory."""

    name: str
    read: Callable[[], bytes]
    executable: bool = False
    directory: bool = False


def _no_bytes() -> bytes:
    return b""


def directory_entries(source: Path, root: str) -> list[ArchiveEntry]:
    """`source` as the folder `root`: the folder, then every directory and file under it, by relative path."""
    paths = sorted(source.rglob("*"), key=lambda p: p.relative_to(source).as_posix())
    return [
        ArchiveEntry(root, _no_bytes, directory=True),
        *(
            ArchiveEntry(
                f"{root}/{p.relative_to(source).as_posix()}",
                p.read_bytes if p.is_file() else _no_bytes,
                directory=p.is_dir(),
            )
            for p in paths
        ),
    ]


def write_zip(entries: Iterable[ArchiveEntry], destination: Path) -> Path:
    """Write `entries`, in the order given, as a reproducible zip to `destination` and return it.

    Two entries with the same name are a programming error (`ValueError`).
    """
    ordered = list(entries)
    names = [entry.name for entry in ordered]
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate zip entries: {sorted({name for name in names if names.count(name) > 1})}")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry in ordered:
            if entry.directory:
                info = zipfile.ZipInfo(f"{entry.name}/", date_time=FIXED_DATE_TIME)
                info.create_system = _UNIX
                info.external_attr = (_DIRECTORY | DIR_MODE) << 16
                archive.writestr(info, b"", compresslevel=9)
                continue
            info = zipfile.ZipInfo(entry.name, date_time=FIXED_DATE_TIME)
            info.create_system = _UNIX
            info.external_attr = (_REGULAR | (EXECUTABLE_MODE if entry.executable else FILE_MODE)) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entry.read(), compresslevel=9)
    destination.parent.mkdir(parents=True, exist_ok=True)
    return write_atomically(destination, buffer.getvalue())


def write_tar_gz(entries: Iterable[ArchiveEntry], destination: Path) -> Path:
    """Write `entries`, in the order given, as a reproducible .tar.gz (PAX) to `destination` and return it."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for entry in entries:
            info = tarfile.TarInfo(entry.name)
            info.mtime, info.uid, info.gid, info.uname, info.gname = FIXED_MTIME, 0, 0, "", ""
            if entry.directory:
                info.type, info.mode = tarfile.DIRTYPE, DIR_MODE
                archive.addfile(info)
            else:
                data = entry.read()
                info.size, info.mode = len(data), EXECUTABLE_MODE if entry.executable else FILE_MODE
                archive.addfile(info, io.BytesIO(data))
    zipped = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=zipped, mtime=0, compresslevel=9) as compressed:
        compressed.write(buffer.getvalue())
    return write_atomically(destination, zipped.getvalue())


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_sha256sums(files: list[Path], destination: Path) -> Path:
    """`sha256sum -c`-compatible checksums of `files` (by name, sorted), written to `destination`."""
    lines = [f"{sha256(path)}  {path.name}\n" for path in sorted(files, key=lambda p: p.name)]
    return write_atomically(destination, "".join(lines).encode("utf-8"))
