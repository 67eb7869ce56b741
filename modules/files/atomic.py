"""Outputs that are never half-written, and never lose what is kept in them: build beside, then swap in.

`replaced_atomically(target)` yields an empty staging directory beside `target` (`<name>.tmp-*`); when the block
succeeds, the kept paths of the old tree (Terraform's state) are hard-linked into the new one, and the two trees
are exchanged in one step (`renameat2(RENAME_EXCHANGE)`, `modules/files/exchange.py`). At every instant of the
run, `target` is the whole old tree or the whole new one, and holds the kept paths: a run killed at any point
leaves them where the next run reads them. Where the system cannot exchange, the swap takes two renames (the old
tree retired to `<name>.old-*` first): a run killed between them leaves no `target`, and the next run moves the
kept paths back from the leftover folder before anything else (`modules/files/leftovers.py`). Leftover folders
are settled, and removed, by the next run that finds no other run writing beside them (a lock on their parent
directory: `flock(2)`, released by the kernel when a process dies, however it dies).
"""

from __future__ import annotations

import errno
import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from modules.errors import OutputError
from modules.files.exchange import exchange
from modules.files.kept_paths import KeepRule, kept_paths, link_into
from modules.files.leftovers import RETIRED_MARK, STAGING_MARK, settle, settle_leftovers
from modules.paths import display

#: What to do about an output that cannot be written, unless the caller names its own setting.
CHOOSE_ANOTHER = "choose another directory"
#: Errors of the file system that hold the output rather than of the path: named as such.
_FILE_SYSTEM_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


@contextmanager
def replaced_atomically(target: Path, *, keep: KeepRule | None = None, remedy: str = CHOOSE_ANOTHER) -> Iterator[Path]:
    """Yield an empty staging directory beside `target`; it replaces `target` when the block succeeds.

    On any error the staging directory is removed and `target` is left exactly as it was. Paths of the old tree
    that `keep` selects (files, or whole directories) are linked into the new one before the swap: what is not
    ours to rewrite (Terraform's state beside a stack) survives every run, including the stack of an environment
    no longer built. `target` may not exist yet; when it exists it must be a directory (or a symbolic link to
    one: the directory it leads to is replaced): anything else is an `OutputError`, and is left as it is. An
    `OSError` of the output's own file system (full, read-only, no permission) becomes an `OutputError` naming
    `target`, the problem and `remedy` (how the user chooses another place, e.g. `CDKTF_OUTDIR=<dir>`).
    """
    target = _checked(target.absolute(), remedy)
    with _parent_lock(target, keep, remedy):
        staging = _staging(target, remedy)
        try:
            yield staging
            if keep is not None and target.is_dir():
                for relative in kept_paths(target, keep):
                    link_into(target / relative, staging / relative)
            old = _swap_in(staging, target)
        except BaseException as exc:
            settle(staging, target, None)
            if isinstance(exc, OSError) and _ours(exc, target):
                raise _output_error(exc, target, remedy) from exc
            raise
        if old is not None:
            settle(old, target, keep)


def _checked(target: Path, remedy: str) -> Path:
    """`target` as the directory to replace (a symbolic link's own directory); `OutputError` when it, or the
    nearest existing directory above it, is not a directory."""
    if target.is_symlink():
        resolved = target.resolve()
        if not resolved.is_dir():
            raise OutputError(display(target), f"a symbolic link to {resolved}, which is not a directory", remedy)
        target = resolved
    if target.exists() and not target.is_dir():
        raise OutputError(display(target), "exists and is not a directory (it is left as it is)", remedy)
    for above in target.parents:
        if above.exists():
            if not above.is_dir():
                raise OutputError(display(target), f"cannot be made: {above} is not a directory", remedy)
            break
    return target


@contextmanager
def _parent_lock(target: Path, keep: KeepRule | None, remedy: str) -> Iterator[None]:
    """Hold a shared lock on `target`'s parent directory for the run; first, when no other run holds one, settle
    the leftovers of killed runs under the exclusive lock."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise _output_error(exc, target, remedy) from exc
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # another run writes beside us: its folders are not leftovers
            fcntl.flock(descriptor, fcntl.LOCK_SH)
        else:
            settle_leftovers(target, keep)
            fcntl.flock(descriptor, fcntl.LOCK_SH)
        yield
    finally:
        os.close(descriptor)


def _staging(target: Path, remedy: str) -> Path:
    try:
        return Path(tempfile.mkdtemp(prefix=f"{target.name}{STAGING_MARK}", dir=target.parent))
    except OSError as exc:
        raise _output_error(exc, target, remedy) from exc


def _swap_in(staging: Path, target: Path) -> Path | None:
    """Put `staging` at `target`; the path now holding the old tree, or None when there was none."""
    if not target.exists():
        staging.rename(target)
        return None
    if exchange(staging, target):
        return staging
    retired = Path(tempfile.mkdtemp(prefix=f"{target.name}{RETIRED_MARK}", dir=target.parent))
    target.rename(retired)  # onto the empty directory: replaced by the old tree
    try:
        staging.rename(target)
    except BaseException:
        retired.rename(target)
        raise
    return retired


def _ours(exc: OSError, target: Path) -> bool:
    """Whether `exc` is about the output: a path of the target or of its staging and retired trees, or a write
    without a name (`write()` on a full or read-only file system) while building the staging tree."""
    if exc.filename is None:
        return exc.errno in (*_FILE_SYSTEM_FULL, errno.EROFS)
    return os.fsdecode(exc.filename).startswith(str(target))


def _output_error(exc: OSError, target: Path, remedy: str) -> OutputError:
    strerror = os.strerror(exc.errno) if exc.errno else str(exc)  # the system's words, whoever raised it
    if exc.errno in _FILE_SYSTEM_FULL:
        problem = f"cannot be written: its file system is full ({strerror})"
        advice = f"free space there, or {remedy}"
    elif exc.errno == errno.EROFS:
        problem, advice = "cannot be written: its file system is read-only", remedy
    elif exc.errno in (errno.EACCES, errno.EPERM):
        problem, advice = f"cannot be written: {strerror}", f"allow writing there, or {remedy}"
    else:
        problem, advice = f"cannot be written: {strerror}", remedy
    return OutputError(display(target), problem, advice)


def write_atomically(path: Path, data: bytes, mode: int = 0o644) -> Path:
    """Write `data` to a temporary file beside `path`, then rename it over `path`: readers see the old file or
    the new one, never a part."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
