"""A function's handler at synth: a module of its source that compiles for its runtime, else one line naming the
file and line; and a source directory that leads out of the project is refused (through `main.py`)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from modules.bundle.handler_check import check_compiles, compile_error, handler_module, runtime_interpreter
from modules.errors import SourceError
from tests.conftest import MINIMAL_CONFIG, project_scratch, run_main, source_dir_of

HOST = f"Python {sys.version_info[0]}.{sys.version_info[1]}"


def _config(tmp_path: Path, function: str) -> Path:
    config = tmp_path / "environments.toml"
    config.write_text(
        MINIMAL_CONFIG.replace("[defaults.functions.example]\n", function)
        + '\n[[defaults.routes]]\nroute_key = "GET /example"\n\n[environments.dev]\n',
        encoding="utf-8",
    )
    return config


def _error_line(tmp_path: Path, config: Path) -> str:
    result = run_main(tmp_path / "out", config)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
    return result.stderr.splitlines()[-1]


def test_the_module_is_found_as_python_imports_it(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("def main(event, context):\n    return 1\n")
    (tmp_path / "handler.py").write_text("")
    assert handler_module(tmp_path, "handler.handler") == tmp_path / "handler.py"
    assert handler_module(tmp_path, "app.main") == tmp_path / "app" / "__init__.py"
    assert handler_module(tmp_path, "missing.handler") is None


def test_a_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    module = tmp_path / "handler.py"
    module.write_text("def handler(event, context):\n    return {'a': 1\n")
    with pytest.raises(SourceError) as raised:
        check_compiles(module, "python3.13", about="functions.x.handler = 'handler.handler'")
    message = str(raised.value)
    assert message.startswith(f"{module}:2: ")
    assert message.endswith(
        "; allowed: a module that compiles for python3.13 (functions.x.handler = 'handler.handler')"
    )


def test_a_compile_time_error_beyond_the_grammar_is_found(tmp_path: Path) -> None:
    module = tmp_path / "handler.py"
    module.write_text("x = 1\nreturn x\n")
    error = compile_error(module, "python3.12")
    assert error is not None
    assert (error.line, error.message) == (2, "'return' outside function")


def test_the_runtimes_grammar_decides_where_this_python_is_newer(tmp_path: Path) -> None:
    module = tmp_path / "handler.py"
    module.write_text("type Point = tuple[float, float]\n")  # PEP 695: Python 3.12 and later
    if runtime_interpreter("python3.12") is None and sys.version_info < (3, 12):
        error = compile_error(module, "python3.12")
        assert error is not None
        assert error.compiler == f"{HOST}; python3.12 was not found"
    else:
        assert compile_error(module, "python3.12") is None


def test_the_synth_refuses_a_missing_handler_module(tmp_path: Path) -> None:
    config = _config(tmp_path, '[defaults.functions.example]\nhandler = "app.handler"\n')
    assert _error_line(tmp_path, config) == (
        "error: environments.toml: environment 'dev': field 'functions.example.handler': got 'app.handler'; allowed: "
        "module.function whose module is a file of lambda_src/example (app.py or app/__init__.py)"
    )


def test_the_synth_refuses_a_handler_that_does_not_compile(tmp_path: Path) -> None:
    with project_scratch("broken-") as scratch:
        (scratch / "handler.py").write_text("def handler(event, context):\n    return {\n")
        config = _config(tmp_path, f'[defaults.functions.example]\nsource_dir = "{source_dir_of(scratch)}"\n')
        line = _error_line(tmp_path, config)
    assert line.startswith(f"error: {source_dir_of(scratch)}/handler.py:2: ")
    assert line.endswith(
        "; allowed: a module that compiles for python3.13 (functions.example.handler = 'handler.handler')"
    )


def test_the_synth_refuses_a_source_directory_leading_out_of_the_project(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "handler.py").write_text("def handler(event, context):\n    return {}\n")
    with project_scratch("escape-") as scratch:
        (scratch / "fn").symlink_to(outside)
        config = _config(tmp_path, f'[defaults.functions.example]\nsource_dir = "{source_dir_of(scratch / "fn")}"\n')
        line = _error_line(tmp_path, config)
    assert line.startswith(
        f"error: environments.toml: environment 'dev': field 'functions.example.source_dir': got "
        f"'{source_dir_of(scratch / 'fn')}'; allowed: a directory inside the project ("
    )
    assert line.endswith(f"this one leads to {outside}")
