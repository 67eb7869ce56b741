"""The checkov policy scan (real checkov, `.venv-checkov`): 0 failures, honest skips, planted failures caught."""

from __future__ import annotations

import json
import re
import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from modules.config.loader import load_config
from modules.constructs.routes import PUBLIC_ROUTE_MARKER
from modules.tools.policy_scan import scan as checkov_scan
from modules.tools.policy_scan.scan import public_routes, run_checkov, scan, scan_all, targets
from modules.tools.policy_scan.skips import (
    MODULE_PREFIX,
    ScanError,
    ScanResult,
    Skip,
    Target,
    apply_skips,
    load_skips,
)
from tests.conftest import CONFIG, ENVIRONMENTS, ROOT, run_main
from tests.packaging import MODULE, packaged  # noqa: F401

NODE_BANNERS = ("end-of-life", "Node 20")
#: Checks that used to fail and are fixed in the generator: they must run, and pass, on every target.
FIXED_CHECKS = ("CKV_AWS_50", "CKV_AWS_158", "CKV_AWS_76", "CKV_CHA_1")
LABELS = (
    *(f"stacks/{env}" for env in ENVIRONMENTS),
    *(f"dist/envs/{env}" for env in ENVIRONMENTS),
    f"dist/{MODULE}",
)
PROJECT = load_config(CONFIG)
#: The pipeline's one-time roots, one per account of the committed config.
BOOTSTRAP_LABELS = tuple(f"dist/bootstrap/{env.account_id}" for env in PROJECT.environments)
#: IAM checks that must run, and pass, on each bootstrap root: privilege escalation, write and permissions
#: management without constraints, "*" resources and actions, who may assume the roles.
IAM_CHECKS = ("CKV_AWS_286", "CKV_AWS_289", "CKV_AWS_290", "CKV_AWS_355", "CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_60")


def _scan(target: Target, routes: tuple[str, ...] | None = None) -> ScanResult:
    """The scan as `make scan` runs it: the skip file, and the config's public routes (or `routes`)."""
    allowed = public_routes(PROJECT, target.environment) if routes is None else routes
    return scan(target, load_skips(), public_routes=allowed)


def _routes_of(target: Target) -> tuple[str, ...]:
    return public_routes(PROJECT, target.environment)


@pytest.fixture(scope="module")
def results(synth_dir: Path, packaged: Path) -> dict[str, ScanResult]:  # noqa: F811
    """The policy scan of every synthesized environment and of the packaged dist/, run once for this module."""
    found = targets(synth_dir, packaged)
    return {result.target.label: result for result in scan_all(found, load_skips(), _routes_of)}


def _open_route(stack: dict[str, Any]) -> None:
    route = stack["resource"]["aws_apigatewayv2_route"]["get_example"]
    route["authorization_type"] = "NONE"
    del route["authorizer_id"]


def _drop_authorization(stack: dict[str, Any]) -> None:
    route = stack["resource"]["aws_apigatewayv2_route"]["get_reports"]
    for key in ("authorization_type", "authorizer_id", "authorization_scopes"):
        del route[key]


def _copy_marker(stack: dict[str, Any]) -> None:
    routes = stack["resource"]["aws_apigatewayv2_route"]
    routes["get_example"]["authorization_type"] = "NONE"
    routes["get_example"]["//"][PUBLIC_ROUTE_MARKER] = routes["get_health"]["//"][PUBLIC_ROUTE_MARKER]


def _drop_access_logs(stack: dict[str, Any]) -> None:
    del stack["resource"]["aws_apigatewayv2_stage"]["this"]["access_log_settings"]


def _drop_key(stack: dict[str, Any]) -> None:
    del stack["resource"]["aws_cloudwatch_log_group"]["lambda_example"]["kms_key_id"]


def _no_tracing(stack: dict[str, Any]) -> None:
    del stack["resource"]["aws_lambda_function"]["reports"]["tracing_config"]


#: Planted faults: each changes a copy of the dev stack in one way the scan must catch.
PLANTS: dict[str, Callable[[dict[str, Any]], None]] = {
    "open route": _open_route,
    "authorization left out": _drop_authorization,
    "copied public marker": _copy_marker,
    "no access logs": _drop_access_logs,
    "unencrypted log group": _drop_key,
}


