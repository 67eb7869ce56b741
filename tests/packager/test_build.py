"""`make package` end to end: layout, byte-for-byte determinism, and bad input (exit 2, one line, dist untouched)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from modules.packager.terraform import unformatted
from tests.conftest import CONFIG, ROOT, run_main
from tests.packaging import MODULE, package_into, packaged, run_packager  # noqa: F401


def _tree(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def test_dist_layout(packaged: Path) -> None:  # noqa: F811
    assert sorted(p.name for p in packaged.iterdir()) == [
        "SHA256SUMS", "bootstrap", "ci", "envs", "openapi", MODULE, f"{MODULE}.tar.gz", f"{MODULE}.zip",
    ]  # fmt: skip
    assert sorted(p.name for p in (packaged / "envs").iterdir()) == ["dev", "prod", "staging"]
    sums = (packaged / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert [line.split("  ")[1] for line in sums] == [f"{MODULE}.tar.gz", f"{MODULE}.zip"]


def test_terraform_fmt_changes_nothing_anywhere_in_dist(packaged: Path) -> None:  # noqa: F811
    assert unformatted(packaged) == []
    assert len(list(packaged.rglob("*.tf"))) == 11, "the module's 5, 3 env roots, 3 bootstrap roots"


def test_two_synths_and_two_packagings_give_the_same_bytes(
    packaged: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    synth = tmp_path / "cdktf.out"
    assert run_main(synth).returncode == 0
    again = tmp_path / "dist"
    package_into(synth, again)
    assert (again / "SHA256SUMS").read_bytes() == (packaged / "SHA256SUMS").read_bytes()
    assert _tree(again) == _tree(packaged)


def test_the_cli_reports_what_it_wrote(synth_dir: Path, tmp_path: Path) -> None:
    result = run_packager("--synth-dir", str(synth_dir), "--dist", str(tmp_path / "dist"), "--env", "dev")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == f"{tmp_path / 'dist'}/{MODULE}/  module (+ .tar.gz, .zip)"
    assert lines[1] == f"{tmp_path / 'dist'}/envs/dev/  root configuration of dev"
    assert lines[-1].endswith(f"  {MODULE}.zip")
    assert sorted(p.name for p in (tmp_path / "dist" / "envs").iterdir()) == ["dev"]


def test_version_override_names_the_module(synth_dir: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    package_into(synth_dir, dist, version="1.4.0-rc.1")
    assert (dist / "terraform-aws-cognito-http-api-1.4.0-rc.1.tar.gz").is_file()
    assert 'source = "../../terraform-aws-cognito-http-api-1.4.0-rc.1"' in (
        dist / "envs" / "dev" / "main.tf"
    ).read_text(encoding="utf-8")


def _config(tmp_path: Path, old: str = "", new: str = "") -> Path:
    text = CONFIG.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "environments.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


BAD: dict[str, tuple[Callable[[Path], list[str]], str]] = {
    "non-semver --version": (lambda _tmp: ["--version", "1.x"], "error: --version: got '1.x'; allowed: a semantic"),
    "non-semver config version": (
        lambda tmp: ["--config", str(_config(tmp, 'version = "0.2.0"', 'version = "1.x"'))],
        "error: environments.toml: top level: field 'project.version': got '1.x'",
    ),
    "unknown environment": (
        lambda _tmp: ["--env", "dev", "--env", "nope"],
        "error: environments.toml: --env 'nope': unknown environment; allowed: dev, staging, prod",
    ),
    "synth missing": (
        lambda tmp: ["--synth-dir", str(tmp / "never-synthesized")],
        "never-synthesized/module/cdk.tf: missing synth output; allowed: the output of `make synth`",
    ),
    "synth stale (config edited)": (
        lambda tmp: ["--config", str(_config(tmp, "burst_limit = 20", "burst_limit = 25"))],
        "module/interface.json: stale: synthesized from other inputs than ",
    ),
}


@pytest.mark.parametrize(("arguments", "message"), BAD.values(), ids=BAD.keys())
def test_bad_input_exits_2_with_one_line_and_leaves_dist_untouched(
    synth_dir: Path, tmp_path: Path, arguments: Callable[[Path], list[str]], message: str
) -> None:
    dist = tmp_path / "dist"
    (dist / "envs" / "old").mkdir(parents=True)
    (dist / "SHA256SUMS").write_text("previous\n", encoding="utf-8")
    before = _tree(dist)
    result = run_packager("--synth-dir", str(synth_dir), "--dist", str(dist), *arguments(tmp_path))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert message in lines[0]
    assert "Traceback" not in result.stderr
    assert _tree(dist) == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith("dist.")]


def test_the_packager_reads_synth_output_and_never_loads_an_engine_or_the_stacks() -> None:
    code = (
        "import sys, modules.packager.__main__\n"
        "print(sorted(m for m in sys.modules if m.startswith(('cdktf', 'cdktn', 'jsii', 'constructs')) "
        "or m in ('modules.engine.bindings', 'modules.constructs.stacks')))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_copy_of_the_config_elsewhere_is_not_stale(synth_dir: Path, tmp_path: Path) -> None:
    result = run_packager(
        "--synth-dir", str(synth_dir), "--dist", str(tmp_path / "dist"), "--config", str(_config(tmp_path))
    )
    assert result.returncode == 0, result.stderr


def test_environments_that_disagree_on_routes_cannot_share_one_module(tmp_path: Path) -> None:
    config = _config(
        tmp_path,
        "[environments.prod]\n",
        '[environments.prod]\nroutes = [{route_key = "GET /example", function = "example"}, '
        '{route_key = "GET /reports", function = "reports", scopes = ["reports.read"]}]\n',
    )
    synth = tmp_path / "cdktf.out"
    assert run_main(synth, config).returncode == 0
    result = run_packager("--synth-dir", str(synth), "--dist", str(tmp_path / "dist"), "--config", str(config))
    assert result.returncode == 2
    assert result.stderr.startswith("error: ")
    assert "environment 'prod': field 'routes' differs from environment 'dev'" in result.stderr
    assert "allowed: the same routes in every environment (the module bakes it in)" in result.stderr
    assert not (tmp_path / "dist").exists()
