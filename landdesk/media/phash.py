"""A 64-bit difference hash (dHash) for near-duplicate pages.

Two scans of the same sheet differ in noise and a little shift but keep the same light/dark layout,
so their hashes are a few bits apart. Stored as four 16-bit bands: by pigeonhole, two hashes at most
3 bits apart share at least one band exactly, which an index can find.
"""

from __future__ import annotations

from PIL import Image

NEAR_BITS = 3


def dhash(gray: Image.Image) -> int:
    small = gray.convert("L").resize((9, 8), Image.Resampling.BOX)
    px = small.tobytes()
    bits = 0
    for row in range(8):
        base = row * 9
        for col in range(8):
            bits = (bits << 1) | (px[base + col] > px[base + col + 1])
    return bits


def bands(h: int) -> tuple[int, int, int, int]:
    # Signed 16-bit values would do too; unsigned keeps them readable.
    return ((h >> 48) & 0xFFFF, (h >> 32) & 0xFFFF, (h >> 16) & 0xFFFF, h & 0xFFFF)


def from_bands(b: tuple[int, int, int, int]) -> int:
    return (b[0] << 48) | (b[1] << 32) | (b[2] << 16) | b[3]


def distance(a: int, b: int) -> int:
    return (a ^ b).bit_count()
