"""The content-addressed page store: media/ab/cd/<sha256>.<ext>.

A file is written to a temporary name inside the store, fsynced, then renamed into place (and the
folder fsynced), so a file under its final name is always whole. The database row is written only
after `put` returns, so a crash in between can leave a file without a row (an orphan). Writers that
record rows keep a `Pending` journal while their transaction is open: each file's name is written
(and fsynced) to `.tmp/intake-<token>.journal` before the file, and the journal is locked by its
process. `recover()` at the next start finds journals whose process has died (their lock is free),
removes the listed files that never got a row, and the journal's temporary parts: a cost of one
folder listing when nothing was interrupted.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from landdesk.domain.fileio import disk_full_guard, fsync_dir, sha256_file  # noqa: F401  (re-exported)

TMP_DIR = ".tmp"
_NAME = re.compile(r"^([0-9a-f]{64})\.([a-z0-9]{1,5})$")
_JOURNAL = re.compile(r"^intake-([0-9a-f]{32})\.journal$")


@dataclass(frozen=True)
class Stored:
    sha256: str
    ext: str
    path: Path
    size: int
    created: bool  # False when the same content was already in the store


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _try_lock(fd: int) -> bool:
    """An exclusive lock on an open file, without waiting; the OS drops it when the process dies."""
    try:
        if os.name == "nt":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


class Pending:
    """The files one open transaction has put into the store (its journal, locked while alive)."""

    def __init__(self, store: MediaStore):
        self.store = store
        self.token = uuid.uuid4().hex
        self.path = store.root / TMP_DIR / f"intake-{self.token}.journal"
        self.files: list[tuple[str, str]] = []
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with disk_full_guard(self.path):
            self._fd: int | None = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0))
        _try_lock(self._fd)

    def add(self, sha256: str, ext: str) -> None:
        """Record a file before it is written (durably: a power cut cannot lose the entry)."""
        with disk_full_guard(self.path):
            os.write(self._fd, f"{sha256}.{ext}\n".encode())
            os.fsync(self._fd)
        self.files.append((sha256, ext))

    def part(self, sha256: str, what: str = "part") -> Path:
        """A temporary name in the store's .tmp folder that recover() finds if this process dies."""
        return self.store.root / TMP_DIR / f"{self.token}.{sha256}.{what}"

    def committed(self) -> None:
        """The rows are committed: the journal has done its work."""
        self._close()

    def rolled_back(self) -> None:
        """The rows never came: the files put under this journal go again."""
        for sha, ext in self.files:
            self.store.remove(sha, ext)
            for what in ("part", "thumb"):
                self.part(sha, what).unlink(missing_ok=True)
        self.files.clear()
        self._close()

    def _close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closed first: Windows cannot remove an open file
            self._fd = None
            self.path.unlink(missing_ok=True)


