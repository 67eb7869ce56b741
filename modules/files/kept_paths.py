"""Paths of an output tree that are not the tool's to rewrite (Terraform's state beside a stack): finding them,
linking them into a new tree, and telling whether two copies are the same.

A kept path is a file, a symbolic link or a whole directory (e.g. `.terraform/`) that a `KeepRule` selects by
its path relative to the tree's root.
"""

from __future__ import annotations

import filecmp
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

#: Decides, for a path relative to an output tree's root, whether it is kept across rewrites of the tree.
KeepRule = Callable[[PurePosixPath], bool]


def kept_paths(root: Path, keep: KeepRule) -> Iterator[PurePosixPath]:
    """The paths below `root` that `keep` selects, sorted, relative to `root`; nothing below a selected directory.

    Symbolic links to directories are not followed.
    """
    selected: list[PurePosixPath] = []
    for path in sorted(root.rglob("*")):
        relative = PurePosixPath(path.relative_to(root).as_posix())
        if keep(relative) and not any(parent in selected for parent in relative.parents):
            selected.append(relative)
            yield relative


def link_into(source: Path, destination: Path) -> None:
    """`source` again at `destination` without copying bytes: hard links to its files (a directory is rebuilt
    around them, symbolic links are recreated). What `destination` held is replaced. Where the file system has no
    hard links, files are copied."""
    remove(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    if source.is_symlink():
        os.symlink(os.readlink(source), destination)
    elif source.is_dir():
        shutil.copytree(source, destination, symlinks=True, copy_function=_link_or_copy)
    else:
        _link_or_copy(source, destination)


def held(copy: Path, original: Path) -> bool:
    """Whether `original` holds everything `copy` does: the same file (a hard link) or equal bytes, the same link
    target, or a directory holding each entry of `copy`'s (a copy cut short holds fewer)."""
    if copy.is_symlink() or original.is_symlink():
        return copy.is_symlink() and original.is_symlink() and os.readlink(copy) == os.readlink(original)
    if copy.is_dir() and original.is_dir():
        return all(held(copy / name, original / name) for name in os.listdir(copy))
    if copy.is_file() and original.is_file():
        return os.path.samefile(copy, original) or filecmp.cmp(copy, original, shallow=False)
    return False


def remove(path: Path) -> None:
    """Remove `path`, whatever it is (nothing when it does not exist)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _link_or_copy(source: str | Path, destination: str | Path) -> None:
    try:
        os.link(source, destination, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, destination, follow_symlinks=False)
