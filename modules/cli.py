"""Command-line plumbing: argument parsing and the one place where expected errors become exit code 2."""

from __future__ import annotations

import errno
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from modules.errors import ProjectError
from modules.paths import display, output_dir

EXIT_BAD_INPUT = 2
#: What to do about a file-system error, by errno (the rest: check the path).
_ADVICE = {
    errno.ENOSPC: "free space on its file system",
    errno.EDQUOT: "free space on its file system (disk quota exceeded)",
    errno.EROFS: "its file system is read-only: use a writable place",
    errno.EACCES: "check its permissions",
    errno.EPERM: "check its permissions",
    errno.ENOENT: "check that it exists",
    errno.ENOTDIR: "a part of the path is not a directory",
    errno.EISDIR: "a directory where a file was expected",
    errno.ELOOP: "too many symbolic links (a loop?)",
    errno.ENAMETOOLONG: "a shorter path",
}


class BadInput(SystemExit):
    """Raised by `reported_errors` after it printed a `ProjectError` as one line."""


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn a `ProjectError`, or an `OSError` of the file system (disk full, read-only, no permission, a path that
    is not what it should be), into one line on stderr and exit code 2, without a traceback.

    Errors with a known path are raised as `ProjectError`s where they happen, with a message of their own; this
    is the net for the rest: it names the file, what the system said and what to do.
    """
    try:
        yield
    except ProjectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise BadInput(EXIT_BAD_INPUT) from None
    except OSError as exc:
        print(f"error: {os_error_line(exc)}", file=sys.stderr)
        raise BadInput(EXIT_BAD_INPUT) from None


def os_error_line(exc: OSError) -> str:
    """`exc` as `<path>: <what the system said>; <what to do>`, naming the setting that moves the path where it
    is the temporary directory (`TMPDIR`) or the synth output (`CDKTF_OUTDIR`)."""
    strerror = exc.strerror or str(exc)
    advice = _ADVICE.get(exc.errno or 0, "check the path")
    if exc.filename is None:
        return f"{strerror}; {advice} (the output, CDKTF_OUTDIR=<dir>, or the temporary directory, TMPDIR=<dir>)"
    path = Path(os.fsdecode(exc.filename))
    shown = display(path) + (f" -> {os.fsdecode(exc.filename2)}" if exc.filename2 is not None else "")
    for root, setting in ((Path(tempfile.gettempdir()), "TMPDIR"), (output_dir().absolute(), "CDKTF_OUTDIR")):
        if path.absolute().is_relative_to(root):
            advice += f", or choose another place: {setting}=<dir>"
            break
    return f"{shown}: {strerror}; {advice}"


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)
