"""Outputs that are never half-written: build in a sibling temporary directory, then swap it in by renames."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replaced_atomically(target: Path) -> Iterator[Path]:
    """Yield an empty staging directory beside `target`; it replaces `target` when the block succeeds.

    On any error the staging directory is removed and `target` is left exactly as it was. The swap itself is
    two renames on one filesystem, so `target` is always either the old or the new tree.
    """
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{target.name}.tmp-", dir=target.parent))
    try:
        yield staging
        if target.exists():
            retired = Path(tempfile.mkdtemp(prefix=f"{target.name}.old-", dir=target.parent))
            target.rename(retired / "previous")
            staging.rename(target)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
