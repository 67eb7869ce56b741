"""PNG header, chunks and text labels, on images Graphviz really rendered."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable

import pytest

from modules.graph.graphviz import render
from modules.graph.png import chunks, size, texts, with_text


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
