"""`python main.py` as users and cdktf run it: the summary, warnings, bad input and atomic output."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_main


def test_synth_prints_a_summary_table_and_warns_about_public_routes(tmp_path: Path) -> None:
    result = run_main(tmp_path / "cdktf.out")
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.strip().splitlines()
    assert header.split() == ["environment", "resources", "outputs", "public", "routes"]
    assert [row.split()[0] for row in rows] == ["dev", "staging", "prod"]
    for row in rows:
        assert (
            "alarm_topic_arn, auth_base_url, client_ids, dashboard_name, invoke_url, issuer_url, region, "
            "token_endpoint, user_pool_id"
        ) in row
        assert row.rstrip().endswith("GET /health")
    assert "warning: dev: route 'GET /health' is public (authorization_type NONE)" in result.stderr
    # Nothing but the tool's own lines: no Node DeprecationWarning from cdktf's JavaScript (engine/selection.py)
    assert [line for line in result.stderr.splitlines() if not line.startswith("warning: ")] == []
    assert sorted(p.name for p in (tmp_path / "cdktf.out" / "stacks").iterdir()) == ["dev", "prod", "staging"]


BAD = {
    "route key without a slash": ('route_key = "GET /example"', 'route_key = "GET example"', "routes['GET example']"),
    "negative throttling": ("burst_limit = 20", "burst_limit = -1", "throttling.burst_limit"),
    "malformed TOML": ("[environments.prod]", "[environments.prod", "(syntax)"),
}


@pytest.mark.parametrize(("old", "new", "field"), BAD.values(), ids=BAD.keys())
def test_bad_config_exits_2_with_one_line_and_leaves_previous_output_intact(
    tmp_path: Path, old: str, new: str, field: str
) -> None:
    outdir = tmp_path / "cdktf.out"
    assert run_main(outdir).returncode == 0
    before = {p: p.read_bytes() for p in outdir.rglob("*") if p.is_file()}
    config = tmp_path / "environments.toml"
    original = (Path(__file__).parent.parent / "environments.toml").read_text(encoding="utf-8")
    assert old in original
    config.write_text(original.replace(old, new, 1), encoding="utf-8")

    result = run_main(outdir, config)

    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: environments.toml: ")
    assert field in lines[0]
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in outdir.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cdktf.out", "environments.toml"]


def test_resynth_replaces_output_without_leftovers(tmp_path: Path) -> None:
    outdir = tmp_path / "cdktf.out"
    (outdir / "stacks" / "old-env").mkdir(parents=True)
    result = run_main(outdir)
    assert result.returncode == 0, result.stderr
    assert not (outdir / "stacks" / "old-env").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cdktf.out"]


def test_synth_is_deterministic(tmp_path: Path, synth_dir: Path) -> None:
    outdir = tmp_path / "cdktf.out"
    assert run_main(outdir).returncode == 0
    files = sorted(p.relative_to(outdir) for p in outdir.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(synth_dir) for p in synth_dir.rglob("*") if p.is_file())
    for relative in files:
        assert (outdir / relative).read_bytes() == (synth_dir / relative).read_bytes(), relative


def test_a_second_synth_keeps_the_state_terraform_wrote_beside_a_stack(tmp_path: Path) -> None:
    outdir = tmp_path / "cdktf.out"
    assert run_main(outdir).returncode == 0
    state = outdir / "stacks" / "dev" / "terraform.dev.tfstate"
    state.write_text('{"version": 4}', encoding="utf-8")
    assert run_main(outdir).returncode == 0
    assert state.read_text(encoding="utf-8") == '{"version": 4}'
    assert (outdir / "stacks" / "dev" / "cdk.tf.json").is_file()


def test_the_optimized_synth_of_make_synth_writes_the_same_bytes(synth_dir: Path, tmp_path: Path) -> None:
    """`make synth` runs `python -O` (jsii's run-time argument checks skipped): nothing it writes differs."""
    outdir = tmp_path / "cdktf.out"
    cache = {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(tmp_path / "pycache")}
    result = run_main(outdir, extra_env=cache, python_flags=("-O",))
    assert result.returncode == 0, result.stderr
    files = {p.relative_to(outdir): p.read_bytes() for p in sorted(outdir.rglob("*")) if p.is_file()}
    assert files == {p.relative_to(synth_dir): p.read_bytes() for p in sorted(synth_dir.rglob("*")) if p.is_file()}
