"""`python -m modules.local` as users and `make local` run it: a subprocess, its first stdout line, signals, errors."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from modules.config.loader import load_config
from modules.local.fresh_synth import ensure_synth
from modules.local.launcher import LocalProcess
from modules.synth_output.fingerprint import inputs_fingerprint
from modules.synth_output.layout import INTERFACE_FILE, MODULE_DIR
from tests.conftest import CONFIG, ROOT
from tests.local.tokens import access_claims, mint

SCOPE = "cognito-http-api/reports.read"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "modules.local", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_the_first_stdout_line_is_the_info_and_a_signal_stops_it_cleanly(
    synth_dir: Path, frozen_config: Path, tmp_path: Path, signum: int
) -> None:
    with (tmp_path / "stderr.log").open("w+", encoding="utf-8") as log:
        child = LocalProcess("dev", outdir=synth_dir, config=frozen_config, stderr=log)
        try:
            info = child.start()
            assert requests.get(info.api_url + "/health", timeout=30).status_code == 200
            assert requests.get(info.api_url + "/example", timeout=30).status_code == 401
        finally:
            code = child.stop(signum)
        log.seek(0)
        stderr = log.read()
    assert code == 0, stderr
    assert child.lines[0].startswith('{"api_url": "http://127.0.0.1:')
    assert "local: stopped" in stderr
    assert "Traceback" not in stderr


def test_a_missing_synth_is_synthesized_first(frozen_config: Path, tmp_path: Path) -> None:
    outdir = tmp_path / "fresh" / "cdktf.out"
    with (tmp_path / "stderr.log").open("w+", encoding="utf-8") as log:
        child = LocalProcess("staging", outdir=outdir, config=frozen_config, stderr=log)
        try:
            info = child.start()
            assert requests.get(info.api_url + "/health", timeout=30).status_code == 200
        finally:
            assert child.stop() == 0
        log.seek(0)
        assert "local: synthesizing environments.toml" in log.read()
    stack = outdir / "stacks" / "staging" / "cdk.tf.json"
    assert stack.is_file()
    assert len(child.lines) == 1  # the synth's summary went to stderr, not before the info line
    before = stack.stat().st_mtime_ns
    config = tmp_path / "environments.toml"
    shutil.copyfile(frozen_config, config)
    os.utime(config, (stack.stat().st_mtime + 60,) * 2)  # newer, but the same content: fresh, used as is
    assert ensure_synth("staging", outdir, config) == stack
    assert stack.stat().st_mtime_ns == before
    config.write_text(config.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    os.utime(config, (0, 0))  # older than the synth, but other content: synthesized again
    assert ensure_synth("staging", outdir, config) == stack
    assert stack.stat().st_mtime_ns > before


def test_an_unknown_environment_is_one_error_line_and_exit_2(synth_dir: Path, frozen_config: Path) -> None:
    result = run("--env", "nope", "--outdir", str(synth_dir), "--config", str(frozen_config))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "error: unknown environment 'nope': environments.toml defines dev, staging, prod\n"


def test_a_broken_config_is_reported_when_a_synth_is_needed(tmp_path: Path) -> None:
    config = tmp_path / "environments.toml"
    config.write_text("[project\n", encoding="utf-8")
    result = run("--env", "dev", "--outdir", str(tmp_path / "out"), "--config", str(config))
    assert result.returncode == 2
    assert result.stderr.startswith("error: environments.toml: top level: field '(syntax)'")
    assert "Traceback" not in result.stderr


def test_an_unusable_stack_file_is_one_error_line(tmp_path: Path, synth_dir: Path) -> None:
    stack = tmp_path / "out" / "stacks" / "dev" / "cdk.tf.json"
    stack.parent.mkdir(parents=True)
    stack.write_text("{not json", encoding="utf-8")
    interface = tmp_path / "out" / MODULE_DIR / INTERFACE_FILE  # fresh for the config: no re-synth
    interface.parent.mkdir(parents=True)
    fingerprint = inputs_fingerprint(CONFIG, load_config(CONFIG), ROOT)
    recorded = json.loads((synth_dir / MODULE_DIR / INTERFACE_FILE).read_text(encoding="utf-8"))
    interface.write_text(json.dumps({**recorded, "fingerprint": fingerprint}), encoding="utf-8")
    result = run("--env", "dev", "--outdir", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.startswith("error: ")
    assert "not valid JSON" in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("port", ["busy", "-1", "70000"])
def test_a_bad_port_is_one_error_line(synth_dir: Path, frozen_config: Path, port: str) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        value = str(busy.getsockname()[1]) if port == "busy" else port
        result = run("--env", "dev", "--outdir", str(synth_dir), "--config", str(frozen_config), "--port", value)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_the_makefile_target_runs_the_module() -> None:
    make = shutil.which("make")
    assert make is not None
    dry = subprocess.run(
        [make, "-n", "local", "ENV=prod", "PORT=8123"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert dry.returncode == 0, dry.stderr
    assert "-m modules.local --env prod --port 8123" in dry.stdout
    demo = subprocess.run(
        [make, "-n", "demo", "ENV=staging"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert "-m modules.local.demo --env staging" in demo.stdout


def test_reports_answer_through_make_local_with_the_scope_and_their_own_dependency(
    synth_dir: Path, frozen_config: Path, tmp_path: Path
) -> None:
    with (tmp_path / "stderr.log").open("w+", encoding="utf-8") as log:
        child = LocalProcess("dev", outdir=synth_dir, config=frozen_config, stderr=log)
        try:
            info = child.start()
            scoped = mint(access_claims(info.issuer, info.client_id, scope=SCOPE))
            unscoped = mint(access_claims(info.issuer, info.client_id))
            reports = requests.get(info.api_url + "/reports", headers={"Authorization": f"Bearer {scoped}"}, timeout=30)
            denied = requests.get(
                info.api_url + "/reports", headers={"Authorization": f"Bearer {unscoped}"}, timeout=30
            )
            anonymous = requests.get(info.api_url + "/reports", timeout=30)
        finally:
            assert child.stop() == 0
        log.seek(0)
        stderr = log.read()
    assert (reports.status_code, reports.json()) == (
        200,
        {"report": "storage", "objects": 3, "total": "2.1 GB", "sub": "00000000-0000-4000-8000-000000000001"},
    )
    assert (denied.status_code, denied.json()) == (403, {"message": "Forbidden"})
    assert (anonymous.status_code, anonymous.json()) == (401, {"message": "Unauthorized"})
    assert "warning: aws_cognito_managed_login_branding.web is not applied by the embedded Cognito" in stderr
