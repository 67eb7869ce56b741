"""Draw synthesized stacks from `cdktf.out` and write `cdktf.out/graph/<env>.{mmd,svg,png}`.

Everything is rendered in memory first, so a failing `dot` writes nothing; each file is then replaced
atomically, so no reader ever sees a half-written file.
"""

from __future__ import annotations

from pathlib import Path

from modules.diagram.drawing import draw
from modules.diagram.model import build_graph
from modules.files.atomic import write_atomically
from modules.synth_output.layout import GRAPH_DIR
from modules.synth_output.loading import load_stack


def draw_environment(synth_dir: Path, environment: str) -> list[Path]:
    """Draw one environment's stack into `<synth_dir>/graph/`; returns the files written."""
    graph = build_graph(load_stack(synth_dir, environment), f"environment {environment}")
    drawing = draw(graph)
    directory = synth_dir / GRAPH_DIR
    directory.mkdir(parents=True, exist_ok=True)
    contents = {"mmd": drawing.mermaid.encode("utf-8"), "svg": drawing.svg, "png": drawing.png}
    return [write_atomically(directory / f"{environment}.{suffix}", data) for suffix, data in contents.items()]
