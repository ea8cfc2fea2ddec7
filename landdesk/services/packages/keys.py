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


def on_workspace_created(ws) -> None:
    """Workspace creation step (registered in landdesk.workspace._CREATE_HOOKS by the front ends)."""
    signing_key(Path(ws.root) / "keys")


def key_fingerprint(ctx: UnitOfWork) -> str:
    """The fingerprint of this workspace's signing key, as the province compares it."""
    require(ctx, "read")
    return crypto.fingerprint(signing_key(ctx.keys_dir).public_key())


def public_key_b64(ctx: UnitOfWork) -> str:
    require(ctx, "read")
    return crypto.b64(crypto.raw_public(signing_key(ctx.keys_dir).public_key()))
