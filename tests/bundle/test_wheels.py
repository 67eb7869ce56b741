"""What a wheel contributes to the zip: a real wheel from PyPI, and the mapping rules on a wheel made here."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from modules.bundle.downloads import downloaded_wheels
from modules.bundle.locks import read_lock
from modules.bundle.requirements import read_requirements
from modules.bundle.target import Target
from modules.bundle.wheels import UnsafeWheelError, wheel_entries
from tests.bundle.conftest import HUMANIZE, write_source


def _wheel(path: Path, members: dict[str, tuple[bytes, int]]) -> zipfile.ZipFile:
    """A wheel at `path` holding `members` (name → (bytes, unix mode)), opened for reading."""
    with zipfile.ZipFile(path, "w") as wheel:
        for name, (data, mode) in members.items():
            info = zipfile.ZipInfo(name)
            info.external_attr = mode << 16
            wheel.writestr(info, data)
    return zipfile.ZipFile(path)


def test_a_real_wheel_gives_every_file_but_its_record(tmp_path: Path, bundle_cache: Path) -> None:
    target = Target("python3.13", "arm64")
    source = write_source(tmp_path / "src", f"{HUMANIZE}\n", locked=(target,))
    requirements = read_requirements(source, target.allowed)
    assert requirements is not None
    [wheel_path] = downloaded_wheels(read_lock(requirements, source, target), target, bundle_cache)
    with zipfile.ZipFile(wheel_path) as wheel:
        entries = {entry.name: entry.read() for entry in wheel_entries(wheel)}
        expected = {info.filename: wheel.read(info) for info in wheel.infolist() if not info.is_dir()}
    del expected["humanize-4.12.3.dist-info/RECORD"]
    assert entries == expected
    assert "humanize/locale/fr_FR/LC_MESSAGES/humanize.mo" in entries


def test_library_data_is_unpacked_and_the_rest_stays_out(tmp_path: Path) -> None:
    with _wheel(
        tmp_path / "demo-1.0-cp313-cp313-manylinux2014_aarch64.whl",
        {
            "demo/__init__.py": (b"", 0o644),
            "demo/bin/tool": (b"#!/bin/sh\n", 0o755),
            "demo/__pycache__/__init__.cpython-313.pyc": (b"junk", 0o644),
            "demo/old.pyc": (b"junk", 0o644),
            "demo-1.0.data/purelib/demo_extra/x.py": (b"X = 1\n", 0o644),
            "demo-1.0.data/platlib/demo_native.so": (b"\x7fELF", 0o755),
            "demo-1.0.data/scripts/demo": (b"#!python\n", 0o755),
            "demo-1.0.data/headers/demo.h": (b"", 0o644),
            "demo-1.0.data/data/share/demo.txt": (b"", 0o644),
            "demo-1.0.dist-info/METADATA": (b"Name: demo\n", 0o644),
            "demo-1.0.dist-info/RECORD": (b"", 0o644),
            "demo-1.0.dist-info/INSTALLER": (b"pip\n", 0o644),
        },
    ) as wheel:
        entries = {entry.name: entry.executable for entry in wheel_entries(wheel)}
    assert entries == {
        "demo/__init__.py": False,
        "demo/bin/tool": True,
        "demo_extra/x.py": False,
        "demo_native.so": True,
        "demo-1.0.dist-info/METADATA": False,
    }


@pytest.mark.parametrize("name", ["../evil.py", "/etc/evil.py", "demo/../../evil.py"])
def test_a_path_outside_the_root_is_refused(tmp_path: Path, name: str) -> None:
    members = {"demo/__init__.py": (b"", 0o644), name: (b"", 0o644)}
    with (
        _wheel(tmp_path / "demo-1.0-py3-none-any.whl", members) as wheel,
        pytest.raises(UnsafeWheelError, match=f"unsafe path '{name}'"),
    ):
        wheel_entries(wheel)
