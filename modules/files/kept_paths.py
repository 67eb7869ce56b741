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


def same(first: Path, second: Path) -> bool:
    """Whether `first` and `second` hold the same thing: one file (hard links), equal bytes, equal link targets,
    or directories whose entries are all the same."""
    if first.is_symlink() or second.is_symlink():
        return first.is_symlink() and second.is_symlink() and os.readlink(first) == os.readlink(second)
    if first.is_dir() and second.is_dir():
        names = sorted(os.listdir(first))
        return names == sorted(os.listdir(second)) and all(same(first / name, second / name) for name in names)
    if first.is_file() and second.is_file():
        return os.path.samefile(first, second) or filecmp.cmp(first, second, shallow=False)
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
