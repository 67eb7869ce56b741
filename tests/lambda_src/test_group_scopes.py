"""lambda_src/group-scopes/handler.py (the pre-token-generation trigger), called with Cognito's V2_0 events."""

from __future__ import annotations

import importlib.util
import json
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import ROOT


@pytest.fixture
def trigger(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.setenv("GROUP_SCOPES", "auditors=reports.read;admins=reports.read reports.write")
    monkeypatch.setenv("RESOURCE_SERVER", "demo-api")
    spec = importlib.util.spec_from_file_location("handler", ROOT / "lambda_src" / "group-scopes" / "handler.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _event(groups: list[str] | None, source: str = "TokenGeneration_Authentication") -> dict[str, Any]:
    request: dict[str, Any] = {"userAttributes": {"sub": "user-1"}, "scopes": ["aws.cognito.signin.user.admin"]}
    if groups is not None:
        request["groupConfiguration"] = {"groupsToOverride": groups, "iamRolesToOverride": [], "preferredRole": None}
    return {"version": "2", "triggerSource": source, "request": request, "response": {}}


def test_a_members_access_token_gets_the_groups_scopes_under_the_resource_server(trigger: ModuleType) -> None:
    result = trigger.handler(_event(["admins", "auditors"]), None)
    details = result["response"]["claimsAndScopeOverrideDetails"]
    assert details == {"accessTokenGeneration": {"scopesToAdd": ["demo-api/reports.read", "demo-api/reports.write"]}}


@pytest.mark.parametrize("groups", [[], ["staff"], None])
def test_users_of_no_granting_group_get_the_event_back_unchanged(trigger: ModuleType, groups: list[str] | None) -> None:
    event = _event(groups)
    assert trigger.handler(json.loads(json.dumps(event)), None) == event


def test_group_scopes_are_read_from_their_variable(trigger: ModuleType) -> None:
    assert trigger.grants("a=x y;b=z;c=") == {"a": ["x", "y"], "b": ["z"], "c": []}
    assert trigger.grants("") == {}


def test_a_client_credentials_event_adds_nothing(trigger: ModuleType) -> None:
    event = {"version": "3", "triggerSource": "TokenGeneration_ClientCredentials", "request": {}, "response": {}}
    assert trigger.handler(dict(event), None) == event
