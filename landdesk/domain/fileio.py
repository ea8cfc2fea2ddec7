"""Durable file writing, replacing and hashing shared by every writer (stdlib only).

Every writer goes through these so that three things hold everywhere, on Linux and on Windows:
- a file under its final name is always whole (temp name in the same folder, fsync, replace);
- a full drive is one clear message (`DiskFullError`), and the temp file is gone;
- a destination held open by another program (Excel, a scanner driver, an antivirus) is retried
  briefly and then named in a message (`FileLockedError`) instead of a traceback.
"""

from __future__ import annotations

import errno
import hashlib
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from landdesk.domain.errors import LandDeskError

CHUNK = 1 << 20
# Windows error codes: 32 sharing violation, 33 lock violation, 5 access denied (a file open in Excel);
# 112 disk full, 39 handle disk full.
_LOCKED_WINERRORS = {5, 32, 33}
_FULL_WINERRORS = {39, 112}
RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8)  # about 1.5 s in all before the user is asked


class DiskFullError(LandDeskError):
    def __init__(self, where: Path | str):
        folder = str(Path(where).parent if Path(where).suffix else where)
        super().__init__(
            f"Ổ đĩa đã đầy, không ghi được vào {folder}. Hãy giải phóng chỗ trống rồi thử lại; chưa có gì bị thay đổi.",
            f"The drive is full; cannot write to {folder}. Free some space and try again; nothing was changed.",
        )


class FileLockedError(LandDeskError):
    def __init__(self, path: Path | str):
        name = Path(path).name
        super().__init__(
            f"Tệp {name} đang được một chương trình khác mở (Excel, máy quét…). Hãy đóng tệp {name} rồi thử lại.",
            f"The file {name} is open in another program (Excel, a scanner…). Close {name} and try again.",
        )
        self.path = Path(path)


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and (
        exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1))
        or getattr(exc, "winerror", None) in _FULL_WINERRORS)


def is_locked(exc: BaseException) -> bool:
    """A PermissionError that means 'another program holds this file' (Windows) — retry-worthy."""
    return isinstance(exc, PermissionError) and (
        getattr(exc, "winerror", None) in _LOCKED_WINERRORS or os.name == "nt" or getattr(exc, "landdesk_locked", False))


@contextmanager
def disk_full_guard(where: Path | str) -> Iterator[None]:
    """Turn 'no space left on device' inside the block into one clear `DiskFullError`."""
    try:
        yield
    except OSError as exc:
        if is_disk_full(exc):
            raise DiskFullError(where) from None
        raise


def replace(src: Path | str, dst: Path | str, *, delays: tuple[float, ...] = RETRY_DELAYS) -> None:
    """os.replace that waits briefly for a destination another program holds, then names it."""
    for delay in (*delays, None):
        try:
            os.replace(src, dst)
            return
        except OSError as exc:
            if not is_locked(exc):
                raise
            if delay is None:
                raise FileLockedError(dst) from None
            time.sleep(delay)


def temp_path(path: Path) -> Path:
    """A unique temporary name beside `path` (same folder, so the final replace is atomic)."""
    return path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns() % 10**9}.part")


@contextmanager
def atomic_output(path: Path | str, *, sync_folder: bool = True) -> Iterator[Path]:
    """Yield a temp path beside `path`; on success it is fsynced and replaces `path`, on any error
    (a full drive included: `DiskFullError`) it is removed and `path` is untouched. A writer of many
    files in one folder passes sync_folder=False and fsyncs the folder once at the end."""
    path = Path(path)
    tmp = temp_path(path)
    try:
        with disk_full_guard(path):
            yield tmp
            with open(tmp, "rb+") as f:
                os.fsync(f.fileno())
            replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise
    if sync_folder:
        fsync_dir(path.parent)


def atomic_write(path: Path | str, data: bytes | Callable[[BinaryIO], None], *, sync_folder: bool = True) -> None:
    """Write bytes (or let `data(f)` write) to `path` so that it is whole or untouched."""
    with atomic_output(path, sync_folder=sync_folder) as tmp, open(tmp, "wb") as f:
        if callable(data):
            data(f)
        else:
            f.write(data)


def atomic_write_text(path: Path | str, text: str, *, sync_folder: bool = True) -> None:
    atomic_write(path, text.encode("utf-8"), sync_folder=sync_folder)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def fsync_dir(path: Path) -> None:
    """Make a rename inside `path` durable (POSIX); a no-op where folders cannot be opened — the
    rename itself is still atomic there."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
