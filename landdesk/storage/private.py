"""Workspace files for their owner only, whatever the umask, and new folders made under a temporary name.

POSIX: folders 0700 and the database 0600 (SQLite gives its -wal and -shm files the database file's
mode). Windows ignores these modes; there the workspace lives in the user's own profile folders, whose
ACLs already exclude other accounts, and the secrets in it are encrypted (services/keyvault.py).
"""

from __future__ import annotations

import os
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from landdesk.domain import filelock
from landdesk.domain.fileio import fsync_dir, replace

DIR_MODE = 0o700
FILE_MODE = 0o600
STALE_SECONDS = 3600


def private_dir(path: Path) -> Path:
    """Make the folder (and its parents) if needed; owner-only."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, DIR_MODE)
    return path


def new_private_db(path: Path) -> Path:
    """An empty database file created owner-only from its first byte (SQLite takes an empty file as a
    new database)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.close(fd)
    os.chmod(path, FILE_MODE)  # O_CREAT's mode is masked by the umask
    return path


def protect_existing(root: Path, db_name: str) -> None:
    """Workspaces made by an older LandDesk were world-readable: tighten them when opened (silently
    skipped where this account does not own the files)."""
    if os.name == "nt":
        return
    for path, mode in ((root, DIR_MODE), (root / db_name, FILE_MODE),
                       (root / f"{db_name}-wal", FILE_MODE), (root / f"{db_name}-shm", FILE_MODE)):
        try:
            if path.exists() and path.stat().st_mode & 0o077:
                os.chmod(path, mode)
        except OSError:
            pass


@contextmanager
def creating(root: Path) -> Iterator[Path]:
    """Yield a hidden owner-only folder beside `root`; when the block succeeds it is renamed to `root`
    (an existing empty `root` is replaced), otherwise removed. A process killed inside the block leaves
    only the hidden folder, never a half-made `root`; the next creation beside it removes it. A lock
    file beside the hidden folder, held while it is made, tells a killed creation's folder from one
    another process is making right now (one without a lock, from an older LandDesk, goes after an hour)."""
    parent = root.parent
    parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned(root)
    staging = parent / f".{root.name}.creating-{secrets.token_hex(4)}"
    lock = staging.with_name(staging.name + ".lock")
    try:
        with filelock.exclusive(lock, "Việc tạo thư mục này", "Creating this folder"):
            staging.mkdir()
            os.chmod(staging, DIR_MODE)
            try:
                yield staging
                fsync_dir(staging)
                if root.is_dir():
                    root.rmdir()  # empty: the caller refused anything else
                replace(staging, root)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
    finally:
        lock.unlink(missing_ok=True)  # once released: Windows removes no open file
    fsync_dir(parent)


def remove_abandoned(root: Path) -> None:
    """Remove what killed creations of `root` left beside it."""
    for old in root.parent.glob(f".{root.name}.creating-*"):
        try:
            if old.name.endswith(".lock"):
                if not old.with_name(old.name[: -len(".lock")]).exists() and filelock.abandoned(old):
                    old.unlink(missing_ok=True)  # killed before its folder was made, or after the rename
                continue
            lock = old.with_name(old.name + ".lock")
            if (filelock.abandoned(lock) if lock.exists() else time.time() - old.stat().st_mtime > STALE_SECONDS):
                shutil.rmtree(old, ignore_errors=True)
                lock.unlink(missing_ok=True)
        except OSError:
            pass
