"""Functions run in worker processes from their zip: isolation, warm containers, context, environment, errors."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import pytest

from modules.bundle import build_lambda_zip
from modules.local.description import Function
from modules.local.lambda_runtime import InvocationError, LocalFunction


class MakeFunction(Protocol):
    def __call__(
        self, name: str, files: dict[str, str], *, handler: str = ..., timeout: int = ...
    ) -> LocalFunction: ...


@pytest.fixture
def function(tmp_path: Path) -> Iterator[MakeFunction]:
    """`function(name, files)`: a LocalFunction from a zip of `files`, closed at the test's end."""
    made: list[LocalFunction] = []

    def make(name: str, files: dict[str, str], *, handler: str = "handler.handler", timeout: int = 3) -> LocalFunction:
        source = tmp_path / f"{name}-src"
        source.mkdir()
        for file, text in files.items():
            (source / file).write_text(textwrap.dedent(text), encoding="utf-8")
        zip_path = build_lambda_zip(source, tmp_path / name / "function.zip")
        spec = Function(
            f"aws_lambda_function.{name}", name, handler, "python3.13", "arm64", timeout, 256, zip_path,
            "/aws/lambda/x", (("STAGE", "lab"),),
        )  # fmt: skip
        made.append(LocalFunction(spec, region="eu-west-1", account_id="123456789012", log_group=f"/aws/lambda/{name}"))
        return made[-1]

    yield make
    for local in made:
        local.close()


def test_two_functions_with_the_same_module_names_stay_apart(function: MakeFunction) -> None:
    first = function(
        "first", {"handler.py": "from util import WHO\ndef handler(e, c): return WHO", "util.py": "WHO = 1"}
    )
    second = function(
        "second", {"handler.py": "from util import WHO\ndef handler(e, c): return WHO", "util.py": "WHO=2"}
    )
    before = set(sys.modules)
    assert [first.invoke({}), second.invoke({}), first.invoke({})] == [1, 2, 1]
    assert set(sys.modules) == before  # nothing was imported into the emulator


def test_a_worker_sees_its_code_and_the_standard_library_only(function: MakeFunction) -> None:
    probe = function(
        "probe",
        {
            "handler.py": """
            import importlib.util
            import sys

            def handler(event, context):
                return {
                    "path": sys.path,
                    "flags": [sys.flags.isolated, sys.flags.no_site, sys.flags.dont_write_bytecode],
                    "found": {name: importlib.util.find_spec(name) is not None for name in event},
                }
            """
        },
    )
    seen = probe.invoke(["json", "requests", "moto", "modules", "pytest"])
    assert seen["flags"] == [1, 1, 1]
    assert seen["found"] == {"json": True, "requests": False, "moto": False, "modules": False, "pytest": False}
    assert seen["path"][0] == str(probe.code.directory)
    assert not any("site-packages" in entry for entry in seen["path"])
    assert (probe.code.directory / "handler.py").is_file()
    assert probe.code.dependencies is None


def test_the_module_is_imported_once_like_a_warm_container(function: MakeFunction) -> None:
    counter = function(
        "counter", {"handler.py": "CALLS = []\ndef handler(e, c):\n    CALLS.append(1)\n    return len(CALLS)"}
    )
    assert [counter.invoke({}) for _ in range(3)] == [1, 2, 3]


def test_the_context_and_the_environment_are_lambda_s(function: MakeFunction) -> None:
    probe = function(
        "probe",
        {
            "handler.py": """
            import os

            def handler(event, context):
                return {
                    "name": context.function_name,
                    "arn": context.invoked_function_arn,
                    "memory": context.memory_limit_in_mb,
                    "version": context.function_version,
                    "log_group": context.log_group_name,
                    "remaining": 0 < context.get_remaining_time_in_millis() <= 3000,
                    "request_id": len(context.aws_request_id),
                    "event": event,
                    "variables": {k: v for k, v in os.environ.items() if k not in ("PATH", "LAMBDA_TASK_ROOT")},
                    "cwd": os.getcwd() == os.environ["LAMBDA_TASK_ROOT"],
                }
            """
        },
    )
    assert probe.invoke({"k": 1}) == {
        "name": "probe",
        "arn": "arn:aws:lambda:eu-west-1:123456789012:function:probe",
        "memory": 256,
        "version": "$LATEST",
        "log_group": "/aws/lambda/probe",
        "remaining": True,
        "request_id": 36,
        "event": {"k": 1},
        "variables": {
            "LANG": "C.UTF-8",
            "TZ": ":UTC",
            "AWS_REGION": "eu-west-1",
            "AWS_DEFAULT_REGION": "eu-west-1",
            "AWS_EXECUTION_ENV": "AWS_Lambda_python3.13",
            "AWS_LAMBDA_FUNCTION_NAME": "probe",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/probe",
            "AWS_LAMBDA_LOG_STREAM_NAME": "local",
            "_HANDLER": "handler.handler",
            "STAGE": "lab",
        },
        "cwd": True,
    }


