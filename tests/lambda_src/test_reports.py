"""lambda_src/reports/handler.py, run from its bundle (humanize vendored in the zip) with payload 2.0 events."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from modules.bundle import bundle_function
from tests.conftest import ROOT

EVENTS = {
    "anonymous": {"version": "2.0", "requestContext": {}},
    "caller": {"requestContext": {"authorizer": {"jwt": {"claims": {"sub": "user-1"}, "scopes": None}}}},
}
#: Imports the handler from the zip alone (as Lambda does from its unzipped bundle) and calls it with each event.
RUN = """
import json, sys
sys.path.insert(0, sys.argv[1])
import handler, humanize
events = json.loads(sys.argv[2])
print(json.dumps({"humanize": humanize.__file__, **{k: handler.handler(e, None) for k, e in events.items()}}))
"""


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory, bundle_cache: Path) -> tuple[Path, dict[str, Any]]:
    """(the zip, what the handler returned for each event, and where humanize was imported from)."""
    zip_path = bundle_function(
        ROOT / "lambda_src" / "reports",
        tmp_path_factory.mktemp("reports") / "function.zip",
        runtime="python3.13",
        architecture="arm64",
        cache_dir=bundle_cache,
    )
    command = [sys.executable, "-c", RUN, str(zip_path), json.dumps(EVENTS)]
    output = subprocess.run(command, capture_output=True, text=True, check=True, cwd=zip_path.parent).stdout
    return zip_path, json.loads(output)


def test_humanize_comes_from_the_vendored_zip(results: tuple[Path, dict[str, Any]]) -> None:
    zip_path, answers = results
    assert answers["humanize"] == f"{zip_path}/humanize/__init__.py"


def test_answers_the_report_in_human_units(results: tuple[Path, dict[str, Any]]) -> None:
    response = results[1]["anonymous"]
    assert response["statusCode"] == 200
    assert response["headers"] == {"content-type": "application/json"}
    assert json.loads(response["body"]) == {"report": "storage", "objects": 3, "total": "2.1 GB"}


def test_adds_the_callers_sub_from_jwt_claims(results: tuple[Path, dict[str, Any]]) -> None:
    body = json.loads(results[1]["caller"]["body"])
    assert body == {"report": "storage", "objects": 3, "total": "2.1 GB", "sub": "user-1"}
