"""The files of a function's source directory that go into its zip, checked as they are listed.

A Lambda zip may only hold what the function's directory holds: every file is a regular file of the directory, or
a symbolic link to one inside it (followed: the zip holds the target's bytes under the link's name). Refused, each
as one `SourceError` naming the file: a link leading out of the directory (its target would be zipped and
deployed), a link to a directory or a broken one, a special file (FIFO, socket, device: reading one blocks or
reads a device), and a file name that is not UTF-8 (a zip entry's name is UTF-8; Lambda unpacks it as such).
Left out: caches (`__pycache__`, `.pytest_cache`, `.mypy_cache`), bytecode (`.pyc`) and the function's locks
(`requirements.<runtime>-<architecture>.lock`, inputs of the build rather than code: `modules/bundle/locks.py`).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from modules.errors import SourceError
from modules.paths import display

EXCLUDED_PARTS = frozenset({"__pycache__", ".pytest_cache", ".mypy_cache"})
#: The name of a function's lock for one Lambda target: `requirements.<runtime>-<architecture>.lock`.
LOCK_PREFIX, LOCK_SUFFIX = "requirements.", ".lock"
REGULAR_FILES = "regular files inside the function's source directory, or symbolic links to them"


def is_lock_file(name: str) -> bool:
    """Whether `name` (a file at the top of a source directory) is one of the function's locks."""
    return name.startswith(LOCK_PREFIX) and name.endswith(LOCK_SUFFIX)


def source_files(source_dir: Path) -> list[Path]:
    """The files of `source_dir` that go into the zip, sorted; `SourceError` for a file that may not."""
    root = source_dir.resolve()
    files: list[Path] = []
    _walk(source_dir, root, files, top=True)
    return sorted(files)


def _walk(directory: Path, root: Path, files: list[Path], *, top: bool) -> None:
    with os.scandir(directory) as entries:
        listed = sorted(entries, key=lambda entry: entry.name)
    for entry in listed:
        path = directory / entry.name
        _check_name(path)
        if entry.name in EXCLUDED_PARTS or entry.name.endswith(".pyc"):
            continue
        if top and is_lock_file(entry.name):
            continue
        if entry.is_symlink():
            files.append(_link_target_checked(path, root))
        elif entry.is_dir(follow_symlinks=False):
            _walk(path, root, files, top=False)
        elif entry.is_file(follow_symlinks=False):
            files.append(path)
        else:
            kind = _special_kind(path)
            raise SourceError(display(path), f"a {kind}, not a regular file", REGULAR_FILES)


def _check_name(path: Path) -> None:
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(path.name).decode("utf-8", "backslashreplace")
        raise SourceError(
            f"{display(path.parent)}/{shown}", "a file name that is not UTF-8", "UTF-8 file names (rename it)"
        ) from None


def _link_target_checked(link: Path, root: Path) -> Path:
    """`link` itself (its bytes are read through it) once its target is known to be a regular file in `root`."""
    target = link.resolve()
    if not target.is_relative_to(root):
        raise SourceError(
            display(link), f"a symbolic link to {target}, outside the function's source directory", REGULAR_FILES
        )
    if not target.exists():
        raise SourceError(display(link), f"a broken symbolic link (to {target})", REGULAR_FILES)
    if not target.is_file():
        kind = "directory" if target.is_dir() else _special_kind(target)
        raise SourceError(display(link), f"a symbolic link to a {kind} ({target})", REGULAR_FILES)
    return link


def _special_kind(path: Path) -> str:
    mode = path.lstat().st_mode
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "device file" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "special file"
