"""Fixtures of the local emulator tests: embedded Cognitos per synthesized stack, local API servers, a lab config.

- Each stack gets ONE embedded Cognito for the session (`running`), holding what the stack declares.
- Each test gets its own API servers (`serve`): fresh throttling buckets and function workers, stopped at the
  test's end.
- `lab_out` is a real synth of a small config (`LAB_CONFIG`) whose function `lab` comes from a lab handler
  directory: echo, raise, sleep, import probes, custom, bare and malformed results, CORS headers of its own, plus
  HTTP_PROXY routes to 127.0.0.1 upstreams that refuse, hang, or answer over TLS with a certificate made for the
  session. Its environment `deps` adds two functions with the same probe handler (`DEPS_HANDLER`) that pin
  different versions of `humanize`; its environment `cors` serves the lab function with a CORS configuration.
Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import shutil
import socket
import ssl
import textwrap
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from selenium.webdriver.remote.webdriver import WebDriver
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from modules.bundle.locks import write_lock
from modules.bundle.requirements import read_requirements
from modules.bundle.target import Target
from modules.local.api_reader import load_description
from modules.local.cognito import Deployment, EmbeddedCognito
from modules.local.description import ApiDescription
from modules.local.environment import LocalInfo, build_api, identity
from modules.local.oauth.clients import PoolClients
from modules.local.oauth.server import SignInDomainServer
from modules.local.server import LocalApi, LocalApiServer
from tests.conftest import CONFIG, project_scratch, run_main, source_dir_of
from tests.local.browser import chromium

LAB_HANDLER = """
import base64
import importlib
import json
import os
import time

from labutil import GREETING


def handler(event, context):
    action = (event.get("pathParameters") or {}).get("proxy", "")
    if action == "import":
        name = event["queryStringParameters"]["module"]
        try:
            importlib.import_module(name)
        except ImportError as exc:
            return {"importable": False, "error": type(exc).__name__}
        return {"importable": True}
    if action == "raise":
        raise RuntimeError("the lab handler failed on purpose")
    if action == "sleep":
        time.sleep(float(event["queryStringParameters"]["seconds"]))
        return {"slept": True}
    if action == "bare":
        return ["bare", 1, {"x": None}]
    if action == "text":
        return "Hello from Lambda!"
    if action == "no-status":
        return {"message": "Hello from Lambda!"}
    if action == "cors":
        return {
            "statusCode": 200,
            "headers": {
                "Access-Control-Allow-Origin": "*",
                "access-control-allow-credentials": "true",
                "Access-Control-Expose-Headers": "x-secret",
                "x-own": "kept",
            },
            "body": "cors from the function",
        }
    if action == "bad-header":
        return {"statusCode": 200, "headers": {"x-injected": "a\\r\\nset-cookie: stolen=1"}}
    if action == "wide-header":
        return {"statusCode": 200, "headers": {"x-wide": "\\u4e2d"}}
    if action == "custom":
        return {
            "statusCode": 201,
            "headers": {"content-type": "application/octet-stream", "x-lab": "yes"},
            "cookies": ["a=1", "b=2; Path=/"],
            "body": base64.b64encode(b"\\x00\\x01binary").decode(),
            "isBase64Encoded": True,
        }
    if action == "bad-status":
        return {"statusCode": "teapot"}
    if action == "not-json":
        return {"statusCode": 200, "body": {1, 2}}
    context_view = {
        "function_name": context.function_name,
        "arn": context.invoked_function_arn,
        "memory": context.memory_limit_in_mb,
        "remaining_positive": context.get_remaining_time_in_millis() > 0,
        "greeting": GREETING,
        "lab_mode": os.environ.get("LAB_MODE"),
        "function_variable": os.environ.get("AWS_LAMBDA_FUNCTION_NAME"),
    }
    return {"statusCode": 200, "body": json.dumps({"event": event, "context": context_view})}
"""

#: A function that reports where its `humanize` comes from (its source dir pins a version in requirements.txt).
DEPS_HANDLER = """
import importlib.metadata
import sys

import humanize


def handler(event, context):
    return {
        "version": importlib.metadata.version("humanize"),
        "file": humanize.__file__,
        "path": sys.path,
        "size": humanize.naturalsize(1_000_000),
    }
"""
#: The environments of `LAB_CONFIG`.
LAB_ENVIRONMENTS = ("lab", "tight", "deps", "cors")
#: The Lambda target of the lab's functions (the default runtime and architecture).
LAB_TARGET = Target("python3.13", "arm64")
#: The pins of the `deps` environment's two functions.
DEPS_PINS = {"current": "humanize==4.12.3", "older": "humanize==4.11.0"}

LAB_CONFIG = """
[project]
name = "local-lab"
version = "0.1.0"

