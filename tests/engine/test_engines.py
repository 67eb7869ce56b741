"""Both engines (modules/engine/selection.py) make the same Terraform. For the same config:
- the stacks are equal by meaning, except the listed differences (`tests/engine/differences.py`), each holding
  its engine's own value;
- `make package` gives the same module and environment roots, except the provider version pin.

The other engine runs for real in its own virtualenv (`make test` sets it up: `make other-engine`).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from modules.engine.selection import ENGINES, chosen_engine, provider_version
from tests.conftest import ENVIRONMENTS, ROOT, load_stack, run_main
from tests.constructs.test_identity_providers import write_config
from tests.engine.differences import DIFFERENCES, expected, split
from tests.packaging import MODULE, package_into

ENGINE = chosen_engine()
(OTHER,) = (engine for engine in ENGINES.values() if engine != ENGINE)
#: Derived from the module and roots, so they differ whenever those do.
DERIVED = ("SHA256SUMS", ".tar.gz", ".zip")


def _in_other_engine(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    python = OTHER.venv / "bin" / "python"
    assert python.exists(), f"{OTHER.name}'s virtualenv is missing: `make other-engine` (`make test` runs it)"
    return subprocess.run(
        [str(python), *args], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "ENGINE": OTHER.name, "JSII_NODE": str(ENGINE.node), **env},
    )  # fmt: skip


@pytest.fixture(scope="module")
def other_synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`cdktf.out` of the committed config, synthesized by the other engine."""
    outdir = tmp_path_factory.mktemp(OTHER.name) / "cdktf.out"
    result = _in_other_engine("main.py", CDKTF_OUTDIR=str(outdir))
    assert result.returncode == 0, result.stderr
    return outdir


@pytest.fixture(scope="module")
def other_expected() -> dict[tuple[str, ...], Any]:
    """The other engine's values at the listed paths, read from its own installed packages."""
    code = (
        "import json; from modules.engine.selection import chosen_engine; "
        "from tests.engine.differences import expected; "
        "print(json.dumps([[list(path), value] for path, value in expected(chosen_engine()).items()]))"
    )
    result = _in_other_engine("-c", code)
    assert result.returncode == 0, result.stderr
    return {tuple(path): value for path, value in json.loads(result.stdout)}


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_stacks_are_equal_except_the_listed_differences(
    synth_dir: Path, other_synth: Path, other_expected: dict[tuple[str, ...], Any], env: str
) -> None:
    ours, our_values = split(load_stack(synth_dir, env))
    theirs, their_values = split(load_stack(other_synth, env))
    assert ours == theirs
    assert our_values == expected(ENGINE)
    assert their_values == other_expected


def test_every_listed_difference_differs(other_expected: dict[tuple[str, ...], Any]) -> None:
    for path in DIFFERENCES:
        assert expected(ENGINE)[path] != other_expected[path], path


def _texts(dist: Path, pin: str) -> dict[str, bytes]:
    """Every file of dist/ but the archives and their sums, with the provider version written as `<pin>`."""
    return {
        str(path.relative_to(dist)): path.read_bytes().replace(pin.encode(), b"<pin>")
        for path in sorted(dist.rglob("*"))
        if path.is_file() and not path.name.endswith(DERIVED)
    }


def test_packages_differ_only_in_the_provider_pin(
    synth_dir: Path, other_synth: Path, other_expected: dict[tuple[str, ...], Any], tmp_path: Path
) -> None:
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    package_into(synth_dir, ours)
    package_into(other_synth, theirs)
    module = MODULE
    pin = ("terraform", "required_providers", "aws", "version")
    our_pin, their_pin = provider_version(ENGINE), other_expected[pin]
    assert f'version = ">= {our_pin}"' in (ours / module / "versions.tf").read_text(encoding="utf-8")
    assert f'version = ">= {their_pin}"' in (theirs / module / "versions.tf").read_text(encoding="utf-8")
    assert _texts(ours, our_pin) == _texts(theirs, their_pin)


@pytest.fixture(scope="module")
def federated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """`cdktf.out` of a config with OIDC, SAML (URL and file) and Google providers, by each engine: (ours, theirs)."""
    config = write_config(tmp_path_factory.mktemp("federated"))
    ours, theirs = config.parent / "ours", config.parent / "theirs"
    assert run_main(ours, config).returncode == 0
    result = _in_other_engine("main.py", "--config", str(config), CDKTF_OUTDIR=str(theirs))
    assert result.returncode == 0, result.stderr
    return ours, theirs


def test_identity_providers_of_every_kind_are_the_same_in_both_engines(federated: tuple[Path, Path]) -> None:
    stacks = [load_stack(outdir, "dev") for outdir in federated]
    modules = [json.loads((outdir / "module" / "cdk.tf.json").read_text(encoding="utf-8")) for outdir in federated]
    for ours, theirs in (stacks, modules):
        assert ours["resource"]["aws_cognito_identity_provider"] == theirs["resource"]["aws_cognito_identity_provider"]
        assert ours["data"]["aws_ssm_parameter"] == theirs["data"]["aws_ssm_parameter"]
    assert set(stacks[0]["resource"]["aws_cognito_identity_provider"]) == {"corp", "partner", "google", "supplier"}
    assert modules[0]["variable"]["identity_provider_client_secrets"]["sensitive"] is True
    assert modules[0]["variable"] == modules[1]["variable"]
