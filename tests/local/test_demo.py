"""The walkthrough, in-process on each environment and via `python -m modules.local` as `make demo` runs it."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from modules.local import demo
from modules.local.launcher import LocalProcess
from tests.conftest import ENVIRONMENTS
from tests.local.conftest import RunningStack


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_the_walkthrough_behaves_on_every_environment(
    serve: Callable[..., tuple[RunningStack, str]], environment: str
) -> None:
    stack, url = serve(environment)
    out = io.StringIO()
    assert demo.run_walkthrough(stack.info(url), out) is True
    lines = out.getvalue().splitlines()
    steps = [line.split()[0] for line in lines if not line.startswith(" ")]
    assert steps == ["1", "2a", "2b", "3", "4", "5", "6", "7a", "7b", "8a", "8b", "8c", "8d", "9a", "9b", "9c"]
    assert "9c  GET /reports with the password-flow (auditors member) access token → 200" in out.getvalue()
    assert all(line.rstrip().endswith("ok") for line in lines if not line.startswith(" "))
    assert " 401  ok" in lines[0]
    assert sum(1 for line in lines if '{"a": "b", "sub": ' in line) == 2


def test_the_walkthrough_fails_when_the_api_does_not_behave(
    serve: Callable[..., tuple[RunningStack, str]],
) -> None:
    stack, url = serve("lab")  # its public $default answers GET /example without a token
    out = io.StringIO()
    assert demo.run_walkthrough(stack.info(url), out) is False
    first = out.getvalue().splitlines()[0]
    assert first.startswith("1")
    assert " 200  FAILED" in first


def test_make_demo_path_starts_local_runs_the_walkthrough_and_stops_it(
    synth_dir: Path, frozen_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert demo.main(["--env", "prod", "--outdir", str(synth_dir), "--config", str(frozen_config)]) == 0
    out = capsys.readouterr().out
    assert out.startswith('local: {"api_url": "http://127.0.0.1:')
    assert "local: stopped with SIGTERM, exit code 0" in out
    assert out.rstrip().endswith("demo: every step behaved")


def test_the_demo_runs_against_an_already_running_local(
    synth_dir: Path, frozen_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with LocalProcess("staging", outdir=synth_dir, config=frozen_config, stderr=subprocess.DEVNULL) as info:
        assert demo.main(["--against", info.to_json()]) == 0
    assert "5   GET /example with Authorization: Bearer <id token>" in capsys.readouterr().out


def test_bad_input_is_exit_2(synth_dir: Path, frozen_config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        demo.main(["--against", "not json"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.startswith("error: not a `make local` info line")
    with pytest.raises(SystemExit) as exit_info:
        demo.main(["--env", "nope", "--outdir", str(synth_dir), "--config", str(frozen_config)])
    assert exit_info.value.code == 2
    assert "exited with code 2 before serving" in capsys.readouterr().err
