"""The README's picture (docs/architecture-dev.png) is the dev environment of the committed config.

Pixels differ between Graphviz and font versions, so the picture is compared by what it was drawn from: the
PNG records the SHA-256 of its Mermaid text, which must equal the digest of the graph drawn now from a fresh
synth of the committed environments.toml.
"""

from __future__ import annotations

from pathlib import Path

from modules.diagram.drawing import mermaid_digest
from modules.diagram.mermaid import render_mermaid
from modules.diagram.model import build_graph
from modules.diagram.png import SOURCE_KEY, size, texts
from tests.conftest import ROOT, as_document, load_stack

PICTURE = ROOT / "docs" / "architecture-dev.png"
REFRESH = "make graph ENV=dev && cp cdktf.out/graph/dev.png docs/architecture-dev.png"
#: Three function boxes (example, reports, the pre-token trigger), the identity side and the operations panel
#: (alarms, topic, dashboard) fit in this.
MAX_BYTES = 350_000


def test_the_picture_is_drawn_from_the_committed_config(synth_dir: Path) -> None:
    fresh = render_mermaid(build_graph(as_document(load_stack(synth_dir, "dev")), "environment dev"))
    recorded = texts(PICTURE.read_bytes()).get(SOURCE_KEY)
    assert recorded == mermaid_digest(fresh), f"docs/architecture-dev.png is stale; refresh it: {REFRESH}"
    other = render_mermaid(build_graph(as_document(load_stack(synth_dir, "prod")), "environment dev"))
    assert recorded != mermaid_digest(other)  # a config that draws differently would be caught


def test_the_picture_is_small_and_readable() -> None:
    image = PICTURE.read_bytes()
    assert len(image) < MAX_BYTES
    width, height = size(image)
    assert 800 < width < 2500
    assert 400 < height < 2000


def test_the_readme_shows_it_near_the_top_and_the_docs_say_how_to_refresh_it() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_lines = readme.splitlines()[:12]
    assert any("](docs/architecture-dev.png)" in line and line.startswith("![") for line in first_lines)
    assert "](docs/graph.md)" in readme
    assert REFRESH in (ROOT / "docs" / "graph.md").read_text(encoding="utf-8")
