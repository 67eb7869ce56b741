"""lambda_src/example/handler.py, called with API Gateway payload 2.0 events."""

from __future__ import annotations

import importlib.util
import json
from types import ModuleType

from tests.conftest import ROOT


def _handler_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("handler", ROOT / "lambda_src" / "example" / "handler.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_answers_a_b_without_claims() -> None:
    response = _handler_module().handler({"version": "2.0", "requestContext": {}}, None)
    assert response["statusCode"] == 200
    assert json.loads(response["body"]) == {"a": "b"}


def test_adds_the_callers_sub_from_jwt_claims() -> None:
    event = {"requestContext": {"authorizer": {"jwt": {"claims": {"sub": "user-1"}, "scopes": None}}}}
    assert json.loads(_handler_module().handler(event, None)["body"]) == {"a": "b", "sub": "user-1"}
