"""Durable file primitives for backups: the SQLite online backup, integrity check, hashed copies,
fsync of files and folders.

Everything here writes through fileio.atomic_output (a temporary name, fsynced, then renamed), so a
copy interrupted at any moment is never mistaken for a whole one.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

from landdesk.domain.fileio import CHUNK, atomic_output, fsync_dir, sha256_file  # noqa: F401  (used via this module)


def copy_hashed(src: Path, dest: Path) -> tuple[str, int]:
    """Copy src → dest, whole or not at all (the caller fsyncs the folder); returns (sha256, size)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    h = hashlib.sha256()
    size = 0
    with atomic_output(dest, sync_folder=False) as tmp:
        with open(src, "rb") as fin, open(tmp, "wb") as fout:
            while chunk := fin.read(CHUNK):
                h.update(chunk)
                fout.write(chunk)
                size += len(chunk)
        shutil.copystat(src, tmp)
    return h.hexdigest(), size


def backup_database(src: Path, dest: Path) -> None:
    """A consistent snapshot of a live SQLite database (WAL included) into one self-contained file.

    Uses SQLite's online backup API: other connections may keep writing meanwhile. The copy is
    switched to rollback-journal mode so that reading it never creates -wal/-shm files beside it.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(src)
    try:
        with atomic_output(dest, sync_folder=False) as tmp:
            target = sqlite3.connect(tmp)
            try:
                source.backup(target)
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
    except sqlite3.Error as exc:  # e.g. the target drive is full: report it as the I/O error it is
        raise OSError(f"database copy failed: {exc}") from exc
    finally:
        source.close()


def integrity_check(db: Path) -> str:
    """'ok', or SQLite's first complaint. Opens the file read-only and never changes it."""
    if not db.is_file():
        return "missing"
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            row = conn.execute("PRAGMA integrity_check(1)").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return str(row[0]) if row else "no answer"


COUNTED_TABLES = ("dossiers", "holders", "parcels", "users", "audit_log")


def table_counts(db: Path, tables: tuple[str, ...] = COUNTED_TABLES) -> dict[str, int]:
    """Row counts of the main tables (those present), for the manifest and the restore report."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables if t in present}
    finally:
        conn.close()
