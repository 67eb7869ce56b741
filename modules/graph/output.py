"""Read synthesized stacks from `cdktf.out`, draw them, and write `cdktf.out/graph/<env>.{mmd,svg,png}`.

Everything is rendered in memory first, so a failing `dot` writes nothing; each file is then written under a
temporary name in the same directory and renamed into place, so no reader ever sees a half-written file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modules.errors import GraphError
from modules.graph.graphviz import dot_source, render, render_svg
from modules.graph.mermaid import render_mermaid
from modules.graph.model import Graph, build_graph
from modules.graph.png import SOURCE_KEY, recompressed, with_text
from modules.synth_output.layout import STACKS_DIR, stack_file

GRAPH_DIR = "graph"


@dataclass(frozen=True)
class Drawing:
    """One graph in the three formats."""

    mermaid: str
    svg: bytes
    png: bytes


def draw(graph: Graph) -> Drawing:
    """Mermaid text, SVG and PNG of a graph; the PNG, recompressed, records the SHA-256 of the Mermaid text
    (`png.SOURCE_KEY`)."""
    mermaid = render_mermaid(graph)
    source = dot_source(graph)
    png = with_text(recompressed(render(source, "png")), SOURCE_KEY, mermaid_digest(mermaid))
    return Drawing(mermaid, render_svg(source), png)


def mermaid_digest(mermaid: str) -> str:
    """The digest a picture carries of the Mermaid text it was drawn with."""
    return hashlib.sha256(mermaid.encode("utf-8")).hexdigest()


def environments(synth_dir: Path, requested: tuple[str, ...]) -> tuple[str, ...]:
    """The environments to draw: `requested`, or every synthesized one (sorted). Raises `GraphError`."""
    stacks = synth_dir / STACKS_DIR
    found = stacks.iterdir() if stacks.is_dir() else iter(())
    known = sorted(p.name for p in found if stack_file(synth_dir, p.name).is_file())
    if not known:
        raise GraphError(f"{shown(stacks)}: missing synth output; allowed: the output of `make synth`")
    for name in requested:
        if name not in known:
            raise GraphError(f"{shown(stacks)}: environment {name!r}: not synthesized; allowed: {', '.join(known)}")
    return tuple(dict.fromkeys(requested)) if requested else tuple(known)


def load_stack(path: Path) -> dict[str, Any]:
    """One synthesized JSON document. Raises `GraphError` when it is missing or not a JSON object."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GraphError(f"{shown(path)}: missing synth output; allowed: the output of `make synth`") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise GraphError(f"{shown(path)}: not valid JSON ({exc}); allowed: the output of `make synth`") from None
    if not isinstance(document, dict):
        raise GraphError(f"{shown(path)}: got a JSON {type(document).__name__}; allowed: a Terraform JSON object")
    return document


def draw_environment(synth_dir: Path, environment: str) -> list[Path]:
    """Draw one environment's stack into `<synth_dir>/graph/`; returns the files written."""
    graph = build_graph(load_stack(stack_file(synth_dir, environment)), f"environment {environment}")
    drawing = draw(graph)
    directory = synth_dir / GRAPH_DIR
    directory.mkdir(parents=True, exist_ok=True)
    contents = {"mmd": drawing.mermaid.encode("utf-8"), "svg": drawing.svg, "png": drawing.png}
    return [write_atomically(directory / f"{environment}.{suffix}", data) for suffix, data in contents.items()]


def write_atomically(path: Path, data: bytes) -> Path:
    """Write `data` to a temporary file beside `path`, then rename it over `path`."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def shown(path: Path) -> str:
    """`path` relative to the working directory when it is below it (as error messages name files)."""
    try:
        return path.absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)
