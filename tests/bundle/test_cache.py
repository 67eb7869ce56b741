"""Cache directories: filled once, present only when complete, never replaced."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from modules.bundle.cache import DEFAULT_CACHE_DIR, cached_directory
from tests.conftest import ROOT


def test_filled_once_then_reused(tmp_path: Path) -> None:
    calls: list[Path] = []

    def fill(staging: Path) -> None:
        calls.append(staging)
        (staging / "a.whl").write_bytes(b"wheel")

    first = cached_directory(tmp_path / "wheels", "key", fill)
    second = cached_directory(tmp_path / "wheels", "key", fill)
    assert first == second == tmp_path / "wheels" / "key"
    assert (first / "a.whl").read_bytes() == b"wheel"
    assert len(calls) == 1
    assert sorted(path.name for path in (tmp_path / "wheels").iterdir()) == ["key"]


def test_a_failed_fill_leaves_nothing(tmp_path: Path) -> None:
    def fill(staging: Path) -> None:
        (staging / "partial.whl").write_bytes(b"half")
        raise RuntimeError("download failed")

    with pytest.raises(RuntimeError, match="download failed"):
        cached_directory(tmp_path, "key", fill)
    assert list(tmp_path.iterdir()) == []


def test_when_another_build_filled_the_key_first_its_directory_wins(tmp_path: Path) -> None:
    def fill(staging: Path) -> None:
        (tmp_path / "key").mkdir()
        (tmp_path / "key" / "theirs.whl").write_bytes(b"theirs")
        (staging / "ours.whl").write_bytes(b"ours")

    directory = cached_directory(tmp_path, "key", fill)
    assert sorted(path.name for path in directory.iterdir()) == ["theirs.whl"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["key"]


def test_the_default_cache_is_project_local_and_git_ignored() -> None:
    assert not DEFAULT_CACHE_DIR.is_absolute()
    wheel = DEFAULT_CACHE_DIR / "wheels" / "python3.13-arm64-0" / "humanize-4.12.3-py3-none-any.whl"
    check = subprocess.run(["git", "check-ignore", "--no-index", "-q", str(wheel)], cwd=ROOT, check=False)
    assert check.returncode == 0
