"""Identifiers: time-ordered UUIDs for rows that travel between sites."""

from __future__ import annotations

import os
import threading
import time
import uuid


def _uuid7_int() -> int:
    """RFC 9562 UUIDv7: 48-bit Unix milliseconds, then random bits. Sorts by creation time."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version
    value |= ((rand >> 62) & 0xFFF) << 64  # rand_a (12 bits)
    value |= 0b10 << 62  # variant
    value |= rand & ((1 << 62) - 1)  # rand_b
    return value


def uuid7() -> uuid.UUID:
    return uuid.UUID(int=_uuid7_int())


def new_id() -> str:
    # the text of uuid7() without building a UUID object, the random bits drawn 256 ids at a time:
    # an import makes a quarter million ids
    tails = _pool.__dict__.get("tails")
    if not tails:
        tails = _pool.tails = _random_tails()
    h = f"{time.time_ns() // 1_000_000 & 0xFFFFFFFFFFFF:012x}{tails.pop()}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _random_tails(n: int = 256) -> list[str]:
    """Hex of n random 80-bit UUIDv7 tails: version 7, 12 bits, variant 10, 62 bits."""
    raw = bytearray(os.urandom(10 * n))
    raw[0::10] = bytes(0x70 | b & 0x0F for b in raw[0::10])
    raw[2::10] = bytes(0x80 | b & 0x3F for b in raw[2::10])
    h = raw.hex()
    return [h[i:i + 20] for i in range(0, 20 * n, 20)]


_pool = threading.local()  # per thread; a forked child draws its own
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=lambda: _pool.__dict__.clear())
