"""What a killed run left beside an output: staging trees (`<name>.tmp-*`) and retired trees (`<name>.old-*`).

`replaced_atomically` builds a new tree in `<name>.tmp-*` and retires the old one there (or in `<name>.old-*`
where it swaps by two renames); a run killed in between leaves one behind. The next run settles each: kept paths
(Terraform's state) that the output lacks are moved into it, copies the output already holds (the same file,
equal bytes, or a directory copy cut short) are dropped, and the folder is removed once nothing kept is left in
it. A kept path whose copy in the output differs is never dropped: the folder stays, with one warning line naming
it, for the user to compare.
"""

from __future__ import annotations

import glob
import os
import shutil
import sys
from pathlib import Path

from modules.files.kept_paths import KeepRule, held, kept_paths

#: The marks of staging and retired trees in a folder's name: `cdktf.out.tmp-x1y2`, `cdktf.out.old-x1y2`.
STAGING_MARK = ".tmp-"
RETIRED_MARK = ".old-"
#: Where earlier versions of the tool retired an output inside `<name>.old-*`.
_NESTED_PREVIOUS = "previous"


def leftovers(target: Path) -> list[Path]:
    """The staging and retired folders of `target` in its parent directory, sorted."""
    found = [
        path
        for mark in (STAGING_MARK, RETIRED_MARK)
        for path in target.parent.glob(f"{glob.escape(target.name)}{mark}*")
        if path.is_dir() and not path.is_symlink()
    ]
    return sorted(found)


def settle_leftovers(target: Path, keep: KeepRule | None) -> None:
    """Settle every leftover folder of `target` (see the module's docstring). Only call it while no other run
    writes `target` (`replaced_atomically` holds its parent's lock)."""
    for folder in leftovers(target):
        settle(folder, target, keep)


def settle(folder: Path, target: Path, keep: KeepRule | None) -> bool:
    """Move what `folder` keeps and `target` lacks into `target`, then remove `folder` unless it holds a kept path
    that differs from `target`'s (then warn and leave it). Whether `folder` was removed."""
    root = _tree_root(folder)
    conflicts = []
    for relative in kept_paths(root, keep) if keep is not None else ():
        source, destination = root / relative, target / relative
        if not destination.exists() and not destination.is_symlink():
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.rename(source, destination)
        elif not held(source, destination):
            conflicts.append(relative.as_posix())
    if conflicts:
        print(
            f"warning: {folder}: left in place: its {conflicts[0]} differs from {target / conflicts[0]} (a run "
            "was interrupted: compare them, keep the one Terraform should use, then remove the folder)",
            file=sys.stderr,
        )
        return False
    shutil.rmtree(folder, ignore_errors=True)
    return True


def _tree_root(folder: Path) -> Path:
    nested = folder / _NESTED_PREVIOUS
    return nested if nested.is_dir() and os.listdir(folder) == [_NESTED_PREVIOUS] else folder
