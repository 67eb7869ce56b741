"""Set-up on a Python that cannot run, is not supported or cannot make virtualenvs: one line naming the fix, exit
code 2, nothing written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def _make_setup(workdir: Path, python: str) -> subprocess.CompletedProcess[str]:
    """The Makefile's first set-up step, run in an empty directory as if it were a fresh clone."""
    return subprocess.run(
        ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-C", str(workdir), ".venv-tools/.installed",
         f"PYTHON={python}"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_a_python_without_ensurepip_gets_the_python3_venv_hint(tmp_path: Path) -> None:
    # Debian and Ubuntu ship ensurepip in python3-venv: without it, `import ensurepip` fails, as it does here.
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "ensurepip.py").write_text("raise ModuleNotFoundError(\"No module named 'ensurepip'\")\n")
    python = tmp_path / "python3"
    python.write_text(f'#!/bin/sh\nPYTHONPATH={shadow} exec {sys.base_prefix}/bin/python3 "$@"\n')
    python.chmod(0o755)
    workdir = tmp_path / "clone"
    workdir.mkdir()

    result = _make_setup(workdir, str(python))

    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert f"{python} cannot create virtualenvs (no ensurepip): apt-get install python3-venv" in lines[0]
    assert os.listdir(workdir) == []


def test_a_python_that_does_not_run_is_named(tmp_path: Path) -> None:
    result = _make_setup(tmp_path, "python3.99")

    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert "cannot run python3.99: install it, or choose another Python: PYTHON=<interpreter>" in lines[0]
    assert os.listdir(tmp_path) == []


def _pyenv_python(version: str) -> Path | None:
    """pyenv's interpreter of `version` (e.g. 3.10.13), when pyenv has it."""
    try:
        result = subprocess.run(["pyenv", "prefix", version], capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return None
    return Path(result.stdout.strip()) / "bin" / "python3" if result.returncode == 0 else None


@pytest.mark.skipif(_pyenv_python("3.10.13") is None, reason="needs pyenv's Python 3.10.13 (Ubuntu 22.04's version)")
def test_an_unsupported_python_stops_make_synth_before_anything_is_installed(tmp_path: Path) -> None:
    # A fresh clone: the lock files make finds first, nothing built yet.
    for name in ("Pipfile.lock", "package-lock.json"):
        shutil.copyfile(ROOT / name, tmp_path / name)
    result = subprocess.run(
        ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-C", str(tmp_path), "synth",
         "PYTHON=python3.10"],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "PYENV_VERSION": "3.10.13"},
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].endswith(
        "*** python3.10 is Python 3.10.13, which this project does not support (supported: 3.11 3.12 3.13): "
        "choose another Python: PYTHON=<interpreter>.  Stop."
    )
    assert sorted(os.listdir(tmp_path)) == ["Pipfile.lock", "package-lock.json"]


def test_make_help_lists_every_target_with_its_description() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = makefile.split(".PHONY: help", 1)[1].split("\n\n", 1)[0].replace("\\", " ").split()
    result = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    described = dict(line.split(None, 1) for line in result.stdout.splitlines())
    assert {"help", *phony} <= described.keys()
    assert described["synth"].startswith("synthesize every environment")
    assert all(text and not text.endswith(".") for text in described.values())
