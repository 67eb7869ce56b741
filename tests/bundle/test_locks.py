"""Function locks: the full dependency set with hashes, per target; refused when missing or stale; the same zip
from two fresh machines. Real uv and pip against PyPI."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from modules.bundle import bundle_function, lock_files
from modules.bundle.locks import LOCK_COMMAND, lock_path, read_lock
from modules.bundle.requirements import read_requirements
from modules.bundle.target import Target
from modules.errors import DependencyError
from tests.bundle.conftest import lock, write_source

ARM64 = Target("python3.13", "arm64")
X86 = Target("python3.12", "x86_64")
#: python-dateutil needs six, which requirements.txt does not name: only the lock pins it.
DATEUTIL = "python-dateutil==2.9.0.post0\n"


def _build(source: Path, destination: Path, cache: Path, target: Target = ARM64) -> Path:
    return bundle_function(
        source, destination, runtime=target.runtime, architecture=target.architecture, cache_dir=cache
    )


def test_the_lock_pins_every_dependency_with_hashes_for_its_target(tmp_path: Path) -> None:
    source = write_source(tmp_path / "fn", DATEUTIL, locked=(ARM64, X86))
    assert [path.name for path in lock_files(source)] == [
        "requirements.python3.12-x86_64.lock",
        "requirements.python3.13-arm64.lock",
    ]
    text = lock_path(source, ARM64).read_text(encoding="utf-8")
    pins = [line.split(" ")[0] for line in text.splitlines() if line and not line.startswith((" ", "#"))]
    assert pins == ["python-dateutil==2.9.0.post0", "six==1.17.0"]
    assert text.count("--hash=sha256:") >= 2
    assert "for python3.13 on arm64" in text
    assert "aarch64-manylinux_2_28" in text


def test_two_fresh_machines_build_byte_identical_zips_with_the_transitive_dependency(tmp_path: Path) -> None:
    committed = write_source(tmp_path / "repo" / "fn", DATEUTIL, locked=(ARM64,))
    clone = tmp_path / "other-clone" / "fn"
    shutil.copytree(committed, clone)
    first = _build(committed, tmp_path / "one.zip", tmp_path / "cache-one")
    second = _build(clone, tmp_path / "two.zip", tmp_path / "cache-two")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as zipped:
        names = zipped.namelist()
    assert "six.py" in names
    assert "dateutil/parser/__init__.py" in names
    assert not [name for name in names if name.endswith(".lock")]


def test_a_missing_lock_is_refused_naming_the_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = write_source(tmp_path / "fn", DATEUTIL)
    with pytest.raises(DependencyError) as raised:
        _build(source, tmp_path / "f.zip", tmp_path / "cache")
    assert str(raised.value) == (
        "fn/requirements.python3.13-arm64.lock: missing: fn/requirements.txt has no lock for python3.13 on arm64; "
        f"allowed: a lock written by `{LOCK_COMMAND}` (then commit it)"
    )
    assert not (tmp_path / "f.zip").exists()


def test_a_lock_older_than_its_requirements_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = write_source(tmp_path / "fn", DATEUTIL, locked=(ARM64,))
    (source / "requirements.txt").write_text(DATEUTIL + "humanize==4.12.3\n", encoding="utf-8")
    with pytest.raises(DependencyError) as raised:
        _build(source, tmp_path / "f.zip", tmp_path / "cache")
    assert str(raised.value) == (
        "fn/requirements.python3.13-arm64.lock: stale: it was not made from the current fn/requirements.txt; "
        f"allowed: a lock written by `{LOCK_COMMAND}` (then commit it)"
    )
    lock(source, ARM64)
    requirements = read_requirements(source, ARM64.allowed)
    assert requirements is not None
    assert read_lock(requirements, source, ARM64).path == lock_path(source, ARM64)


def test_a_tampered_hash_stops_the_download(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = write_source(tmp_path / "fn", DATEUTIL, locked=(ARM64,))
    path = lock_path(source, ARM64)
    text = path.read_text(encoding="utf-8")
    six_hashes = text[text.index("six==") :]
    path.write_text(text.replace(six_hashes, "six==1.17.0 \\\n    --hash=sha256:" + "0" * 64 + "\n"), "utf-8")
    with pytest.raises(DependencyError) as raised:
        _build(source, tmp_path / "f.zip", tmp_path / "cache")
    message = str(raised.value)
    assert message.startswith("fn/requirements.python3.13-arm64.lock: pip failed: THESE PACKAGES DO NOT MATCH")
    assert "\n" not in message
    assert not (tmp_path / "f.zip").exists()


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("this-project-does-not-exist-cdktf-bundle==1.0", "was not found in the package registry"),
        ("humanize==99.0", "there is no version of humanize==99.0"),
        ("docopt==0.6.2", "docopt==0.6.2 has no usable wheels"),  # on PyPI as a source distribution only
    ],
    ids=["missing", "unsatisfiable", "sdist-only"],
)
def test_requirements_uv_cannot_resolve_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str, reason: str
) -> None:
    monkeypatch.chdir(tmp_path)
    source = write_source(tmp_path / "fn", f"{line}\n")
    with pytest.raises(DependencyError) as raised:
        lock(source, ARM64)
    message = str(raised.value)
    assert message.startswith("fn/requirements.txt: uv could not resolve it: Because ")
    assert reason in message
    assert message.endswith(f"; allowed: {ARM64.allowed}")
    assert "\n" not in message
    assert not lock_path(source, ARM64).exists()
