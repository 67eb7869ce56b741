"""Outputs that are never half-written: build in a sibling temporary directory, then swap it in by renames."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

#: Decides, for a path relative to the target, whether it outlives the swap (moved into the new tree).
KeepRule = Callable[[PurePosixPath], bool]


@contextmanager
def replaced_atomically(target: Path, *, keep: KeepRule | None = None) -> Iterator[Path]:
    """Yield an empty staging directory beside `target`; it replaces `target` when the block succeeds.

    On any error the staging directory is removed and `target` is left exactly as it was. The swap itself is
    two renames on one filesystem, so `target` is always either the old or the new tree. Paths of the old tree
    that `keep` selects (files, or whole directories) are moved into the new one just before the swap, and moved
    back if the swap fails: what is not ours to rewrite (Terraform's state beside a stack) survives every run.
    """
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{target.name}.tmp-", dir=target.parent))
    try:
        yield staging
        kept = _carry_over(target, staging, keep) if keep is not None and target.exists() else []
        try:
            _swap(target, staging)
        except BaseException:
            for relative in kept:
                (staging / relative).rename(target / relative)
            raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(target: Path, staging: Path) -> None:
    if target.exists():
        retired = Path(tempfile.mkdtemp(prefix=f"{target.name}.old-", dir=target.parent))
        target.rename(retired / "previous")
        staging.rename(target)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        staging.rename(target)


def _carry_over(old: Path, new: Path, keep: KeepRule) -> list[PurePosixPath]:
    """Move what `keep` selects from `old` into `new` (replacing what the new tree has there); the moved paths."""
    moved: list[PurePosixPath] = []
    for path in sorted(old.rglob("*")):
        relative = PurePosixPath(path.relative_to(old).as_posix())
        if any(parent in moved for parent in relative.parents) or not keep(relative):
            continue
        destination = new / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        if destination.is_dir() and not destination.is_symlink():
            shutil.rmtree(destination)
        path.rename(destination)
        moved.append(relative)
    return moved


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