def _plant(synth_dir: Path, root: Path, change: Callable[[dict[str, Any]], None]) -> Target:
    """Copy the dev stack under `root`, apply `change` to its JSON, and return it as a scan target."""
    stack_dir = root / "stacks" / "dev"
    shutil.copytree(synth_dir / "stacks" / "dev", stack_dir)
    stack_file = stack_dir / "cdk.tf.json"
    stack = json.loads(stack_file.read_text(encoding="utf-8"))
    change(stack)
    stack_file.write_text(json.dumps(stack, indent=2), encoding="utf-8")
    (target,) = targets(root)
    return target


@pytest.fixture(scope="module")
def planted(synth_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, ScanResult]:
    """The scan of every planted fault, run side by side once for this module (by the fault's name)."""
    found = [_plant(synth_dir, tmp_path_factory.mktemp("planted"), change) for change in PLANTS.values()]
    return dict(zip(PLANTS, scan_all(found, load_skips(), _routes_of), strict=True))


def test_every_stack_and_the_packaged_terraform_are_scanned(results: dict[str, ScanResult]) -> None:
    assert sorted(results) == sorted(LABELS + BOOTSTRAP_LABELS)


@pytest.mark.parametrize("label", BOOTSTRAP_LABELS)
def test_the_pipelines_roles_pass_the_iam_checks_without_a_skip(results: dict[str, ScanResult], label: str) -> None:
    result = results[label]
    assert (result.failed, result.stale, result.skipped) == ((), (), ()), checkov_scan.format_result(result)
    assert set(IAM_CHECKS) <= {finding.check_id for finding in result.passed}


def test_a_bootstrap_role_allowed_everything_fails(packaged: Path, tmp_path: Path) -> None:  # noqa: F811
    root = tmp_path / "dist" / "bootstrap" / BOOTSTRAP_LABELS[0].rsplit("/", 1)[1]
    shutil.copytree(packaged / "bootstrap" / root.name, root)
    main = root / "main.tf"
    text = main.read_text(encoding="utf-8")
    main.write_text(text.replace('= ["apigateway:DELETE"', '= ["*", "apigateway:DELETE"', 1), "utf-8")
    (target,) = [t for t in targets(Path("/nonexistent"), tmp_path / "dist") if t.label.startswith("dist/bootstrap")]
    failed = {finding.check_id for finding in _scan(target).failed}
    assert {"CKV_AWS_63", "CKV2_AWS_40"} <= failed, 'an action of "*": every action, full IAM'


@pytest.mark.parametrize("label", LABELS)
def test_no_failed_checks_and_no_stale_skips(results: dict[str, ScanResult], label: str) -> None:
    result = results[label]
    assert (result.failed, result.stale) == ((), ()), checkov_scan.format_result(result)
    assert result.ok
    assert len(result.passed) >= 50
    ran = {finding.check_id for finding in result.passed}
    assert set(FIXED_CHECKS) <= ran
    if label.endswith("prod"):
        assert "CKV_AWS_338" in ran  # a year of logs: not skipped in prod
        assert "CKV_AWS_115" in ran  # prod reserves concurrency; dev and staging do not (new-account quotas)


@pytest.mark.parametrize("label", LABELS)
def test_skips_are_exactly_the_files_entries(results: dict[str, ScanResult], label: str) -> None:
    result = results[label]
    expected = sorted(
        (skip.check, resource) for skip in load_skips() if skip.applies_to(result.target) for resource in skip.resources
    )
    actual = sorted((f.check_id, MODULE_PREFIX.sub("", f.address)) for f in result.skipped)
    assert [(check, resource.removeprefix("data.")) for check, resource in expected] == [
        (check, address.removeprefix("data.")) for check, address in actual
    ]


@pytest.mark.parametrize("label", LABELS)
def test_checkov_output_has_no_node_banner(results: dict[str, ScanResult], label: str) -> None:
    for banner in NODE_BANNERS:
        assert banner not in results[label].stdout + results[label].stderr


