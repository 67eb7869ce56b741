"""`cdktf.out/graph/<env>.{mmd,svg,png}`: the three files of one environment, each replaced atomically."""

from __future__ import annotations

import shutil
from pathlib import Path

from modules.diagram.drawing import mermaid_digest
from modules.diagram.png import SOURCE_KEY, texts
from modules.graph.output import draw_environment


def test_an_environment_is_drawn_into_three_files(synth_dir: Path, tmp_path: Path) -> None:
    outdir = tmp_path / "cdktf.out"
    shutil.copytree(synth_dir / "stacks", outdir / "stacks")
    written = draw_environment(outdir, "dev")
    assert [p.name for p in written] == ["dev.mmd", "dev.svg", "dev.png"]
    assert texts(written[2].read_bytes()) == {SOURCE_KEY: mermaid_digest(written[0].read_text(encoding="utf-8"))}
    assert sorted(p.name for p in (outdir / "graph").iterdir()) == ["dev.mmd", "dev.png", "dev.svg"]
