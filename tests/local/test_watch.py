"""The live loop over real HTTP: `python -m modules.local` serving a copy of the project, edited while it serves.

Every wait is bounded (`wait_for`); nothing is timed. The committed `lambda_src` and `environments.toml` are only
read: the edits go to copies in a temporary directory.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import boto3
import pytest
import requests

from modules.local.environment import LocalInfo
from modules.local.launcher import LocalProcess
from tests.conftest import CONFIG, ROOT, project_scratch, source_dir_of
from tests.local.tokens import sign_in

TIMEOUT = 30
#: Long enough for a synth on a busy machine.
WAIT_SECONDS = 180.0
ADDED_ROUTE = """
[[defaults.routes]]
route_key = "GET /added"
function = "example"
public = true
"""


@dataclass
class LiveProject:
    """A copy of the project's config and function sources, its synth output dir, and the server's stderr."""

    config: Path
    sources: Path
    outdir: Path
    log: IO[str]

    def stderr(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def handler(self, function: str) -> Path:
        return self.sources / function / "handler.py"


@pytest.fixture
def project(tmp_path: Path) -> Iterator[LiveProject]:
    with project_scratch("watch-") as scratch:
        sources = scratch / "lambda_src"
        shutil.copytree(ROOT / "lambda_src", sources, ignore=shutil.ignore_patterns("__pycache__"))
        text = CONFIG.read_text(encoding="utf-8")
        for name in ("example", "reports"):
            header = f"[defaults.functions.{name}]\n"
            assert header in text
            text = text.replace(header, f'{header}source_dir = "{source_dir_of(sources / name)}"\n')
        config = tmp_path / "environments.toml"
        config.write_text(text, encoding="utf-8")
        with (tmp_path / "stderr.log").open("w+", encoding="utf-8") as log:
            yield LiveProject(config, sources, tmp_path / "cdktf.out", log)


def wait_for(condition: Callable[[], bool], what: str) -> None:
    """Poll `condition` until it holds, for at most WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what} after {WAIT_SECONDS:g} s"
        time.sleep(0.2)


def get(info: LocalInfo, path: str, token: str | None = None) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.get(info.api_url + path, headers=headers, timeout=TIMEOUT)


def cognito(info: LocalInfo) -> Any:
    return boto3.client(
        "cognito-idp",
        region_name=info.region,
        endpoint_url=info.cognito_endpoint,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )


def test_an_edited_handler_answers_at_the_next_request_and_a_broken_one_is_500(project: LiveProject) -> None:
    handler = project.handler("example")
    original = handler.read_text(encoding="utf-8")
    with LocalProcess("dev", outdir=project.outdir, config=project.config, stderr=project.log) as info:
        assert get(info, "/health").json() == {"a": "b"}
        handler.write_text(original.replace('{"a": "b"}', '{"a": "changed"}'), encoding="utf-8")
        assert get(info, "/health").json() == {"a": "changed"}  # the very next request, no restart
        handler.write_text(original.replace("def handler(event, context):", "def handler(event, context)"), "utf-8")
        broken = get(info, "/health")
        assert (broken.status_code, broken.json()) == (500, {"message": "Internal Server Error"})
        assert get(info, "/reports").status_code == 401  # the server and the other function are fine
        handler.write_text(original.replace('{"a": "b"}', '{"a": "fixed"}'), encoding="utf-8")
        assert get(info, "/health").json() == {"a": "fixed"}
        with project.config.open("a", encoding="utf-8") as config:
            config.write(ADDED_ROUTE)
        wait_for(lambda: "local: environments.toml changed; restart" in project.stderr(), "the restart hint")
        assert get(info, "/added").status_code == 404  # without WATCH, the config is not applied
    stderr = project.stderr()
    assert stderr.count("local: reloaded cognito-http-api-dev-example from ") == 3
    line = next(n for n, text in enumerate(original.splitlines(), 1) if text.startswith("def handler("))
    summaries = [text for text in stderr.splitlines() if "Runtime.UserCodeSyntaxError" in text]
    assert summaries == [  # one line, no traceback
        "[GET /health] 500: cognito-http-api-dev-example: Runtime.UserCodeSyntaxError: SyntaxError: expected ':' "
        f"(handler.py, line {line})"
    ]
    assert "Traceback" not in stderr
    assert "local: stopped" in stderr


def test_under_watch_a_config_edit_adds_a_route_and_an_invalid_edit_keeps_the_last_good_api(
    project: LiveProject,
) -> None:
    with LocalProcess("dev", outdir=project.outdir, config=project.config, stderr=project.log, watch=True) as info:
        user = sign_in(cognito(info), info.user_pool_id, info.client_id)
        assert get(info, "/example", user.access).status_code == 200
        assert get(info, "/added").status_code == 404
        with project.config.open("a", encoding="utf-8") as config:
            config.write(ADDED_ROUTE)
        wait_for(lambda: get(info, "/added").status_code == 200, "GET /added to be served")
        assert get(info, "/added").json() == {"a": "b"}
        after = get(info, "/example", user.access)  # the pool did not change: its users and tokens stay
        assert (after.status_code, after.json()["a"]) == (200, "b")
        with project.config.open("a", encoding="utf-8") as config:
            config.write(ADDED_ROUTE.replace("GET /added", "GET broken"))
        wait_for(lambda: "error: " in project.stderr(), "the error line")
        assert get(info, "/added").status_code == 200  # the last good API keeps serving
        assert get(info, "/example", user.access).status_code == 200
    stderr = project.stderr()
    errors = [line for line in stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1
    assert errors[0].startswith("error: environments.toml: environment 'dev': field 'routes['GET broken'].route_key'")
    assert "local: environments.toml not applied; the last good API keeps serving" in stderr
    assert "local: environments.toml applied: dev now serves GET /added, " in stderr
