"""Just enough of the PNG format (RFC 2083) to check an image and to label it with what it was drawn from.

`dot` renders the picture; this module only reads the header (size), adds or reads `tEXt` chunks, and deflates
the pixel data again at zlib's best level. The committed README picture carries the SHA-256 of its Mermaid text
in such a chunk, so a test can tell that it is stale without comparing pixels, which differ between Graphviz
and font versions.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: The pixel data chunk; a PNG may split its one zlib stream over several consecutive ones.
IDAT = b"IDAT"
#: The tEXt keyword of the picture's source digest.
SOURCE_KEY = "graph-mermaid-sha256"


@dataclass(frozen=True)
class Chunk:
    """One chunk: its four-letter type and its data (length and CRC are derived)."""

    type: bytes
    data: bytes

    def encode(self) -> bytes:
        crc = zlib.crc32(self.type + self.data)
        return struct.pack(">I", len(self.data)) + self.type + self.data + struct.pack(">I", crc)


def chunks(image: bytes) -> list[Chunk]:
    """Every chunk of a PNG file, in order. Raises `ValueError` on anything that is not a complete PNG."""
    if not image.startswith(SIGNATURE):
        raise ValueError("not a PNG file (bad signature)")
    found, offset = [], len(SIGNATURE)
    while offset < len(image):
        if offset + 8 > len(image):
            raise ValueError("truncated PNG chunk header")
        (length,) = struct.unpack(">I", image[offset : offset + 4])
        kind, data = image[offset + 4 : offset + 8], image[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", image[offset + 8 + length : offset + 12 + length] or b"\0\0\0\0")
        if len(data) != length or crc != zlib.crc32(kind + data):
            raise ValueError(f"corrupt PNG chunk {kind!r}")
        found.append(Chunk(kind, data))
        offset += 12 + length
    if not found or found[0].type != b"IHDR" or found[-1].type != b"IEND":
        raise ValueError("a PNG must start with IHDR and end with IEND")
    return found


def size(image: bytes) -> tuple[int, int]:
    """(width, height) in pixels, from the IHDR chunk."""
    width, height = struct.unpack(">II", chunks(image)[0].data[:8])
    return int(width), int(height)


def recompressed(image: bytes) -> bytes:
    """The image with its pixel data deflated again at zlib's best level, in one IDAT chunk: the same pixels,
    about a tenth fewer bytes than Graphviz's PNG writer (cairo, libpng's defaults) gives. Deterministic."""
    parts = chunks(image)
    first = next((index for index, chunk in enumerate(parts) if chunk.type == IDAT), None)
    if first is None:
        raise ValueError("a PNG must have pixel data (IDAT)")
    pixels = zlib.decompress(b"".join(chunk.data for chunk in parts if chunk.type == IDAT))
    others = [chunk for chunk in parts if chunk.type != IDAT]
    joined = Chunk(IDAT, zlib.compress(pixels, zlib.Z_BEST_COMPRESSION))
    return SIGNATURE + b"".join(chunk.encode() for chunk in (*others[:first], joined, *others[first:]))


def with_text(image: bytes, key: str, value: str) -> bytes:
    """The image with a `tEXt` chunk `key`=`value` added just before IEND (pixels unchanged)."""
    parts = chunks(image)
    text = Chunk(b"tEXt", key.encode("latin-1") + b"\0" + value.encode("latin-1"))
    return SIGNATURE + b"".join(chunk.encode() for chunk in (*parts[:-1], text, parts[-1]))


def texts(image: bytes) -> dict[str, str]:
    """Every `tEXt` chunk of the image, keyword → text."""
    pairs = (chunk.data.split(b"\0", 1) for chunk in chunks(image) if chunk.type == b"tEXt")
    return {key.decode("latin-1"): value.decode("latin-1") for key, value in pairs}
