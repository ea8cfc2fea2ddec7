"""Dossier JSON stored LZ4-packed in the SQLite province store.

A province store holds every commune's dossiers (~2.3 KB of JSON each); packed they take ~60% of
that, and an import writes every page twice (WAL, then checkpoint), so fewer bytes are a faster
import and a smaller file. PostgreSQL gets plain text: it compresses large values itself (lz4
TOAST, migration p0002). Stored values are BLOBs; text written before packing (or by hand) reads
back as it is.
"""

from __future__ import annotations

import lz4.block
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator


def pack(text: str | bytes) -> bytes | str:
    """UTF-8 JSON text → LZ4 block (size-prefixed); "" stays "" (most dossiers have no merge base)."""
    if not text:
        return ""
    return lz4.block.compress(text.encode("utf-8") if isinstance(text, str) else text)


def unpack(value: str | bytes | None) -> str | None:
    if isinstance(value, bytes):
        return lz4.block.decompress(value).decode("utf-8")
    return value


class PackedText(TypeDecorator):
    """Text that SQLite stores packed (pack / unpack); other databases get it as it is."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return pack(value) if dialect.name == "sqlite" and value else value

    def process_result_value(self, value, dialect):
        return unpack(value)
