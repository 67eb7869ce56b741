"""The reproducible zip: sorted entries, fixed times and modes, atomic writes."""

from __future__ import annotations

import base64
import hashlib
import os
import zipfile
from pathlib import Path

import pytest

from modules.bundle import build_lambda_zip, source_code_hash
from modules.bundle.reproducible_zip import write_lambda_zip
from modules.files.archive import ArchiveEntry


def _source(root: Path) -> Path:
    (root / "pkg").mkdir(parents=True)
    (root / "handler.py").write_text("def handler(event, context):\n    return 1\n")
    (root / "pkg" / "util.py").write_text("X = 1\n")
    (root / "__pycache__").mkdir()
    (root / "__pycache__" / "handler.cpython-311.pyc").write_bytes(b"junk")
    return root


def test_zip_is_sorted_with_fixed_times_and_modes_and_no_caches(tmp_path: Path) -> None:
    archive = build_lambda_zip(_source(tmp_path / "src"), tmp_path / "out" / "function.zip")
    with zipfile.ZipFile(archive) as zipped:
        infos = zipped.infolist()
    assert [info.filename for info in infos] == ["handler.py", "pkg/util.py"]
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {info.external_attr >> 16 for info in infos} == {0o100644}


def test_same_sources_give_the_same_bytes_whatever_the_mtimes(tmp_path: Path) -> None:
    first = build_lambda_zip(_source(tmp_path / "a"), tmp_path / "a.zip")
    source = _source(tmp_path / "b")
    os.utime(source / "handler.py", (1_000_000_000, 1_000_000_000))
    os.chmod(source / "handler.py", 0o755)
    second = build_lambda_zip(source, tmp_path / "b.zip")
    assert first.read_bytes() == second.read_bytes()


def test_source_code_hash_is_base64_sha256(tmp_path: Path) -> None:
    archive = build_lambda_zip(_source(tmp_path / "src"), tmp_path / "function.zip")
    expected = base64.b64encode(hashlib.sha256(archive.read_bytes()).digest()).decode()
    assert source_code_hash(archive) == expected


def test_entries_are_sorted_by_name_with_the_executable_bit_kept(tmp_path: Path) -> None:
    entries = [
        ArchiveEntry("pkg/tool", lambda: b"#!/bin/sh\n", executable=True),
        ArchiveEntry("a.py", lambda: b"A = 1\n"),
        ArchiveEntry("pkg-data/x.txt", lambda: b"x"),
    ]
    with zipfile.ZipFile(write_lambda_zip(entries, tmp_path / "out.zip")) as zipped:
        modes = {info.filename: info.external_attr >> 16 for info in zipped.infolist()}
        systems = {info.create_system for info in zipped.infolist()}
    assert list(modes) == ["a.py", "pkg-data/x.txt", "pkg/tool"]
    assert modes == {"a.py": 0o100644, "pkg-data/x.txt": 0o100644, "pkg/tool": 0o100755}
    assert systems == {3}


def test_the_zip_replaces_the_destination_only_when_complete(tmp_path: Path) -> None:
    destination = tmp_path / "function.zip"
    destination.write_bytes(b"previous")

    def failing_read() -> bytes:
        raise OSError("disk gone")

    with pytest.raises(OSError, match="disk gone"):
        write_lambda_zip([ArchiveEntry("a.py", lambda: b"A"), ArchiveEntry("b.py", failing_read)], destination)
    assert destination.read_bytes() == b"previous"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["function.zip"]
    write_lambda_zip([ArchiveEntry("a.py", lambda: b"A")], destination)
    assert destination.stat().st_mode & 0o777 == 0o644
    assert sorted(path.name for path in tmp_path.iterdir()) == ["function.zip"]


def test_two_entries_with_one_name_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"duplicate zip entries: \['a.py'\]"):
        write_lambda_zip([ArchiveEntry("a.py", lambda: b"1"), ArchiveEntry("a.py", lambda: b"2")], tmp_path / "out.zip")
    assert not (tmp_path / "out.zip").exists()
