"""Functions run in-process from their zip: isolated modules, context, errors and timeouts."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from modules.bundle import build_lambda_zip
from modules.local.description import Function
from modules.local.lambda_runtime import InvocationError, LocalFunction, load_handler


def function(
    tmp_path: Path, name: str, files: dict[str, str], *, handler: str = "handler.handler", timeout: int = 3
) -> LocalFunction:
    source = tmp_path / f"{name}-src"
    source.mkdir()
    for file, text in files.items():
        (source / file).write_text(textwrap.dedent(text), encoding="utf-8")
    zip_path = build_lambda_zip(source, tmp_path / name / "function.zip")
    spec = Function(f"aws_lambda_function.{name}", name, handler, "python3.13", timeout, 256, zip_path, "/aws/lambda/x")
    return LocalFunction(spec, region="eu-west-1", account_id="123456789012", log_group=f"/aws/lambda/{name}")


def test_two_functions_with_the_same_module_names_stay_apart(tmp_path: Path) -> None:
    first = function(
        tmp_path,
        "first",
        {"handler.py": "from util import WHO\ndef handler(e, c): return WHO", "util.py": "WHO = 'first'"},
    )
    second = function(
        tmp_path,
        "second",
        {"handler.py": "from util import WHO\ndef handler(e, c): return WHO", "util.py": "WHO = 'second'"},
    )
    before = set(sys.modules)
    assert first.invoke({}) == "first"
    assert second.invoke({}) == "second"
    assert first.invoke({}) == "first"
    assert "handler" not in set(sys.modules) - before
    assert "util" not in sys.modules
    assert str(first.spec.zip_path) not in sys.path


def test_the_module_is_imported_once_like_a_warm_container(tmp_path: Path) -> None:
    counter = function(
        tmp_path,
        "counter",
        {"handler.py": "CALLS = []\ndef handler(e, c):\n    CALLS.append(1)\n    return len(CALLS)"},
    )
    assert [counter.invoke({}) for _ in range(3)] == [1, 2, 3]


def test_the_context_carries_the_runtime_attributes(tmp_path: Path) -> None:
    probe = function(
        tmp_path,
        "probe",
        {
            "handler.py": """
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
    }


def test_exceptions_import_errors_and_timeouts_are_invocation_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raising = function(tmp_path, "raising", {"handler.py": "def handler(e, c):\n    raise ValueError('boom')"})
    with pytest.raises(InvocationError, match="ValueError: boom"):
        raising.invoke({})
    assert "Runtime.HandlerError" in capsys.readouterr().err
    exiting = function(tmp_path, "exiting", {"handler.py": "import sys\ndef handler(e, c):\n    sys.exit(3)"})
    with pytest.raises(InvocationError, match="SystemExit"):
        exiting.invoke({})
    broken = function(tmp_path, "broken", {"handler.py": "import no_such_module_here\ndef handler(e, c): return 1"})
    with pytest.raises(InvocationError, match=r"cannot import handler\.handler"):
        broken.invoke({})
    assert "Runtime.ImportModuleError" in capsys.readouterr().err
    missing = function(tmp_path, "missing", {"handler.py": "def other(e, c): return 1"})
    with pytest.raises(InvocationError, match="has no function 'handler'"):
        missing.invoke({})
    slow = function(
        tmp_path,
        "slow",
        {"handler.py": "import time\ndef handler(e, c):\n    time.sleep(e['s'])\n    return 'done'"},
        timeout=1,
    )
    with pytest.raises(InvocationError, match="timed out after 1 s"):
        slow.invoke({"s": 5})
    assert "Task timed out after 1.00 seconds" in capsys.readouterr().err
    assert slow.invoke({"s": 0}) == "done"


def test_load_handler_needs_module_dot_function(tmp_path: Path) -> None:
    probe = function(tmp_path, "dotted", {"handler.py": "def handler(e, c): return 1"})
    with pytest.raises(ImportError, match=r"is not module\.function"):
        load_handler(str(probe.spec.zip_path), "handler")
