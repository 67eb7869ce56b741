"""A function's source for the live loop: changed by content only, built as the synth builds it, found in the config."""

from __future__ import annotations

import os
import textwrap
import zipfile
from pathlib import Path

import pytest

from modules.bundle import source_code_hash
from modules.errors import ConfigError, EmulatorError
from modules.local.function_source import FunctionSource, source_directories
from tests.conftest import CONFIG, MINIMAL_CONFIG, ROOT, load_stack


def test_the_digest_follows_content_not_mtimes(tmp_path: Path) -> None:
    source = FunctionSource(tmp_path / "src", "python3.13", "arm64")
    assert source.digest() == ""  # no directory yet
    source.directory.mkdir()
    (source.directory / "handler.py").write_text("A = 1\n", encoding="utf-8")
    first = source.digest()
    os.utime(source.directory / "handler.py", (0, 0))
    (source.directory / "__pycache__").mkdir()
    (source.directory / "__pycache__" / "handler.cpython-311.pyc").write_bytes(b"bytecode")
    assert source.digest() == first
    (source.directory / "handler.py").write_text("A = 2\n", encoding="utf-8")
    assert source.digest() != first
    (source.directory / "handler.py").write_text("A = 1\n", encoding="utf-8")
    assert source.digest() == first
    (source.directory / "handler.py").rename(source.directory / "other.py")  # names count too
    assert source.digest() != first


def test_a_build_is_the_synth_s_zip_unpacked_with_its_host_dependencies(synth_dir: Path, tmp_path: Path) -> None:
    declared = load_stack(synth_dir, "dev")["resource"]["aws_lambda_function"]["reports"]
    code = FunctionSource(ROOT / "lambda_src" / "reports", "python3.13", "arm64").build(tmp_path, label="reports")
    with zipfile.ZipFile(synth_dir / "stacks" / "dev" / declared["filename"]) as synthesized:
        names = sorted(name for name in synthesized.namelist() if not name.endswith("/"))
    assert sorted(p.relative_to(code.directory).as_posix() for p in code.directory.rglob("*") if p.is_file()) == names
    assert code.dependencies is not None
    assert (code.dependencies / "humanize").is_dir()
    assert source_code_hash(synth_dir / "stacks" / "dev" / declared["filename"]) == declared["source_code_hash"]
    assert not list(tmp_path.glob("bundle-*"))  # the zip itself is not kept


def test_a_missing_source_directory_is_an_emulator_error(tmp_path: Path) -> None:
    with pytest.raises(EmulatorError, match=r"aws_lambda_function\.gone: source directory .* is missing"):
        FunctionSource(tmp_path / "gone", "python3.13", "arm64").build(tmp_path, label="aws_lambda_function.gone")


def test_source_directories_come_from_the_config_by_resource_name(tmp_path: Path) -> None:
    assert source_directories(CONFIG, "dev") == {
        "aws_lambda_function.example": ROOT / "lambda_src" / "example",
        "aws_lambda_function.reports": ROOT / "lambda_src" / "reports",
        "aws_lambda_function.group_scopes": ROOT / "lambda_src" / "group-scopes",
    }
    config = tmp_path / "environments.toml"
    config.write_text(
        MINIMAL_CONFIG
        + textwrap.dedent(
            """
            [defaults.functions.data-export]
            source_dir = "elsewhere/export"

            [[defaults.routes]]
            route_key = "GET /export"
            function = "data-export"

            [environments.lab]
            """
        ),
        encoding="utf-8",
    )
    assert source_directories(config, "lab", tmp_path) == {
        "aws_lambda_function.example": tmp_path / "lambda_src" / "example",
        "aws_lambda_function.data_export": tmp_path / "elsewhere" / "export",
    }
    with pytest.raises(EmulatorError, match=r"unknown environment 'prod': environments\.toml defines lab"):
        source_directories(config, "prod")
    config.write_text("[project\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        source_directories(config, "lab")
