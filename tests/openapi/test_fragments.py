"""A function's `openapi.yaml`, read from its zip: absent, valid, and each way it can be wrong as one error line."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from modules.errors import OpenApiError
from modules.openapi.fragments import Fragment, OperationFragment, merged_schemas, read_fragment

ROUTES = ("GET /reports", "POST /reports")


def zipped(tmp_path: Path, text: str | None) -> Path:
    path = tmp_path / "function.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context): ...\n")
        if text is not None:
            archive.writestr("openapi.yaml", text)
    return path


def test_a_function_without_one_declares_nothing(tmp_path: Path) -> None:
    assert read_fragment(zipped(tmp_path, None), "reports", ROUTES) is None


def test_a_valid_one(tmp_path: Path) -> None:
    text = "routes:\n  GET /reports:\n    summary: the report\n    responses: {'200': {description: ok}}\n"
    fragment = read_fragment(zipped(tmp_path, text), "reports", ROUTES)
    assert fragment == Fragment(
        routes={"GET /reports": OperationFragment(summary="the report", responses={"200": {"description": "ok"}})}
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("routes: [unclosed\n", "not valid YAML (while parsing a flow sequence"),
        ("- a list\n", "field '(top level)': Input should be a valid dictionary or instance of Fragment"),
        ("routes:\n  GET /reports:\n    sumary: typo\n", "field 'routes.GET /reports.sumary': Extra inputs"),
        ("paths: {}\n", "field 'paths': Extra inputs are not permitted"),
        (
            "routes:\n  GET /reports:\n    parameters: [{name: id, in: path}]\n",
            "route 'GET /reports': a parameter in the path; allowed: query and header parameters",
        ),
        (
            "routes:\n  GET /report: {}\n",
            "route 'GET /report' is not a route of this function; allowed: GET /reports, POST /reports",
        ),
    ],
)
def test_each_fault_is_one_error_naming_the_file(tmp_path: Path, text: str, problem: str) -> None:
    path = zipped(tmp_path, text)
    with pytest.raises(OpenApiError) as raised:
        read_fragment(path, "reports", ROUTES)
    message = str(raised.value)
    assert message.startswith(f"{path.as_posix()}: openapi.yaml (function 'reports'): {problem}")
    assert "\n" not in message


def test_one_schema_name_declared_twice_differently_is_refused() -> None:
    first = Fragment(schemas={"Item": {"type": "string"}})
    same = Fragment(schemas={"Item": {"type": "string"}})
    other = Fragment(schemas={"Item": {"type": "integer"}})
    assert merged_schemas({"a": first, "b": same}, "dev") == {"Item": {"type": "string"}}
    with pytest.raises(OpenApiError, match="schema 'Item' is declared differently by functions 'a' and 'c'"):
        merged_schemas({"a": first, "c": other}, "dev")
