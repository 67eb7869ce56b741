"""pip's failures, from real runs against PyPI, as one line naming the file, the requirement and what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from modules.bundle.pip_command import run_pip
from modules.bundle.requirements import Requirements, read_requirements
from modules.bundle.target import Target
from modules.errors import DependencyError
from tests.bundle.conftest import HUMANIZE, write_source

TARGET = Target("python3.13", "x86_64")


def _download(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lines: str) -> DependencyError:
    """The error of `pip download` for `lines` as a requirements file in ./src (the working directory)."""
    monkeypatch.chdir(tmp_path)
    requirements = read_requirements(write_source(tmp_path / "src", lines), TARGET.allowed)
    assert isinstance(requirements, Requirements)
    arguments = ["download", "--dest", str(tmp_path / "wheels"), *TARGET.pip_options(), *map(str, requirements.pinned)]
    with pytest.raises(DependencyError) as raised:
        run_pip(arguments, requirements.display, wheels=TARGET.wheels, allowed=TARGET.allowed)
    return raised.value


def test_a_dependency_without_a_wheel_is_named_with_the_project_needing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # num2words has a wheel, but needs docopt, which PyPI has as a source distribution only.
    error = _download(tmp_path, monkeypatch, "num2words==0.5.13\n")
    assert str(error) == (
        "src/requirements.txt: requirement 'docopt>=0.6.2 (needed by num2words)': no manylinux_2_28_x86_64 (or "
        "older) or pure-Python wheel for cp313 on the index (unknown project, or source distributions only); "
        f"allowed: {TARGET.allowed}"
    )


def test_conflicting_pins_give_pips_own_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    error = _download(tmp_path, monkeypatch, "requests==2.32.3\nurllib3==1.20\n")
    assert str(error) == (
        "src/requirements.txt: pip failed: Cannot install requests==2.32.3 and urllib3==1.20 because these "
        f"package versions have conflicting dependencies; allowed: {TARGET.allowed}"
    )


@pytest.mark.usefixtures("offline")
def test_an_unreachable_index_is_said_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    error = _download(tmp_path, monkeypatch, f"{HUMANIZE}\n")
    assert str(error) == (
        f"src/requirements.txt: requirement '{HUMANIZE}': the package index could not be reached; "
        f"allowed: {TARGET.allowed}"
    )
