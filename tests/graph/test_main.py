"""`python -m modules.graph` as `make graph` runs it: every environment or one, same bytes, bad input → exit 2."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ENVIRONMENTS, ROOT

SUFFIXES = ("mmd", "svg", "png")


def run_graph(*args: str, cwd: Path, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CDKTF_OUTDIR", None)
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [sys.executable, "-m", "modules.graph", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _copy(synth_dir: Path, parent: Path) -> Path:
    outdir = parent / "cdktf.out"
    shutil.copytree(synth_dir / "stacks", outdir / "stacks")
    return outdir


@pytest.fixture(scope="module")
def drawn(synth_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the session's synth, drawn once with the defaults (`cdktf.out` in the working directory)."""
    parent = tmp_path_factory.mktemp("graph")
    outdir = _copy(synth_dir, parent)
    result = run_graph(cwd=parent)
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.splitlines()[0]
        == "dev: cdktf.out/graph/dev.mmd, cdktf.out/graph/dev.svg, cdktf.out/graph/dev.png"
    )
    return outdir


def test_every_environment_is_drawn(drawn: Path) -> None:
    files = sorted(p.name for p in (drawn / "graph").iterdir())
    assert files == sorted(f"{env}.{suffix}" for env in ENVIRONMENTS for suffix in SUFFIXES)
    for env in ENVIRONMENTS:
        assert f"title: environment {env}\n" in (drawn / "graph" / f"{env}.mmd").read_text(encoding="utf-8")


def test_same_synth_same_bytes(drawn: Path, synth_dir: Path, tmp_path: Path) -> None:
    again = _copy(synth_dir, tmp_path)
    result = run_graph("--synth-dir", str(again), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for env in ENVIRONMENTS:
        for suffix in SUFFIXES:
            name = f"{env}.{suffix}"
            assert (again / "graph" / name).read_bytes() == (drawn / "graph" / name).read_bytes(), name


def test_one_environment(synth_dir: Path, tmp_path: Path) -> None:
    outdir = _copy(synth_dir, tmp_path)
    result = run_graph("--synth-dir", str(outdir), "--env", "prod", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (outdir / "graph").iterdir()) == ["prod.mmd", "prod.png", "prod.svg"]


def _bad(result: subprocess.CompletedProcess[str], message: str) -> None:
    assert result.returncode == 2
    assert result.stderr.splitlines() == [message]
    assert result.stdout == ""


def test_missing_synth(tmp_path: Path) -> None:
    _bad(
        run_graph(cwd=tmp_path),
        "error: cdktf.out/stacks: missing synth output; allowed: the output of `make synth`",
    )


def test_unknown_environment_writes_nothing(synth_dir: Path, tmp_path: Path) -> None:
    outdir = _copy(synth_dir, tmp_path)
    _bad(
        run_graph("--env", "qa", cwd=tmp_path),
        "error: cdktf.out/stacks: environment 'qa': not synthesized; allowed: dev, prod, staging",
    )
    assert not (outdir / "graph").exists()


def test_malformed_stack(synth_dir: Path, tmp_path: Path) -> None:
    outdir = _copy(synth_dir, tmp_path)
    (outdir / "stacks" / "dev" / "cdk.tf.json").write_text("{", encoding="utf-8")
    result = run_graph("--env", "dev", cwd=tmp_path)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: cdktf.out/stacks/dev/cdk.tf.json: not valid JSON (")


def test_no_graphviz_writes_nothing(synth_dir: Path, tmp_path: Path) -> None:
    outdir = _copy(synth_dir, tmp_path)
    empty = tmp_path / "bin"
    empty.mkdir()
    _bad(
        run_graph("--env", "dev", cwd=tmp_path, path=str(empty)),
        "error: dot: not found on PATH; allowed: Graphviz installed (`make graphviz`, Debian graphviz)",
    )
    assert not (outdir / "graph").exists()


def test_the_graph_never_loads_an_engine_the_stacks_or_the_config() -> None:
    code = (
        "import sys, modules.graph.__main__\n"
        "print(sorted(m for m in sys.modules if m.startswith(('cdktf', 'cdktn', 'jsii'))\n"
        "             or m == 'modules.synth.app' or m.startswith(('modules.config', 'modules.constructs'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
