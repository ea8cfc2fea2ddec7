"""Where a backup works, and what a killed backup left behind.

A backup holds two lock files while it works (domain/filelock: the operating system drops a lock when
its process ends, however it ends):
- `.<name>.lock` beside its `.<name>.partial` folder in the target, from before the folder is made
  until after it has its final name;
- `.snapshot-<token>.lock` beside the plain database snapshot it makes in <workspace>/backups, until
  the snapshot is gone.
A `.partial` folder or a snapshot whose lock is free belongs to a backup that was killed: the next
backup into that target removes it, and every workspace start cleans its own backups folder. One
without a lock file comes from an older LandDesk (or a backup that has just begun): it goes only when
it is a day old.
"""

from __future__ import annotations

import itertools
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from landdesk.domain import filelock
from landdesk.services.backup_format import PREFIX
from landdesk.storage.private import private_dir

STALE_PARTIAL_SECONDS = 24 * 3600
SNAPSHOT = ".snapshot-"


def _busy() -> tuple[str, str]:
    return "Một bản sao lưu khác vào cùng thư mục", "Another backup into the same folder"


def _taken(target: Path, name: str) -> bool:
    return (target / name).exists() or (target / f".{name}.partial").exists()


@contextmanager
def reserved(target: Path, base: str) -> Iterator[str]:
    """A backup name free in `target` (`base`, else `base-2`, …): no finished backup and none being
    made has it. Its lock is held for the block (which makes `.<name>.partial` and renames it)."""
    for n in itertools.count(1):
        name = base if n == 1 else f"{base}-{n}"
        lock = target / f".{name}.lock"
        if _taken(target, name) or lock.exists():
            continue
        stack = ExitStack()
        try:
            stack.enter_context(filelock.exclusive(lock, *_busy()))
        except filelock.LockHeld:  # another backup chose the same name at the same moment
            continue
        try:
            with stack:
                if _taken(target, name):  # another backup finished under this name meanwhile
                    continue
                yield name
                return
        finally:
            lock.unlink(missing_ok=True)  # once released: Windows removes no open file


def clean_target(target: Path) -> None:
    """Remove the `.partial` folders (and lock files) of backups that were killed."""
    try:
        names = [p.name for p in target.iterdir() if p.name.startswith(f".{PREFIX}")]
    except OSError:
        return
    for entry in names:
        path = target / entry
        if entry.endswith(".partial"):
            lock = target / (entry[: -len(".partial")] + ".lock")
            if lock.exists() and filelock.abandoned(lock):
                shutil.rmtree(path, ignore_errors=True)
                lock.unlink(missing_ok=True)
            elif not lock.exists() and _older_than(path, STALE_PARTIAL_SECONDS):
                shutil.rmtree(path, ignore_errors=True)
        elif entry.endswith(".lock") and not (target / (entry[: -len(".lock")] + ".partial")).exists() \
                and filelock.abandoned(path):  # killed before its folder was made, or after its rename
            path.unlink(missing_ok=True)


@contextmanager
def snapshot_path(folder: Path) -> Iterator[Path]:
    """A name in `folder` for the plain database snapshot, locked while the block runs; the snapshot
    (and whatever SQLite made beside it) is removed at the end, whatever happens."""
    token = secrets.token_hex(6)
    lock = private_dir(folder) / f"{SNAPSHOT}{token}.lock"
    try:
        with filelock.exclusive(lock, *_busy()):
            try:
                yield folder / f"{SNAPSHOT}{token}.db"
            finally:
                _remove_snapshot(folder, token)
    finally:
        lock.unlink(missing_ok=True)


def clean_snapshots(folder: Path) -> None:
    """Remove the database snapshots of backups that were killed (they hold personal data in clear)."""
    try:
        # .snapshot-<token>.db and .lock, and the snapshot's temporary file (..snapshot-<token>.db.….part)
        names = [p.name[1:] if p.name.startswith("." + SNAPSHOT) else p.name for p in folder.iterdir()]
        names = [n for n in names if n.startswith(SNAPSHOT)]
    except OSError:
        return
    for token in {n[len(SNAPSHOT):].split(".", 1)[0] for n in names}:
        lock = folder / f"{SNAPSHOT}{token}.lock"
        if lock.exists():
            if filelock.abandoned(lock):
                _remove_snapshot(folder, token)
                lock.unlink(missing_ok=True)
        elif all(_older_than(p, STALE_PARTIAL_SECONDS) for p in _snapshot_files(folder, token)):
            _remove_snapshot(folder, token)


def _snapshot_files(folder: Path, token: str) -> list[Path]:
    """The snapshot and what was made beside it: its temporary file (fileio.temp_path:
    `..snapshot-<token>.db.<pid>.<n>.part`) and SQLite's journal of that."""
    return [*folder.glob(f"{SNAPSHOT}{token}.db*"), *folder.glob(f".{SNAPSHOT}{token}.db*")]


def _remove_snapshot(folder: Path, token: str) -> None:
    for path in _snapshot_files(folder, token):
        path.unlink(missing_ok=True)


def _older_than(path: Path, seconds: float) -> bool:
    try:
        return time.time() - path.stat().st_mtime > seconds
    except OSError:
        return False