[defaults]
region = "us-east-2"

[defaults.clients.web]
callback_urls = ["https://localhost:3000/callback"]

[defaults.functions.lab]
source_dir = "{source_dir}"
timeout_seconds = 2
environment = {{ LAB_MODE = "on" }}

[environments.lab]
[environments.lab.throttling]
burst_limit = 1000
rate_limit = 1000

[[environments.lab.routes]]
route_key = "GET /echo/{{id}}"

[[environments.lab.routes]]
route_key = "ANY /public/{{proxy+}}"
public = true

[[environments.lab.routes]]
route_key = "GET /public/exact"
public = true

[[environments.lab.routes]]
route_key = "$default"
public = true

[[environments.lab.routes]]
route_key = "GET /refused"
target = "https://127.0.0.1:{refused_port}/nothing"
public = true

[[environments.lab.routes]]
route_key = "GET /hang"
target = "https://127.0.0.1:{hanging_port}/"
public = true

[[environments.lab.routes]]
route_key = "ANY /upstream/{{proxy+}}"
target = "https://127.0.0.1:{tls_port}/base/{{proxy}}"
public = true

[environments.tight]
[environments.tight.throttling]
burst_limit = 2
rate_limit = 0.001

[[environments.tight.routes]]
route_key = "GET /ping"
public = true

[[environments.tight.routes]]
route_key = "GET /slow"
public = true
throttling = {{ burst_limit = 1, rate_limit = 0.001 }}

[environments.deps.functions.current]
source_dir = "{deps_current}"

[environments.deps.functions.older]
source_dir = "{deps_older}"

[[environments.deps.routes]]
route_key = "GET /current"
function = "current"
public = true

[[environments.deps.routes]]
route_key = "GET /older"
function = "older"
public = true

[[environments.deps.routes]]
route_key = "GET /lab/{{proxy+}}"
function = "lab"
public = true

[environments.cors.cors]
allow_origins = ["http://localhost:3000"]

[[environments.cors.routes]]
route_key = "ANY /public/{{proxy+}}"
public = true
"""


@dataclass
class RunningStack:
    """A stack's identity resources in an embedded Cognito that lives for the whole session."""

    description: ApiDescription
    cognito: EmbeddedCognito
    deployment: Deployment
    pool_id: str
    client_id: str
    issuer: str
    sign_in: SignInDomainServer
    extra: dict[str, Any] = field(default_factory=dict)

    def admin(self) -> Any:
        """A boto3 cognito-idp client for the emulator."""
        return self.cognito.client()

    def info(self, api_url: str) -> LocalInfo:
        return LocalInfo(
            api_url,
            self.cognito.endpoint,
            self.description.region,
            self.pool_id,
            self.client_id,
            self.issuer,
            oauth_base_url=self.sign_in.url,
            clients=PoolClients(self.admin(), self.pool_id).credentials(self.deployment.client_ids),
        )


