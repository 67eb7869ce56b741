"""A function's handler, checked at synth: its module is a file of the source and compiles for the runtime.

Lambda imports the module of `handler` (`module.function`) at the first request: a module that is missing or does
not compile fails every invocation after a deploy that succeeded. The synth finds the module as Python's import
would (`<module>.py`, else `<module>/__init__.py`) and compiles it as `py_compile` does (`compile()` of the file's
bytes; no bytecode is written into the source). For a runtime of Python 3.X it compiles with `python3.X` when
that interpreter runs on this machine; otherwise with this interpreter, restricted to 3.X's grammar where this
one is newer (`ast.parse(feature_version=...)`), and naming itself in the error where it is older (newer syntax
then reads as an error: install `python3.X` to check with the runtime's own).
"""

from __future__ import annotations

import ast
import functools
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from modules.errors import SourceError
from modules.paths import display

#: Run by the runtime's interpreter: compile the file named by argv[1]; print [line, message] of a SyntaxError.
_COMPILE = (
    "import json, sys\n"
    "try:\n"
    "    compile(open(sys.argv[1], 'rb').read(), sys.argv[1], 'exec', dont_inherit=True)\n"
    "except SyntaxError as error:\n"
    "    print(json.dumps([error.lineno, error.msg]))\n"
)


@dataclass(frozen=True)
class CompileError:
    """Where and why a module does not compile, and which Python said so."""

    line: int | None
    message: str
    compiler: str


def handler_module(source_dir: Path, handler: str) -> Path | None:
    """The file Lambda imports for `handler` (`module.function`) from `source_dir`, or None when there is none."""
    module = handler.split(".", 1)[0]
    for candidate in (source_dir / f"{module}.py", source_dir / module / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def check_compiles(module: Path, runtime: str, *, about: str) -> None:
    """Raise `SourceError` naming `module`'s file and line when it does not compile for `runtime` (`python3.13`).

    `about` says which config value points at the module, for the message.
    """
    error = compile_error(module, runtime)
    if error is not None:
        where = display(module) + (f":{error.line}" if error.line else "")
        raise SourceError(
            where, f"{error.message} (compiled by {error.compiler})", f"a module that compiles for {runtime} ({about})"
        )


def compile_error(module: Path, runtime: str) -> CompileError | None:
    """Why `module` does not compile for `runtime`, or None when it does."""
    version = tuple(int(part) for part in runtime.removeprefix("python").split("."))
    interpreter = runtime_interpreter(runtime)
    if interpreter is not None:
        return _compile_with(interpreter, module, runtime)
    host = sys.version_info[:2]
    compiler = f"Python {host[0]}.{host[1]}" + ("" if host >= version else f"; {runtime} was not found")
    source = module.read_bytes()
    try:
        if host >= version:
            tree = ast.parse(source, str(module), feature_version=(version[0], version[1]))
            compile(tree, str(module), "exec", dont_inherit=True)
        else:
            compile(source, str(module), "exec", dont_inherit=True)
    except SyntaxError as error:
        return CompileError(error.lineno, str(error.msg), compiler)
    except ValueError as error:  # a NUL byte, before Python 3.12
        return CompileError(None, str(error), compiler)
    return None


@functools.cache
def runtime_interpreter(runtime: str) -> str | None:
    """The path of `python3.X` for a `python3.X` runtime when it runs here and is that version, else None."""
    path = shutil.which(runtime)
    if path is None:
        return None
    wanted = runtime.removeprefix("python")
    try:
        result = subprocess.run(
            [path, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True, text=True, timeout=30, check=False,
        )  # fmt: skip
    except OSError:
        return None
    return path if result.returncode == 0 and result.stdout.strip() == wanted else None


def _compile_with(interpreter: str, module: Path, runtime: str) -> CompileError | None:
    result = subprocess.run(
        [interpreter, "-I", "-c", _COMPILE, str(module)], capture_output=True, text=True, timeout=60, check=False
    )
    if result.returncode != 0:  # not a SyntaxError: e.g. a NUL byte (ValueError before Python 3.12)
        lines = result.stderr.strip().splitlines() or [f"exit code {result.returncode}"]
        return CompileError(None, lines[-1], f"{runtime} ({interpreter})")
    if not result.stdout.strip():
        return None
    line, message = json.loads(result.stdout)
    return CompileError(line, message, f"{runtime} ({interpreter})")