def test_an_entry_whose_resource_passes_is_stale(results: dict[str, ScanResult]) -> None:
    result = results["stacks/prod"]
    vpc = Skip("CKV_AWS_117", "x", ("aws_lambda_function.example", "aws_lambda_function.other"), None)
    failures = [*result.failed, *result.skipped]
    reclassified = apply_skips(result.target, result.passed, failures, (vpc,))
    assert reclassified.stale == ("CKV_AWS_117 aws_lambda_function.other",)
    assert not reclassified.ok


def test_a_failure_without_its_entry_fails(results: dict[str, ScanResult]) -> None:
    result = results["stacks/prod"]
    skips = tuple(skip for skip in load_skips() if skip.check != "CKV_AWS_117")
    reclassified = apply_skips(result.target, result.passed, [*result.failed, *result.skipped], skips)
    assert sorted((f.check_id, f.address) for f in reclassified.failed) == [
        ("CKV_AWS_117", "aws_lambda_function.example"),
        ("CKV_AWS_117", "aws_lambda_function.group_scopes"),
        ("CKV_AWS_117", "aws_lambda_function.reports"),
    ]


def test_packaged_public_route_passes_only_when_the_config_says_so(packaged: Path) -> None:  # noqa: F811
    """HCL has no `//` marker: the config's public routes reach the policy through the environment."""
    target = next(t for t in targets(Path("/nonexistent"), packaged) if t.label == "dist/envs/prod")
    assert public_routes(PROJECT, "prod") == ("GET /health",)
    result = _scan(target, routes=())
    assert [(f.check_id, f.address) for f in result.failed] == [
        ("CKV_CHA_1", "module.cognito_http_api.aws_apigatewayv2_route.get_health")
    ]


def test_environment_and_framework_entries_apply_only_there(results: dict[str, ScanResult]) -> None:
    by_check = {skip.check: skip for skip in load_skips() if skip.check != "CKV_AWS_173"}
    assert by_check["CKV_AWS_338"].environments == ("dev", "staging", "module")
    assert not by_check["CKV_AWS_338"].applies_to(results["stacks/prod"].target)
    assert by_check["CKV_AWS_338"].applies_to(results["dist/envs/dev"].target)
    unreserved = by_check["CKV_AWS_115"]
    assert unreserved.applies_to(results["stacks/dev"].target)
    assert not unreserved.applies_to(results["dist/envs/dev"].target)  # the module's conditional reads as set
    assert not unreserved.applies_to(results["stacks/prod"].target)
    assert set(unreserved.resources) == {
        "aws_lambda_function.example",
        "aws_lambda_function.group_scopes",
        "aws_lambda_function.reports",
    }
    variables = [skip for skip in load_skips() if skip.check == "CKV_AWS_173"]
    assert [(skip.frameworks, skip.applies_to(results["stacks/dev"].target)) for skip in variables] == [
        (("terraform",), False),
        (("terraform_json",), True),
    ]


def test_route_without_authorization_not_marked_public_fails(planted: dict[str, ScanResult]) -> None:
    result = planted["open route"]
    assert sorted((f.check_id, f.address) for f in result.failed) == [
        ("CKV_AWS_309", "aws_apigatewayv2_route.get_example"),
        ("CKV_CHA_1", "aws_apigatewayv2_route.get_example"),
    ]


def test_route_with_authorization_left_out_fails(planted: dict[str, ScanResult]) -> None:
    result = planted["authorization left out"]
    assert sorted((f.check_id, f.address) for f in result.failed) == [
        ("CKV_AWS_309", "aws_apigatewayv2_route.get_reports"),
        ("CKV_CHA_1", "aws_apigatewayv2_route.get_reports"),
    ]


def test_public_marker_only_covers_its_own_route_key(planted: dict[str, ScanResult]) -> None:
    result = planted["copied public marker"]
    assert sorted((f.check_id, f.address) for f in result.failed) == [
        ("CKV_AWS_309", "aws_apigatewayv2_route.get_example"),
        ("CKV_CHA_1", "aws_apigatewayv2_route.get_example"),
    ]


