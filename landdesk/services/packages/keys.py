"""The workspace's keys: the Ed25519 signing key (made at workspace creation, or first export; shown to
officers as a fingerprint) and the backup key. Kept in <workspace>/keys/, owner-only and encrypted for
this operating-system account (services/keyvault.py: DPAPI on Windows); keys written by an older
LandDesk in plain PEM are encrypted the first time they are read."""

from __future__ import annotations

import base64
import os
from pathlib import Path

from landdesk.services import keyvault
from landdesk.services.packages import crypto
from landdesk.services.users import require
from landdesk.storage.uow import UnitOfWork

SIGNING_KEY = "signing.key"
ENCRYPTION_KEY = "encryption.key"  # province desks only (X25519)
BACKUP_KEY = "backup.key"


def write_private_key(path: Path, pem: bytes) -> None:
    """Write a key file encrypted at rest, owner-only from its first byte."""
    keyvault.write_protected(path, pem)


def read_secret(path: Path) -> bytes:
    """A key file's plain content (a plain PEM left by an older LandDesk is encrypted in place)."""
    data = path.read_bytes()
    if keyvault.is_vault(data):
        return keyvault.unprotect(data, path.name)
    keyvault.write_protected(path, data)
    return data


def _load_or_create(keys_dir: Path, name: str, make):
    path = Path(keys_dir) / name
    if path.is_file():
        return crypto.load_private_pem(read_secret(path))
    key = make()
    write_private_key(path, crypto.private_pem(key))
    return key


def signing_key(keys_dir: Path):
    return _load_or_create(keys_dir, SIGNING_KEY, crypto.new_signing_key)


def encryption_key(keys_dir: Path):
    return _load_or_create(keys_dir, ENCRYPTION_KEY, crypto.new_encryption_key)


def backup_key(keys_dir: Path) -> str:
    """The workspace's backup key as printed for the office safe: 32 letters and digits in groups of
    four (160 random bits). Made with the workspace (or by the first backup of an older one)."""
    path = Path(keys_dir) / BACKUP_KEY
    if path.is_file():
        return read_secret(path).decode("ascii")
    key = format_backup_key(base64.b32encode(os.urandom(20)).decode("ascii"))
    write_private_key(path, key.encode("ascii"))
    return key


def set_backup_key(keys_dir: Path, key: str) -> None:
    write_private_key(Path(keys_dir) / BACKUP_KEY, format_backup_key(key).encode("ascii"))


def format_backup_key(key: str) -> str:
    """'k3qf 7zp2…' or 'K3QF-7ZP2-…' → 'K3QF-7ZP2-…' (what the officer types back is forgiving)."""
    plain = "".join(c for c in key.upper() if c.isalnum())
    return "-".join(plain[i:i + 4] for i in range(0, len(plain), 4))


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
    return crypto.fingerprint(crypto.load_private_pem(read_secret(path)).public_key())


def pending_next_key(keys_dir: Path):
    path = Path(keys_dir) / NEXT_KEY
    return crypto.load_private_pem(read_secret(path)) if path.is_file() else None


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
