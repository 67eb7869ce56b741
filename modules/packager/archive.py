"""Byte-reproducible archives of a directory, and the SHA256SUMS file.

Same bytes for the same files whatever the machine, time, umask or owner: entries sorted, directories
included, mtimes fixed (1980-01-01, the earliest a zip can hold), modes 0644/0755, uid/gid 0, no owner names,
gzip header without name and with mtime 0.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import tarfile
import zipfile
from pathlib import Path

from modules.bundle import FIXED_DATE_TIME

#: 1980-01-01T00:00:00Z, the same instant as the zip entries' FIXED_DATE_TIME.
FIXED_MTIME = 315532800
FILE_MODE = 0o644
DIR_MODE = 0o755


def _entries(source: Path, root: str) -> list[tuple[str, Path]]:
    """(archive name, path) of every directory and file under `source`, sorted, below the top folder `root`."""
    paths = sorted(source.rglob("*"), key=lambda p: p.relative_to(source).as_posix())
    return [(root, source), *((f"{root}/{p.relative_to(source).as_posix()}", p) for p in paths)]


def write_tar_gz(source: Path, destination: Path, root: str) -> Path:
    """`destination` (.tar.gz) holding `source` as the folder `root`."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name, path in _entries(source, root):
            info = tarfile.TarInfo(name)
            info.mtime, info.uid, info.gid, info.uname, info.gname = FIXED_MTIME, 0, 0, "", ""
            if path.is_dir():
                info.type, info.mode = tarfile.DIRTYPE, DIR_MODE
                archive.addfile(info)
            else:
                data = path.read_bytes()
                info.size, info.mode = len(data), FILE_MODE
                archive.addfile(info, io.BytesIO(data))
    with (
        destination.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as zipped,
    ):
        zipped.write(buffer.getvalue())
    return destination


def write_zip(source: Path, destination: Path, root: str) -> Path:
    """`destination` (.zip) holding `source` as the folder `root`."""
    with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, path in _entries(source, root):
            if path.is_dir():
                info = zipfile.ZipInfo(f"{name}/", date_time=FIXED_DATE_TIME)
                info.external_attr = (0o040000 | DIR_MODE) << 16
                archive.writestr(info, b"")
            else:
                info = zipfile.ZipInfo(name, date_time=FIXED_DATE_TIME)
                info.external_attr = (0o100000 | FILE_MODE) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes(), compresslevel=9)
    return destination


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_sha256sums(files: list[Path], destination: Path) -> Path:
    """`sha256sum -c`-compatible checksums of `files` (by name, sorted), written to `destination`."""
    lines = [f"{sha256(path)}  {path.name}\n" for path in sorted(files, key=lambda p: p.name)]
    destination.write_text("".join(lines), encoding="utf-8")
    return destination
