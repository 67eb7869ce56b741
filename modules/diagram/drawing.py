"""One graph in the three formats: Mermaid text, SVG and a PNG that records the digest of its Mermaid text."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from modules.diagram.graphviz import dot_source, render, render_svg
from modules.diagram.mermaid import render_mermaid
from modules.diagram.model import Graph
from modules.diagram.png import SOURCE_KEY, recompressed, with_text


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
