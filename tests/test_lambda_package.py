"""The reproducible Lambda zip."""

from __future__ import annotations

import base64
import hashlib
import os
import zipfile
from pathlib import Path

from modules.lambda_package import build_lambda_zip, source_code_hash


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
