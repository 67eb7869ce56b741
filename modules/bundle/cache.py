"""The dependency cache: directories filled once per key, that appear only complete and are never replaced.

Layout below the cache directory: `wheels/<runtime>-<architecture>-<sha256 of requirements.txt>/` holds the
wheels pip downloaded for a Lambda target; `host/<python tag>-<machine>-<sha256>/` a `pip install --target` for
the local emulator. A key only depends on the requirements file's bytes and the target, so a second build reuses
it without the network. Deleting the cache directory is always safe.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

#: The default cache directory, relative to the project directory (git-ignored).
DEFAULT_CACHE_DIR = Path(".cache") / "bundle"


def cached_directory(parent: Path, key: str, fill: Callable[[Path], None]) -> Path:
    """`parent/key`, made by `fill(staging)` into an empty staging directory the first time it is asked for.

    The staging directory is renamed to `parent/key` only after `fill` returned, and removed when it raised, so
    the key never exists half-filled. If another process filled the key meanwhile, its directory wins and this
    one's staging copy is dropped (both hold the same files).
    """
    final = parent / key
    if final.is_dir():
        return final
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{key}.tmp-", dir=parent))
    try:
        fill(staging)
        staging.rename(final)
    except OSError:
        if not final.is_dir():
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final
