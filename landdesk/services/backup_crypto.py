"""Encrypted backup files: AES-256-GCM in 1 MiB chunks, under a key derived from the printed backup key.

A file is `LDBKENC1`, an 8-byte random nonce prefix, then chunks sealed with nonce = prefix + the chunk's
number (4 bytes) and, as associated data, the file's path inside the backup and whether the chunk is the
last: a chunk moved, dropped, swapped with another file's or cut off at the end does not decrypt.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
from collections.abc import Iterator
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from landdesk.domain.errors import LandDeskError
from landdesk.domain.fileio import atomic_output

MAGIC = b"LDBKENC1"
CHUNK = 1 << 20
TAG = 16
SCHEME = "aes-256-gcm-chunked-v1"


class BackupKey:
    """The 256-bit file key derived from the printed backup key (160 random bits), and its short id."""

    def __init__(self, printable: str):
        plain = "".join(c for c in printable.upper() if c.isascii() and c.isalnum())
        if len(plain) < 32:
            raise LandDeskError("Khóa sao lưu không đúng dạng (32 chữ và số, ví dụ ABCD-EFGH-…).",
                                "The backup key is not in the right form (32 letters and digits, e.g. ABCD-EFGH-…).")
        self.key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"LandDesk backup key",
                        info=b"backup files v1").derive(plain.encode("ascii"))
        self.key_id = hashlib.sha256(b"id:" + self.key).hexdigest()[:16]
        self._aead = AESGCM(self.key)

    def seal(self, nonce: bytes, data: bytes, aad: bytes) -> bytes:
        return self._aead.encrypt(nonce, data, aad)

    def open(self, nonce: bytes, data: bytes, aad: bytes) -> bytes:
        return self._aead.decrypt(nonce, data, aad)


def sealed_size(plain_size: int) -> int:
    chunks = max(1, -(-plain_size // CHUNK))
    return len(MAGIC) + 8 + plain_size + chunks * TAG


def _aad(name: str, last: bool) -> bytes:
    return name.encode("utf-8") + (b"\x01" if last else b"\x00")


def encrypt_file(key: BackupKey, src: Path | bytes, dest: Path, name: str) -> tuple[str, int, str]:
    """Encrypt src (a file, or bytes) into dest (whole or not at all; the caller fsyncs the folder) →
    (SHA-256 of the stored file, its size, SHA-256 of the plain content)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    stored, plain = hashlib.sha256(), hashlib.sha256()
    prefix = os.urandom(8)
    size = 0
    with atomic_output(dest, sync_folder=False) as tmp, \
            (io.BytesIO(src) if isinstance(src, bytes) else open(src, "rb")) as fin, open(tmp, "wb") as fout:
        head = MAGIC + prefix
        fout.write(head)
        stored.update(head)
        size += len(head)
        chunk, n = fin.read(CHUNK), 0
        while True:
            nxt = fin.read(CHUNK) if len(chunk) == CHUNK else b""
            plain.update(chunk)
            sealed = key.seal(prefix + struct.pack(">I", n), chunk, _aad(name, not nxt))
            fout.write(sealed)
            stored.update(sealed)
            size += len(sealed)
            if not nxt:
                break
            chunk, n = nxt, n + 1
    return stored.hexdigest(), size, plain.hexdigest()


def decrypt_chunks(key: BackupKey, src: Path, name: str) -> Iterator[bytes]:
    """The plain content of an encrypted backup file, a chunk at a time; LandDeskError if any part was
    changed, cut, or sealed under another key."""
    with open(src, "rb") as f:
        head = f.read(len(MAGIC) + 8)
        if len(head) != len(MAGIC) + 8 or not head.startswith(MAGIC):
            raise _damaged(name)
        prefix = head[len(MAGIC):]
        block, n = f.read(CHUNK + TAG), 0
        while True:
            nxt = f.read(CHUNK + TAG) if len(block) == CHUNK + TAG else b""
            try:
                yield key.open(prefix + struct.pack(">I", n), block, _aad(name, not nxt))
            except InvalidTag:
                raise _damaged(name) from None
            if not nxt:
                return
            block, n = nxt, n + 1


def decrypt_file(key: BackupKey, src: Path, dest: Path, name: str) -> str:
    """Decrypt into dest (whole or not at all; the caller fsyncs the folder); the plain content's SHA-256."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    h = hashlib.sha256()
    with atomic_output(dest, sync_folder=False) as tmp, open(tmp, "wb") as out:
        for chunk in decrypt_chunks(key, src, name):
            h.update(chunk)
            out.write(chunk)
    return h.hexdigest()


def decrypt_bytes(key: BackupKey, src: Path, name: str) -> bytes:
    return b"".join(decrypt_chunks(key, src, name))


def _damaged(name: str) -> LandDeskError:
    return LandDeskError(f"Bản sao lưu bị hỏng, không khôi phục: tệp {name} không giải mã được (bị sửa hoặc cắt).",
                         f"The backup is damaged, not restored: file {name} does not decrypt (changed or cut).")
