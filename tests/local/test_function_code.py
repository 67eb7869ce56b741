"""A function's code for the emulator: its zip unpacked, its requirements installed for this machine, host first."""

from __future__ import annotations

from pathlib import Path

import pytest

from modules.bundle import build_lambda_zip, bundle_function
from modules.errors import DependencyError
from modules.local.function_code import CACHE_DIR, unpack
from tests.conftest import ROOT


def test_a_zip_with_requirements_gets_its_host_install_first_on_the_path(tmp_path: Path) -> None:
    zip_path = bundle_function(
        ROOT / "lambda_src" / "reports",
        tmp_path / "reports.zip",
        runtime="python3.13",
        architecture="arm64",
        cache_dir=CACHE_DIR,
    )
    code = unpack(zip_path, tmp_path, label="aws_lambda_function.reports")
    assert (code.directory / "handler.py").is_file()
    assert (code.directory / "requirements.txt").read_text(encoding="utf-8").endswith("humanize==4.12.3\n")
    assert (code.directory / "humanize" / "__init__.py").is_file()  # vendored for the Lambda platform
    assert code.dependencies is not None
    assert code.dependencies.parent == CACHE_DIR / "host"
    assert (code.dependencies / "humanize" / "__init__.py").is_file()  # installed for this machine
    assert code.path == [str(code.dependencies), str(code.directory)]  # the host install wins
    again = unpack(zip_path, tmp_path, label="aws_lambda_function.reports")
    assert again.directory != code.directory
    assert again.dependencies == code.dependencies  # cached by the requirements' hash


def test_a_zip_without_requirements_has_no_dependencies(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "handler.py").write_text("def handler(e, c): return 1\n", encoding="utf-8")
    code = unpack(build_lambda_zip(source, tmp_path / "plain.zip"), tmp_path, label="aws_lambda_function.plain")
    assert code.dependencies is None
    assert code.path == [str(code.directory)]


def test_bad_requirements_are_a_dependency_error_naming_the_function(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "handler.py").write_text("def handler(e, c): return 1\n", encoding="utf-8")
    (source / "requirements.txt").write_text("humanize>=4\n", encoding="utf-8")
    zip_path = build_lambda_zip(source, tmp_path / "bad.zip")
    with pytest.raises(DependencyError) as failure:
        unpack(zip_path, tmp_path, label="aws_lambda_function.bad")
    assert str(failure.value).startswith(
        "aws_lambda_function.bad: requirements.txt: requirement 'humanize>=4': not pinned to one version; allowed: "
    )
