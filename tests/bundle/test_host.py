"""host_dependencies: a function's requirements for this machine's Python, isolated from the virtualenv and from
other functions, installed once."""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from modules.bundle import host_dependencies
from modules.errors import DependencyError
from tests.bundle.conftest import HUMANIZE, cut_off_pip, leftovers, write_source

#: An older idna than the virtualenv's own (requests needs one): the install must not reuse the virtualenv's.
IDNA = "idna==3.7"
IMPORT = "import sys; sys.path.insert(0, sys.argv[1]); import {0}; print({0}.__version__, {0}.__file__)"


@pytest.fixture(scope="module")
def installs(tmp_path_factory: pytest.TempPathFactory, bundle_cache: Path) -> dict[str, Path]:
    """The host directories of two functions: `idna` (pins an older idna) and `reports` (humanize)."""
    root = tmp_path_factory.mktemp("host")
    directories = {}
    for name, lines in {"idna": f"{IDNA}\n", "reports": f"{HUMANIZE}\n"}.items():
        directory = host_dependencies(write_source(root / name, lines), bundle_cache)
        assert directory is not None
        directories[name] = directory
    return directories


def _imported(directory: Path, module: str) -> list[str]:
    """(version, file) of `module` imported in a fresh interpreter with `directory` first on sys.path."""
    command = [sys.executable, "-c", IMPORT.format(module), str(directory)]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()


def test_the_function_gets_its_pinned_version_not_the_virtualenvs(installs: dict[str, Path]) -> None:
    assert importlib.metadata.version("idna") != "3.7"
    assert _imported(installs["idna"], "idna") == ["3.7", str(installs["idna"] / "idna" / "__init__.py")]


def test_each_function_has_its_own_directory_and_the_virtualenv_stays_untouched(installs: dict[str, Path]) -> None:
    idna, reports = installs["idna"], installs["reports"]
    assert idna != reports
    assert (reports / "humanize").is_dir()
    assert not (reports / "idna").exists()
    assert not (idna / "humanize").exists()
    assert importlib.util.find_spec("humanize") is None
    assert _imported(reports, "humanize") == ["4.12.3", str(reports / "humanize" / "__init__.py")]


def test_the_directory_is_keyed_by_python_machine_and_requirements_hash(
    installs: dict[str, Path], bundle_cache: Path
) -> None:
    digest = hashlib.sha256(f"{HUMANIZE}\n".encode()).hexdigest()
    key = f"{sys.implementation.cache_tag}-{platform.machine()}-{digest}"
    assert installs["reports"] == bundle_cache / "host" / key


def test_a_second_call_needs_no_network(
    installs: dict[str, Path], tmp_path: Path, bundle_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cut_off_pip(monkeypatch)
    assert host_dependencies(write_source(tmp_path / "again", f"{HUMANIZE}\n"), bundle_cache) == installs["reports"]


def test_no_requirements_means_no_directory(tmp_path: Path) -> None:
    assert host_dependencies(write_source(tmp_path / "plain", None), tmp_path / "cache") is None
    assert host_dependencies(write_source(tmp_path / "empty", "# none\n"), tmp_path / "cache") is None
    assert not (tmp_path / "cache").exists()


def test_a_requirement_without_a_wheel_is_one_line_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DependencyError) as raised:
        host_dependencies(write_source(tmp_path / "fn", "docopt==0.6.2\n"), tmp_path / "cache")
    abi = f"cp{sys.version_info.major}{sys.version_info.minor}"
    wheels = f"wheel for this machine's Python ({abi}, {platform.machine()})"
    assert str(raised.value) == (
        f"fn/requirements.txt: requirement 'docopt==0.6.2': no {wheels} on the index (unknown project, or source "
        f"distributions only); allowed: a pinned requirement (name==version) with a {wheels}"
    )
    assert list((tmp_path / "cache" / "host").iterdir()) == []
    assert leftovers(tmp_path / "cache") == []
