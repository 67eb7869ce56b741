"""Wheels downloaded once per lock and target, then read from the cache without the network."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from modules.bundle.downloads import downloaded_wheels
from modules.bundle.locks import Lock, read_lock
from modules.bundle.requirements import read_requirements
from modules.bundle.target import Target
from modules.errors import DependencyError
from tests.bundle.conftest import HUMANIZE, PYYAML, cut_off_pip, leftovers, write_source

TARGET = Target("python3.13", "arm64")
LINES = f"{HUMANIZE}\n{PYYAML}\n"


def _lock(tmp_path: Path, lines: str = LINES) -> Lock:
    source = write_source(tmp_path / "src", lines, locked=(TARGET,))
    requirements = read_requirements(source, TARGET.allowed)
    assert requirements is not None
    return read_lock(requirements, source, TARGET)


def test_wheels_for_the_target_are_kept_under_the_locks_hash(tmp_path: Path, bundle_cache: Path) -> None:
    lock = _lock(tmp_path)
    wheels = downloaded_wheels(lock, TARGET, bundle_cache)
    key = f"python3.13-arm64-{hashlib.sha256(lock.path.read_bytes()).hexdigest()}"
    assert [wheel.parent for wheel in wheels] == [bundle_cache / "wheels" / key] * 2
    assert [wheel.name for wheel in wheels] == [
        "PyYAML-6.0.2-cp313-cp313-manylinux_2_17_aarch64.manylinux2014_aarch64.whl",
        "humanize-4.12.3-py3-none-any.whl",
    ]


def test_a_second_call_needs_no_network(tmp_path: Path, bundle_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lock = _lock(tmp_path)
    first = downloaded_wheels(lock, TARGET, bundle_cache)
    cut_off_pip(monkeypatch)
    assert downloaded_wheels(lock, TARGET, bundle_cache) == first


def test_without_the_cache_the_same_call_offline_fails_and_caches_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock = _lock(tmp_path)
    cut_off_pip(monkeypatch)
    with pytest.raises(DependencyError, match="the package index could not be reached"):
        downloaded_wheels(lock, TARGET, tmp_path / "cache")
    assert list((tmp_path / "cache" / "wheels").iterdir()) == []
    assert leftovers(tmp_path / "cache") == []
