"""Command-line plumbing: argument parsing and the one place where expected errors become exit code 2."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from modules.errors import ProjectError

EXIT_BAD_INPUT = 2


class BadInput(SystemExit):
    """Raised by `reported_errors` after it printed a `ProjectError` as one line."""


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn a `ProjectError` into one line on stderr and exit code 2, without a traceback."""
    try:
        yield
    except ProjectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise BadInput(EXIT_BAD_INPUT) from None


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)