def test_handler_errors_are_invocation_errors_with_the_traceback_on_stderr(
    function: MakeFunction, capsys: pytest.CaptureFixture[str]
) -> None:
    raising = function("raising", {"handler.py": "def handler(e, c):\n    raise ValueError('boom')"})
    with pytest.raises(InvocationError, match="raising: ValueError: boom"):
        raising.invoke({})
    err = capsys.readouterr().err
    assert "[raising] Runtime.HandlerError: Traceback (most recent call last)" in err
    assert "ValueError: boom" in err
    exiting = function(
        "exiting",
        {
            "handler.py": """
            import sys

            CALLS = []

            def handler(e, c):
                CALLS.append(1)
                if e:
                    sys.exit(3)
                return len(CALLS)
            """
        },
    )
    with pytest.raises(InvocationError, match="SystemExit: 3"):
        exiting.invoke(True)
    assert exiting.invoke(False) == 2  # the same (warm) worker answers after a SystemExit
    unserializable = function("sets", {"handler.py": "def handler(e, c):\n    return {1, 2}"})
    with pytest.raises(InvocationError, match=r"Runtime\.MarshalError: the result is not JSON-serializable"):
        unserializable.invoke({})
    dying = function("dying", {"handler.py": "import os\ndef handler(e, c):\n    os._exit(7)"})
    with pytest.raises(InvocationError, match=r"Runtime\.ExitError: the function's process exited with code 7"):
        dying.invoke({})


@pytest.mark.parametrize(
    ("files", "handler", "message"),
    [
        (
            {"handler.py": "import no_such_module_here\ndef handler(e, c): return 1"},
            "handler.handler",
            "Runtime.ImportModuleError: Unable to import module 'handler': ModuleNotFoundError: No module named "
            "'no_such_module_here'",
        ),
        ({"handler.py": "def handler(e, c) return 1"}, "handler.handler", "Runtime.UserCodeSyntaxError: SyntaxError"),
        ({"handler.py": "def other(e, c): return 1"}, "handler.handler", "Runtime.HandlerNotFound: handler has no"),
        ({"handler.py": "def handler(e, c): return 1"}, "handler", "Runtime.MalformedHandlerName"),
    ],
)
def test_a_handler_that_does_not_import_is_one_line_and_imports_again_next_time(
    function: MakeFunction, capsys: pytest.CaptureFixture[str], files: dict[str, str], handler: str, message: str
) -> None:
    broken = function("broken", files, handler=handler)
    for _ in range(2):  # the worker exits after an import failure; the next event starts a fresh one
        with pytest.raises(InvocationError) as failure:
            broken.invoke({})
        assert str(failure.value).startswith(f"broken: {message}")
        assert "\n" not in str(failure.value)
    assert "Traceback" not in capsys.readouterr().err


def test_a_timeout_kills_the_worker_and_the_next_event_starts_a_fresh_one(
    function: MakeFunction, capsys: pytest.CaptureFixture[str]
) -> None:
    slow = function(
        "slow",
        {
            "handler.py": """
            import time

            CALLS = []

            def handler(e, c):
                CALLS.append(1)
                time.sleep(e)
                return len(CALLS)
            """
        },
        timeout=1,
    )
    assert slow.invoke(0) == 1
    with pytest.raises(InvocationError, match="timed out after 1 s"):
        slow.invoke(30)
    assert "[slow] Task timed out after 1.00 seconds" in capsys.readouterr().err
    assert slow.invoke(0) == 1  # a cold start: the module's state is new


def test_a_closed_function_answers_no_more(function: MakeFunction) -> None:
    closing = function("closing", {"handler.py": "def handler(e, c): return 1"})
    assert closing.invoke({}) == 1
    code = closing.code.directory
    closing.close()
    assert not code.exists()
    with pytest.raises(InvocationError, match="closing: stopped"):
        closing.invoke({})
    closing.close()  # twice is fine


@pytest.fixture
def from_source(tmp_path: Path) -> Iterator[tuple[LocalFunction, Path]]:
    """A function built from a source directory it reloads from, and that directory."""
    source = tmp_path / "live-src"
    source.mkdir()
    (source / "handler.py").write_text("def handler(e, c):\n    return 'first'\n", encoding="utf-8")
    spec = Function(
        "aws_lambda_function.live", "live", "handler.handler", "python3.13", "arm64", 3, 128,
        tmp_path / "never-read.zip", "/aws/lambda/live",
    )  # fmt: skip
    local = LocalFunction(
        spec, region="eu-west-1", account_id="123456789012", log_group="/aws/lambda/live", source_dir=source
    )
    yield local, source
    local.close()


def test_an_edited_source_answers_at_the_next_event_with_one_log_line(
    from_source: tuple[LocalFunction, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    live, source = from_source
    assert live.invoke({}) == "first"
    (source / "handler.py").write_text("def handler(e, c):\n    return 'second'\n", encoding="utf-8")
    assert live.invoke({}) == "second"
    assert capsys.readouterr().err.count("local: reloaded live from ") == 1
    (source / "handler.py").touch()  # same content: nothing to reload
    (source / "__pycache__").mkdir()  # never part of the code
    (source / "__pycache__" / "handler.cpython-311.pyc").write_bytes(b"x")
    assert live.invoke({}) == "second"
    assert "reloaded" not in capsys.readouterr().err


def test_a_source_that_cannot_be_built_is_500_until_it_changes_again(
    from_source: tuple[LocalFunction, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    live, source = from_source
    assert live.invoke({}) == "first"
    (source / "requirements.txt").write_text("humanize>=4\n", encoding="utf-8")
    for _ in range(2):  # the same broken content is not built twice
        with pytest.raises(InvocationError, match=r"live: cannot reload .*live-src: .*'humanize>=4': not pinned"):
            live.invoke({})
    (source / "requirements.txt").unlink()
    (source / "handler.py").write_text("def handler(e, c) return 'broken'\n", encoding="utf-8")
    with pytest.raises(InvocationError, match=r"live: Runtime\.UserCodeSyntaxError"):
        live.invoke({})
    (source / "handler.py").write_text("def handler(e, c):\n    return 'fixed'\n", encoding="utf-8")
    assert live.invoke({}) == "fixed"
    assert capsys.readouterr().err.count("local: reloaded live") == 2
