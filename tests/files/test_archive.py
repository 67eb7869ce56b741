"""Byte-reproducible archives: same bytes whatever mtimes, modes or order files were written in."""

from __future__ import annotations

import gzip
import hashlib
import os
import tarfile
import zipfile
from pathlib import Path

from modules.files.archive import FIXED_MTIME, directory_entries, sha256, write_sha256sums, write_tar_gz, write_zip


def _tree(root: Path, *, reverse: bool = False, mtime: int = 1_700_000_000, mode: int = 0o644) -> Path:
    files = {"main.tf": "a", "examples/complete/main.tf": "b", "function.zip": "c", "README.md": "d"}
    for name in sorted(files, reverse=reverse):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[name], encoding="utf-8")
        os.chmod(path, mode)
        os.utime(path, (mtime, mtime))
    return root


def test_tar_gz_entries_are_sorted_normalized_and_below_one_folder(tmp_path: Path) -> None:
    archive = write_tar_gz(directory_entries(_tree(tmp_path / "src"), "m-1.0.0"), tmp_path / "m.tar.gz")
    with tarfile.open(archive) as opened:
        members = opened.getmembers()
    assert [m.name for m in members] == [
        "m-1.0.0", "m-1.0.0/README.md", "m-1.0.0/examples", "m-1.0.0/examples/complete",
        "m-1.0.0/examples/complete/main.tf", "m-1.0.0/function.zip", "m-1.0.0/main.tf",
    ]  # fmt: skip
    assert {(m.mtime, m.uid, m.gid, m.uname, m.gname) for m in members} == {(FIXED_MTIME, 0, 0, "", "")}
    assert {m.mode for m in members if m.isfile()} == {0o644}
    assert {m.mode for m in members if m.isdir()} == {0o755}
    header = archive.read_bytes()[:10]
    assert header[4:8] == b"\0\0\0\0"  # gzip MTIME field
    assert not header[3] & 0x08  # no FNAME field


def test_zip_entries_are_sorted_with_fixed_times_and_modes(tmp_path: Path) -> None:
    archive = write_zip(directory_entries(_tree(tmp_path / "src"), "m-1.0.0"), tmp_path / "m.zip")
    with zipfile.ZipFile(archive) as opened:
        infos = opened.infolist()
        assert opened.read("m-1.0.0/examples/complete/main.tf") == b"b"
    assert [i.filename for i in infos][:3] == ["m-1.0.0/", "m-1.0.0/README.md", "m-1.0.0/examples/"]
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644, 0o040755}


def test_same_files_give_the_same_bytes_whatever_the_filesystem_says(tmp_path: Path) -> None:
    first = _tree(tmp_path / "a")
    second = _tree(tmp_path / "b", reverse=True, mtime=1_000_000, mode=0o600)
    for writer, suffix in ((write_tar_gz, ".tar.gz"), (write_zip, ".zip")):
        one = writer(directory_entries(first, "m-1.0.0"), tmp_path / f"one{suffix}")
        two = writer(directory_entries(second, "m-1.0.0"), tmp_path / f"two{suffix}")
        assert one.read_bytes() == two.read_bytes()
    assert gzip.decompress((tmp_path / "one.tar.gz").read_bytes())


def test_sha256sums_is_sha256sum_compatible(tmp_path: Path) -> None:
    (tmp_path / "b.zip").write_bytes(b"zip")
    (tmp_path / "a.tar.gz").write_bytes(b"tar")
    sums = write_sha256sums([tmp_path / "b.zip", tmp_path / "a.tar.gz"], tmp_path / "SHA256SUMS")
    expected = [
        f"{hashlib.sha256(data).hexdigest()}  {name}" for name, data in (("a.tar.gz", b"tar"), ("b.zip", b"zip"))
    ]
    assert sums.read_text(encoding="utf-8").splitlines() == expected
    assert sha256(tmp_path / "a.tar.gz") == hashlib.sha256(b"tar").hexdigest()
