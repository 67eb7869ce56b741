"""Swap two directories in one step: Linux's `renameat2(RENAME_EXCHANGE)`, called through ctypes.

After the call each path names what the other named before; no instant exists at which either path is missing
(renameat2(2), Linux 3.15 and later, glibc 2.28 and later; ext4, XFS, Btrfs, tmpfs and overlayfs support it).
Where the system or the file system cannot, `exchange` says so and the caller swaps by two renames instead.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import sys
from pathlib import Path
from typing import Any

_AT_FDCWD = -100
_RENAME_EXCHANGE = 1 << 1
#: What renameat2 answers where the kernel or the file system has no RENAME_EXCHANGE.
_UNSUPPORTED = frozenset({errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP})


@functools.cache
def _renameat2() -> Any:
    """libc's `renameat2`, or None where the C library has none (not Linux, glibc before 2.28)."""
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def exchange(first: Path, second: Path) -> bool:
    """Swap the existing paths `first` and `second` atomically; False (nothing changed) where this system cannot.

    Other failures (permissions, a read-only file system) raise `OSError` naming both paths. Raises the audit
    event `modules.files.exchange` (paths) first, as `os.rename` raises `os.rename`.
    """
    sys.audit("modules.files.exchange", str(first), str(second))
    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))