def test_stage_without_access_logs_fails(planted: dict[str, ScanResult]) -> None:
    result = planted["no access logs"]
    assert [(f.check_id, f.address) for f in result.failed] == [("CKV_AWS_76", "aws_apigatewayv2_stage.this")]


def test_unencrypted_log_group_fails(planted: dict[str, ScanResult]) -> None:
    result = planted["unencrypted log group"]
    assert [(f.check_id, f.address) for f in result.failed] == [
        ("CKV_AWS_158", "aws_cloudwatch_log_group.lambda_example")
    ]


def test_scan_command_exits_1_and_names_the_failure(
    synth_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _plant(synth_dir, tmp_path, _no_tracing)
    code = checkov_scan.main(["--outdir", str(target.path.parent.parent), "--dist", str(target.path / "none")])
    assert code == 1
    assert "FAILED CKV_AWS_50 aws_lambda_function.reports" in capsys.readouterr().out


def test_a_stack_without_resources_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "cdk.tf.json").write_text('{"output": {"a": {"value": "b"}}}', encoding="utf-8")
    target = Target("empty", tmp_path, "terraform_json", "dev")
    with pytest.raises(ScanError, match="found nothing to check in empty"):
        run_checkov(target)


def test_an_unparsable_stack_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "cdk.tf.json").write_text("{}", encoding="utf-8")
    target = Target("broken", tmp_path, "terraform_json", "dev")
    with pytest.raises(ScanError, match="checkov could not parse broken"):
        run_checkov(target)


@dataclass
class Listener:
    """A TCP server on 127.0.0.1 that records what connects to it (set as the HTTP(S) proxy)."""

    port: int
    received: list[bytes]


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    recorded = Listener(server.getsockname()[1], [])
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(1)
                recorded.received.append(connection.recv(200))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield recorded
    stop.set()
    thread.join()
    server.close()


def test_scan_makes_no_network_calls(
    synth_dir: Path, tmp_path: Path, listener: Listener, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any HTTP(S) request of checkov (platform, policy download, PyPI update check) would reach this proxy.

    Fresh cache directories: a cached answer of an earlier update check must not hide the request.
    """
    for variable in ("HOME", "XDG_CACHE_HOME", "TMPDIR"):
        monkeypatch.setenv(variable, str(tmp_path))
    for variable in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(variable, f"http://127.0.0.1:{listener.port}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    target = next(t for t in targets(synth_dir) if t.environment == "prod")
    result = _scan(target)
    assert result.ok
    assert listener.received == []


def test_custom_policy_uses_the_generator_marker() -> None:
    policy = (ROOT / "security" / "checks" / "public_routes.py").read_text(encoding="utf-8")
    assert re.search(rf'^PUBLIC_ROUTE_MARKER = "{PUBLIC_ROUTE_MARKER}"$', policy, re.MULTILINE)


#: Custom domains for two environments of the committed config: a created certificate and a given one.
DOMAINS = """
[environments.staging.domain]
name = "api.staging.example.com"
zone = "example.com"

[environments.prod.domain]
name = "api.example.com"
zone = "example.com"
certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
"""


def test_custom_domains_add_no_failed_check(tmp_path: Path) -> None:
    config = tmp_path / "environments.toml"
    config.write_text(CONFIG.read_text(encoding="utf-8") + DOMAINS, encoding="utf-8")
    synth = tmp_path / "cdktf.out"
    assert run_main(synth, config).returncode == 0
    project = load_config(config)
    for target in targets(synth):
        result = scan(target, load_skips(), public_routes=public_routes(project, target.environment))
        assert (result.failed, result.stale) == ((), ()), checkov_scan.format_result(result)
        checked = {(f.check_id, MODULE_PREFIX.sub("", f.address)) for f in result.passed}
        if target.environment != "dev":
            assert ("CKV2_AWS_23", "aws_route53_record.alias_a") in checked  # the alias points at a resource
        if target.environment == "staging":  # the created certificate: DNS validated, transparency logging on
            assert {("CKV_AWS_234", "aws_acm_certificate.this"), ("CKV2_AWS_71", "aws_acm_certificate.this")} <= checked
