"""Choosing environments, reading stacks and writing the three files without ever leaving half a file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from modules.errors import GraphError
from modules.graph.model import build_graph
from modules.graph.output import draw, environments, load_stack, mermaid_digest, write_atomically
from modules.graph.png import SOURCE_KEY, texts
from tests.conftest import load_stack as load_synthesized


@pytest.fixture
def synth_copy(synth_dir: Path, tmp_path: Path) -> Path:
    """The session's stacks in a private `cdktf.out` (the session's own output stays untouched)."""
    outdir = tmp_path / "cdktf.out"
    shutil.copytree(synth_dir / "stacks", outdir / "stacks")
    return outdir


def test_every_synthesized_environment_or_the_requested_ones(synth_copy: Path) -> None:
    assert environments(synth_copy, ()) == ("dev", "prod", "staging")
    assert environments(synth_copy, ("prod", "dev", "prod")) == ("prod", "dev")


def test_unknown_environment(synth_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(synth_copy.parent)
    with pytest.raises(GraphError) as caught:
        environments(synth_copy, ("qa",))
    assert str(caught.value) == "cdktf.out/stacks: environment 'qa': not synthesized; allowed: dev, prod, staging"


def test_missing_synth_output(tmp_path: Path) -> None:
    (tmp_path / "cdktf.out" / "stacks" / "dev").mkdir(parents=True)  # a directory without cdk.tf.json
    for outdir in (tmp_path / "nothing", tmp_path / "cdktf.out"):
        with pytest.raises(GraphError, match=r"/stacks: missing synth output; allowed: the output of `make synth`$"):
            environments(outdir, ())


@pytest.mark.parametrize(
    ("text", "message"),
    [("{not json", r"not valid JSON \(Expecting"), ("[1, 2]", "got a JSON list; allowed: a Terraform JSON object")],
)
def test_unreadable_stack(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "cdk.tf.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GraphError, match=message):
        load_stack(path)
    with pytest.raises(GraphError, match="missing synth output"):
        load_stack(tmp_path / "absent.json")


def test_the_png_carries_the_digest_of_its_mermaid_text(synth_dir: Path) -> None:
    drawing = draw(build_graph(load_synthesized(synth_dir, "dev"), "environment dev"))
    assert texts(drawing.png) == {SOURCE_KEY: mermaid_digest(drawing.mermaid)}


def test_write_atomically_replaces_or_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "dev.mmd"
    write_atomically(target, b"old")
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    with pytest.raises(TypeError):
        write_atomically(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["dev.mmd"]
    assert oct(target.stat().st_mode & 0o777) == "0o644"
