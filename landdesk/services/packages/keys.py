"""The workspace's Ed25519 signing key: made at workspace creation (or first export), kept in
<workspace>/keys/ readable by its owner only, and shown to officers as a fingerprint."""

from __future__ import annotations

import os
from pathlib import Path

from landdesk.services.packages import crypto
from landdesk.services.users import require
from landdesk.storage.uow import UnitOfWork

SIGNING_KEY = "signing.key"
ENCRYPTION_KEY = "encryption.key"  # province desks only (X25519)


def write_private_key(path: Path, pem: bytes) -> None:
    """Create the key file with mode 0600 from the first byte (never world-readable, even briefly)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    if tmp.exists():
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, pem)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def _load_or_create(keys_dir: Path, name: str, make):
    path = Path(keys_dir) / name
    if path.is_file():
        return crypto.load_private_pem(path.read_bytes())
    key = make()
    write_private_key(path, crypto.private_pem(key))
    return key


def signing_key(keys_dir: Path):
    return _load_or_create(keys_dir, SIGNING_KEY, crypto.new_signing_key)


def encryption_key(keys_dir: Path):
    return _load_or_create(keys_dir, ENCRYPTION_KEY, crypto.new_encryption_key)


def key_fingerprint(ctx: UnitOfWork) -> str:
    """The fingerprint of this workspace's signing key, as the province compares it."""
    require(ctx, "read")
    return crypto.fingerprint(signing_key(ctx.keys_dir).public_key())


def public_key_b64(ctx: UnitOfWork) -> str:
    require(ctx, "read")
    return crypto.b64(crypto.raw_public(signing_key(ctx.keys_dir).public_key()))


# ---- rotation: the next key is announced inside a package signed by the current one ----------------

NEXT_KEY = "signing.next.key"


def start_rotation(ctx: UnitOfWork) -> str:
    """Make the next signing key; the next export announces it (signed by the current key) and the
    workspace switches to it once that package is written. Returns the new key's fingerprint."""
    require(ctx, "admin")
    path = ctx.keys_dir / NEXT_KEY
    if not path.is_file():
        write_private_key(path, crypto.private_pem(crypto.new_signing_key()))
    return crypto.fingerprint(crypto.load_private_pem(path.read_bytes()).public_key())


def pending_next_key(keys_dir: Path):
    path = Path(keys_dir) / NEXT_KEY
    return crypto.load_private_pem(path.read_bytes()) if path.is_file() else None


def finish_rotation(keys_dir: Path) -> None:
    """After the announcing package is published: the next key becomes the signing key (the old one
    is kept beside it, so packages already written can still be re-verified)."""
    keys_dir = Path(keys_dir)
    nxt = keys_dir / NEXT_KEY
    if not nxt.is_file():
        return
    cur = keys_dir / SIGNING_KEY
    if cur.is_file():
        n = 1
        while (keys_dir / f"signing.old{n}.key").exists():
            n += 1
        os.replace(cur, keys_dir / f"signing.old{n}.key")
    os.replace(nxt, cur)
