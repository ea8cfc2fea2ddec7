"""One writer at a time across processes: an exclusive OS lock on a small file (stdlib only).

`fcntl.flock` on POSIX, `msvcrt.locking` on Windows, behind one helper. The operating system
releases the lock when its holder ends, however it ends (a kill, a crash, a power cut), so a lock is
never stale and nothing has to guess from a PID or an age whether it is; the lock file itself is
never deleted (deleting it would let two processes lock two different files). Its content (the
holder's PID and start time) is only for the message the second process shows.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from landdesk.domain.errors import LandDeskError

_INFO_AT = 16  # the holder's note is written past the locked byte (Windows blocks reads of it)


class LockHeld(LandDeskError):
    """Another process holds the lock; nothing was done."""


def _try_lock(fd: int) -> bool:
    if os.name == "nt":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # BlockingIOError: held by another open file
        return False
    return True


def _unlock(fd: int) -> None:
    if os.name == "nt":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def _holder(fd: int) -> str:
    try:
        os.lseek(fd, _INFO_AT, os.SEEK_SET)
        return os.read(fd, 200).decode("ascii", "replace").strip()
    except OSError:
        return ""


@contextmanager
def exclusive(path: Path | str, what_vi: str, what_en: str) -> Iterator[None]:
    """Hold the lock file `path` for the block, or raise LockHeld at once ("<what> is already running")."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not _try_lock(fd):
            who = _holder(fd)
            extra_vi = f" (tiến trình {who})" if who else ""
            extra_en = f" (process {who})" if who else ""
            raise LockHeld(f"{what_vi} đang chạy ở một cửa sổ hoặc lệnh khác{extra_vi}. Hãy chờ xong rồi thử lại.",
                           f"{what_en} is already running in another window or command{extra_en}. "
                           "Wait for it to finish and try again.")
        try:
            os.lseek(fd, _INFO_AT, os.SEEK_SET)
            os.write(fd, f"{os.getpid()} {time.strftime('%Y-%m-%d %H:%M:%S')}".ljust(40).encode("ascii"))
        except OSError:  # the note is a courtesy; a full drive must not stop the lock
            pass
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def abandoned(path: Path | str) -> bool:
    """True when no process holds the lock file `path` (or there is none): whatever it guarded was
    left by a process that has ended. The caller removes it (and the lock file) only after this."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return True
    except OSError:  # not ours to judge (another account's file, a folder)
        return False
    try:
        if _try_lock(fd):
            _unlock(fd)
            return True
        return False
    finally:
        os.close(fd)