@pytest.fixture(scope="session")
def frozen_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of environments.toml taken with the session's `synth_dir`: the synth is fresh for it (same bytes), so
    `python -m modules.local` never re-synthesizes `synth_dir` when someone edits the real file meanwhile."""
    copy = tmp_path_factory.mktemp("config") / "environments.toml"
    shutil.copyfile(CONFIG, copy)
    return copy


@pytest.fixture(scope="session")
def lab_upstreams(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """127.0.0.1 upstreams: a port that refuses, one that accepts and never answers, and a TLS echo server."""
    refused = socket.socket()
    refused.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused while we hold it
    hanging = socket.socket()
    hanging.bind(("127.0.0.1", 0))
    hanging.listen(16)  # never accepted: the TLS handshake gets no answer
    cert, key = _self_signed(tmp_path_factory.mktemp("tls"))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)

    @Request.application  # type: ignore[arg-type]
    def echo(request: Request) -> Response:
        body = {
            "method": request.method,
            "path": request.path,
            "query": request.query_string.decode(),
            "forwarded_for": request.headers.get("x-forwarded-for"),
            "forwarded_proto": request.headers.get("x-forwarded-proto"),
            "trace_id": request.headers.get("x-amzn-trace-id"),
            "authorization": request.headers.get("authorization"),
            "body": request.get_data(as_text=True),
        }
        return Response(json.dumps(body), status=209, headers={"content-type": "application/json", "x-up": "1"})

    server = make_server("127.0.0.1", 0, echo, threaded=True, ssl_context=context)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {
        "refused_port": refused.getsockname()[1],
        "hanging_port": hanging.getsockname()[1],
        "tls_port": server.server_port,
        "ca_bundle": str(cert),
    }
    server.shutdown()
    thread.join(timeout=30)
    server.server_close()
    hanging.close()
    refused.close()


@pytest.fixture(scope="session")
def lab_out(tmp_path_factory: pytest.TempPathFactory, lab_upstreams: dict[str, Any]) -> Iterator[Path]:
    """`cdktf.out` of the lab config, synthesized for real by main.py (its function sources inside the project,
    the dependencies' locks written as `make function-locks` does)."""
    base = tmp_path_factory.mktemp("lab")
    with project_scratch("lab-") as sources:
        source = sources / "lab_src"
        source.mkdir()
        (source / "handler.py").write_text(textwrap.dedent(LAB_HANDLER), encoding="utf-8")
        (source / "labutil.py").write_text('GREETING = "hello from a sibling module"\n', encoding="utf-8")
        deps = {}
        for name, pin in DEPS_PINS.items():
            directory = sources / f"deps_{name}"
            deps[f"deps_{name}"] = source_dir_of(directory)
            directory.mkdir()
            (directory / "handler.py").write_text(textwrap.dedent(DEPS_HANDLER), encoding="utf-8")
            (directory / "requirements.txt").write_text(pin + "\n", encoding="utf-8")
            requirements = read_requirements(directory, LAB_TARGET.allowed)
            assert requirements is not None
            write_lock(requirements, directory, LAB_TARGET)
        config = base / "environments.toml"
        ports = {k: v for k, v in lab_upstreams.items() if k.endswith("_port")}
        config.write_text(LAB_CONFIG.format(source_dir=source_dir_of(source), **deps, **ports), encoding="utf-8")
        outdir = base / "cdktf.out"
        result = run_main(outdir, config)
        assert result.returncode == 0, result.stderr
        yield outdir


@pytest.fixture(scope="session")
def stack_file(synth_dir: Path, lab_out: Path) -> Callable[[str], Path]:
    """The synthesized stack file of a default environment (dev, staging, prod) or a lab one (`LAB_ENVIRONMENTS`)."""

    def find(environment: str) -> Path:
        outdir = lab_out if environment in LAB_ENVIRONMENTS else synth_dir
        return outdir / "stacks" / environment / "cdk.tf.json"

    return find


@pytest.fixture(scope="session")
def running(stack_file: Callable[[str], Path]) -> Iterator[Callable[[str], RunningStack]]:
    """`running(env)`: the env's embedded Cognito (started on first use, stopped at the end of the session)."""
    started: dict[str, RunningStack] = {}

    def get(environment: str) -> RunningStack:
        if environment not in started:
            description = load_description(stack_file(environment))
            cognito = EmbeddedCognito(description.region).start()
            deployment = cognito.deploy(description)
            pool_id, client_id, issuer = identity(description, deployment)
            sign_in = SignInDomainServer.for_pool(cognito, pool_id, issuer).start()
            started[environment] = RunningStack(description, cognito, deployment, pool_id, client_id, issuer, sign_in)
        return started[environment]

    yield get
    for stack in started.values():
        stack.sign_in.stop()
        stack.cognito.stop()


@pytest.fixture
def serve(running: Callable[[str], RunningStack]) -> Iterator[Callable[..., tuple[RunningStack, str]]]:
    """`serve(env, server_options={...}, **build_api options)`: a fresh local API for the env (`server_options` go
    to `LocalApiServer`: its timeouts); returns (stack, base URL)."""
    started: list[tuple[LocalApiServer, LocalApi]] = []

    def start(
        environment: str, server_options: dict[str, Any] | None = None, **options: Any
    ) -> tuple[RunningStack, str]:
        stack = running(environment)
        api = build_api(stack.description, stack.cognito, stack.deployment, **options)
        server = LocalApiServer(api, **(server_options or {})).start()
        started.append((server, api))
        return stack, server.url

    yield start
    for server, api in started:
        server.stop()
        api.close()


@pytest.fixture(scope="module")
def module_api(running: Callable[[str], RunningStack]) -> Iterator[Callable[..., str]]:
    """`module_api(env, **LocalApiServer options)`: one local API per env and options for the whole test module
    (property tests run many examples against one); returns its base URL."""
    started: dict[tuple[str, tuple[tuple[str, Any], ...]], tuple[LocalApiServer, LocalApi]] = {}

    def start(environment: str, **server_options: Any) -> str:
        key = (environment, tuple(sorted(server_options.items())))
        if key not in started:
            stack = running(environment)
            api = build_api(stack.description, stack.cognito, stack.deployment)
            started[key] = (LocalApiServer(api, **server_options).start(), api)
        return started[key][0].url

    yield start
    for server, api in started.values():
        server.stop()
        api.close()


def _self_signed(directory: Path) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    """Headless Chromium with a fresh profile (`browser.py`)."""
    with chromium(tmp_path / "profile") as driver:
        yield driver
