"""The local HTTP API end to end over HTTP: public and unknown routes, handler failures, route selection."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from modules.errors import EmulatorError
from modules.local.api_reader import load_description
from modules.local.cognito import EmbeddedCognito
from modules.local.environment import build_api
from modules.local.function_code import CACHE_DIR
from modules.local.server import LocalApiServer
from tests.conftest import ENVIRONMENTS
from tests.local.conftest import RunningStack
from tests.local.tokens import access_claims, mint

TIMEOUT = 30


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_the_public_route_needs_no_token(serve: Callable[..., tuple[RunningStack, str]], environment: str) -> None:
    _, url = serve(environment)
    response = requests.get(url + "/health", timeout=TIMEOUT)
    assert response.status_code == 200
    assert response.json() == {"a": "b"}
    assert response.headers["apigw-requestid"]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/nope"), ("POST", "/example"), ("GET", "/example/"), ("DELETE", "/")]
)
def test_unknown_routes_are_404(
    serve: Callable[..., tuple[RunningStack, str]], environment: str, method: str, path: str
) -> None:
    _, url = serve(environment)
    response = requests.request(method, url + path, timeout=TIMEOUT)
    assert response.status_code == 404
    assert response.json() == {"message": "Not Found"}


def test_a_raising_handler_is_500_without_a_traceback(
    serve: Callable[..., tuple[RunningStack, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    _, url = serve("lab")
    response = requests.get(url + "/public/raise", timeout=TIMEOUT)
    assert response.status_code == 500
    assert response.json() == {"message": "Internal Server Error"}
    assert "Traceback" not in response.text
    assert "RuntimeError: the lab handler failed on purpose" in capsys.readouterr().err


def test_a_handler_past_its_timeout_is_500(serve: Callable[..., tuple[RunningStack, str]]) -> None:
    stack, url = serve("lab")
    function = stack.description.routes[0].integration.function
    assert function is not None
    assert function.timeout_seconds == 2
    late = requests.get(url + "/public/sleep?seconds=10", timeout=TIMEOUT)
    assert (late.status_code, late.json()) == (500, {"message": "Internal Server Error"})
    in_time = requests.get(url + "/public/sleep?seconds=0", timeout=TIMEOUT)
    assert (in_time.status_code, in_time.json()) == (200, {"slept": True})


def test_the_most_specific_route_and_default_serve(serve: Callable[..., tuple[RunningStack, str]]) -> None:
    _, url = serve("lab")
    exact = requests.get(url + "/public/exact", timeout=TIMEOUT).json()["event"]
    assert (exact["routeKey"], exact.get("pathParameters")) == ("GET /public/exact", None)
    greedy = requests.delete(url + "/public/a/b", timeout=TIMEOUT).json()["event"]
    assert (greedy["routeKey"], greedy["pathParameters"]) == ("ANY /public/{proxy+}", {"proxy": "a/b"})
    fallback = requests.patch(url + "/anything/else?z=1", timeout=TIMEOUT).json()["event"]
    assert (fallback["routeKey"], fallback["rawPath"], fallback["rawQueryString"]) == (
        "$default",
        "/anything/else",
        "z=1",
    )
    assert requests.get(url + "/echo/1", timeout=TIMEOUT).status_code == 401  # JWT route: not the $default


def test_two_environments_handlers_with_the_same_module_name_coexist(
    serve: Callable[..., tuple[RunningStack, str]],
) -> None:
    _, dev = serve("dev")
    _, lab = serve("lab")
    for _ in range(2):
        assert requests.get(dev + "/health", timeout=TIMEOUT).json() == {"a": "b"}
        assert "event" in requests.get(lab + "/public/x", timeout=TIMEOUT).json()


def test_an_unreachable_jwks_is_a_server_error_not_a_traceback(synth_dir: Path) -> None:
    description = load_description(synth_dir / "stacks" / "dev" / "cdk.tf.json")
    cognito = EmbeddedCognito(description.region).start()
    deployment = cognito.deploy(description)
    app = build_api(description, cognito, deployment)
    issuer = f"https://{deployment.values['aws_cognito_user_pool.this.endpoint']}"
    token = mint(access_claims(issuer, deployment.values["aws_cognito_user_pool_client.web.id"]))
    cognito.stop()
    with LocalApiServer(app) as server:
        response = requests.get(server.url + "/example", headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT)
    app.close()
    assert (response.status_code, response.json()) == (500, {"message": "Internal Server Error"})


def test_a_busy_port_is_an_emulator_error_and_a_stopped_server_frees_its_port(
    serve: Callable[..., tuple[RunningStack, str]],
) -> None:
    stack, url = serve("dev")
    port = int(url.rsplit(":", 1)[1])
    app = build_api(stack.description, stack.cognito, stack.deployment)
    with pytest.raises(EmulatorError, match=f"cannot listen on 127.0.0.1:{port}"):
        LocalApiServer(app, port)
    server = LocalApiServer(app).start()
    freed = int(server.url.rsplit(":", 1)[1])
    server.stop()
    app.close()
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", freed)) != 0


def test_each_function_imports_its_own_pinned_dependencies_installed_for_this_machine(
    serve: Callable[..., tuple[RunningStack, str]],
) -> None:
    _, url = serve("deps")
    current = requests.get(url + "/current", timeout=TIMEOUT).json()
    older = requests.get(url + "/older", timeout=TIMEOUT).json()
    assert (current["version"], older["version"]) == ("4.12.3", "4.11.0")  # two pins of one package, side by side
    for seen in (current, older):
        assert seen["size"] == "1.0 MB"
        installed = Path(seen["file"]).parents[1]
        assert installed.parent == CACHE_DIR / "host"  # installed for this machine, not the vendored arm64 copy
        assert seen["path"][0] == str(installed)
        assert not any("site-packages" in entry for entry in seen["path"])  # never the project's virtualenv
    assert current["path"][0] != older["path"][0]
    for module in ("humanize", "requests", "modules"):  # neither another function's, the venv's, nor ours
        probe = requests.get(url + f"/lab/import?module={module}", timeout=TIMEOUT).json()
        assert probe == {"importable": False, "error": "ModuleNotFoundError"}
    assert requests.get(url + "/lab/import?module=json", timeout=TIMEOUT).json() == {"importable": True}