class MediaStore:
    def __init__(self, root: Path):
        self.root = Path(root)

    def path_for(self, sha256: str, ext: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / f"{sha256}.{ext}"

    def pending(self) -> Pending:
        return Pending(self)

    def put_bytes(self, data: bytes, ext: str, sha256: str | None = None, *,
                  pending: Pending | None = None) -> Stored:
        """Store `data` (whole or not at all); a full drive raises DiskFullError with nothing left behind."""
        sha = sha256 or sha256_bytes(data)
        final = self.path_for(sha, ext)
        if final.is_file() and final.stat().st_size == len(data):
            if pending is not None:  # an orphan of an earlier crash gets its row now; if not, it goes
                pending.add(sha, ext)
            return Stored(sha, ext, final, len(data), False)
        if pending is not None:
            pending.add(sha, ext)
            tmp = pending.part(sha)
        else:
            tmp = self.root / TMP_DIR / f"{sha}.{os.getpid()}.part"
        try:
            with disk_full_guard(self.root):
                tmp.parent.mkdir(parents=True, exist_ok=True)
                with open(tmp, "wb") as f:
                    f.write(data)
                    f.flush()
                    os.fsync(f.fileno())
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp, final)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        fsync_dir(final.parent)
        return Stored(sha, ext, final, len(data), True)

    def remove(self, sha256: str, ext: str) -> bool:
        path = self.path_for(sha256, ext)
        try:
            path.unlink()
            return True
        except FileNotFoundError:
            return False

    def recover(self, with_rows: Callable[[list[str]], Iterable[str]]) -> list[tuple[str, str]]:
        """Finish what killed writers left: for each journal no live process holds, the files it
        lists that have no row (`with_rows(shas)` names those that do) are removed, with its parts.
        Returns the (sha256, ext) removed."""
        tmp = self.root / TMP_DIR
        try:
            names = os.listdir(tmp)
        except OSError:
            return []
        removed: list[tuple[str, str]] = []
        for name in names:
            m = _JOURNAL.match(name)
            if not m:
                continue
            try:
                fd = os.open(tmp / name, os.O_RDWR | getattr(os, "O_BINARY", 0))
            except OSError:
                continue  # gone meanwhile (its writer finished)
            try:
                if not _try_lock(fd):
                    continue  # its writer is alive
                listed = [_NAME.match(line) for line in _read_all(fd).decode("ascii", "replace").splitlines()]
                files = {(x.group(1), x.group(2)) for x in listed if x}
                keep = set(with_rows(sorted({sha for sha, _ in files})))
                for sha, ext in sorted(files):
                    if sha not in keep and self.remove(sha, ext):
                        removed.append((sha, ext))
                for part in names:
                    if part.startswith(m.group(1) + "."):
                        (tmp / part).unlink(missing_ok=True)
            finally:
                os.close(fd)
            (tmp / name).unlink(missing_ok=True)
        return removed

    def iter_files(self) -> Iterator[tuple[str, str, Path]]:
        """(sha256, ext, path) of every file under a content name."""
        if not self.root.is_dir():
            return
        for a in sorted(self.root.iterdir()):
            if not a.is_dir() or len(a.name) != 2 or a.name == TMP_DIR:
                continue
            for b in sorted(a.iterdir()):
                if not b.is_dir():
                    continue
                for f in sorted(b.iterdir()):
                    m = _NAME.match(f.name)
                    if m:
                        yield m.group(1), m.group(2), f

    def live(self) -> tuple[set[tuple[str, str]], set[str]]:
        """What open transactions are writing right now: the files listed in journals still locked,
        and those journals' tokens (their temporary parts are no leftovers)."""
        tmp = self.root / TMP_DIR
        files: set[tuple[str, str]] = set()
        tokens: set[str] = set()
        for name in sorted(os.listdir(tmp)) if tmp.is_dir() else ():
            m = _JOURNAL.match(name)
            if not m:
                continue
            try:
                fd = os.open(tmp / name, os.O_RDWR | getattr(os, "O_BINARY", 0))
            except OSError:
                continue
            try:
                if _try_lock(fd):
                    continue  # dead: recover() deals with it
                tokens.add(m.group(1))
                # Windows: the live writer's lock keeps us from reading byte 0; its files are then
                # recognised by their age instead (the grace period of `scans check --clean`).
                try:
                    text = _read_all(fd).decode("ascii", "replace")
                except OSError:
                    continue
                files |= {(x.group(1), x.group(2)) for x in map(_NAME.match, text.splitlines()) if x}
            finally:
                os.close(fd)
        return files, tokens

    def stray_files(self, live_tokens: set[str] = frozenset()) -> list[Path]:
        """Leftovers that are not content files: temporary parts (except those of live writers) and
        unexpected names."""
        out: list[Path] = []
        if not self.root.is_dir():
            return out
        tmp = self.root / TMP_DIR
        if tmp.is_dir():
            out += sorted(p for p in tmp.iterdir() if p.is_file() and not _JOURNAL.match(p.name)
                          and p.name.split(".", 1)[0] not in live_tokens)
        for a in sorted(self.root.iterdir()):
            if a.is_dir() and len(a.name) == 2:
                for b in sorted(a.iterdir()):
                    if b.is_dir():
                        out += [f for f in sorted(b.iterdir()) if f.is_file() and not _NAME.match(f.name)]
        return out


def _read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)
