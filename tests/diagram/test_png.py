"""PNG header, chunks, text labels and recompression, on images Graphviz really rendered."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from modules.diagram.graphviz import dot_source, render
from modules.diagram.model import build_graph
from modules.diagram.png import SIGNATURE, chunks, recompressed, size, texts, with_text
from tests.conftest import as_document, load_stack


@pytest.fixture(scope="module")
def image() -> bytes:
    return render('digraph { a -> b; b -> c; label="x"; }', "png")


def test_size_reads_the_header(image: bytes) -> None:
    width, height = size(image)
    assert 20 < width < 500
    assert 50 < height < 500
    assert struct.unpack(">II", image[16:24]) == (width, height)


def test_text_chunks_round_trip_and_keep_the_pixels(image: bytes) -> None:
    labelled = with_text(image, "graph-mermaid-sha256", "ab" * 32)
    assert texts(labelled) == {"graph-mermaid-sha256": "ab" * 32}
    assert size(labelled) == size(image)
    pixels = [c for c in chunks(labelled) if c.type == b"IDAT"]
    assert pixels == [c for c in chunks(image) if c.type == b"IDAT"]
    assert zlib.decompress(b"".join(c.data for c in pixels))  # still a valid zlib stream
    assert [c.type for c in chunks(labelled)][-2:] == [b"tEXt", b"IEND"]


def _pixels(image: bytes) -> bytes:
    return zlib.decompress(b"".join(c.data for c in chunks(image) if c.type == b"IDAT"))


def test_recompressing_keeps_the_pixels_and_every_other_chunk(synth_dir: Path) -> None:
    # a real picture: the dev environment, as `make graph` draws it
    image = render(dot_source(build_graph(as_document(load_stack(synth_dir, "dev")), "dev")), "png")
    smaller = recompressed(image)
    assert _pixels(smaller) == _pixels(image)
    assert size(smaller) == size(image)
    assert [c for c in chunks(smaller) if c.type != b"IDAT"] == [c for c in chunks(image) if c.type != b"IDAT"]
    assert [c.type for c in chunks(smaller)].count(b"IDAT") == 1
    assert len(smaller) < 0.97 * len(image)  # cairo deflates with libpng's defaults: ~4% more here
    assert recompressed(image) == smaller
    assert recompressed(smaller) == smaller


def test_recompressing_needs_pixel_data(image: bytes) -> None:
    without = [c for c in chunks(image) if c.type != b"IDAT"]
    with pytest.raises(ValueError, match=r"must have pixel data \(IDAT\)"):
        recompressed(SIGNATURE + b"".join(c.encode() for c in without))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda data: b"GIF89a" + data[6:], "bad signature"),
        (lambda data: data[:-6], "corrupt PNG chunk|truncated"),
        (lambda data: data[:30] + bytes([data[30] ^ 0xFF]) + data[31:], "corrupt PNG chunk"),
        (lambda data: data[:8], "must start with IHDR"),
    ],
)
def test_damaged_images_are_refused(image: bytes, damage: Callable[[bytes], bytes], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        chunks(damage(image))
