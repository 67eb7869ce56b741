"""Fixtures of the bundle tests: function sources with a requirements file and its locks, pip cut off from every
index.

The tests talk to the real PyPI (uv resolves the locks, pip downloads their wheels). Downloads are shared through
the session's `bundle_cache` (tests/conftest.py), so each lock's wheels are downloaded once per session.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from modules.bundle.locks import write_lock
from modules.bundle.requirements import read_requirements
from modules.bundle.target import Target

HUMANIZE = "humanize==4.12.3"
PYYAML = "pyyaml==6.0.2"
#: What a zip or a directory must not hold: bytecode and the records an installation writes.
INSTALL_RECORDS = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}

SourceFactory = Callable[..., Path]


def write_source(
    root: Path, requirements: str | None, files: dict[str, str] | None = None, locked: tuple[Target, ...] = ()
) -> Path:
    """A function source directory: `handler.py`, `requirements.txt` (unless None), `files`, and the locks of
    `locked` targets (resolved by uv, as `make function-locks` does)."""
    root.mkdir(parents=True)
    (root / "handler.py").write_text("def handler(event, context):\n    return {}\n", encoding="utf-8")
    if requirements is not None:
        (root / "requirements.txt").write_text(requirements, encoding="utf-8")
    for name, text in (files or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    for target in locked:
        lock(root, target)
    return root


def lock(source: Path, target: Target) -> Path:
    """Write `source`'s lock for `target` (uv, real PyPI); its path."""
    requirements = read_requirements(source, target.allowed)
    assert requirements is not None
    return write_lock(requirements, source, target)


def cut_off_pip(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cut pip off from every index: an unreachable index URL, no config files, no find-links, no HTTP cache."""
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple")
    monkeypatch.setenv("PIP_NO_CACHE_DIR", "1")
    monkeypatch.setenv("PIP_RETRIES", "1")
    for name in ("PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """pip cut off from every index for the whole test (`cut_off_pip`)."""
    cut_off_pip(monkeypatch)


def leftovers(directory: Path) -> list[str]:
    """Hidden staging or temporary files anywhere below `directory` (none may survive a build)."""
    return sorted(path.name for path in directory.rglob(".*")) if directory.exists() else []
