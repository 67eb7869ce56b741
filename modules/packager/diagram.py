"""The module's architecture diagram, drawn like `make graph` draws an environment (`modules/diagram`).

It is drawn from the module stack (`cdktf.out/module/cdk.tf.json`), the module itself rather than one
environment: names read as the inputs that make them (`{project}-{environment}-example`), and resources that
an input switches on (`count`: the logs KMS key, the custom domain) are drawn dashed. The Mermaid text goes
into the README, the PNG beside it (`architecture.png`); Graphviz draws the same input to the same bytes, so
the archives stay reproducible.
"""

from __future__ import annotations

from pathlib import Path

from modules.diagram.drawing import draw
from modules.diagram.model import build_graph
from modules.synth_output.model import StackDocument

DIAGRAM_FILE = "architecture.png"


def write_diagram(module_dir: Path, module_stack: StackDocument, title: str) -> str:
    """Write `architecture.png` into the module directory; return the Mermaid text of the same graph."""
    drawing = draw(build_graph(module_stack, title))
    (module_dir / DIAGRAM_FILE).write_bytes(drawing.png)
    return drawing.mermaid
