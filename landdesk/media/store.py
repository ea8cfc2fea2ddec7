"""The content-addressed page store: media/ab/cd/<sha256>.<ext>.

A file is written to a temporary name inside the store, fsynced, then renamed into place (and the
folder fsynced), so a file under its final name is always whole. The database row is written only
after `put` returns; a crash in between leaves an orphan file, which `scans check --clean` removes.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from landdesk.domain.fileio import fsync_dir, sha256_file  # noqa: F401  (re-exported for services)

TMP_DIR = ".tmp"
_NAME = re.compile(r"^([0-9a-f]{64})\.([a-z0-9]{1,5})$")


@dataclass(frozen=True)
class Stored:
    sha256: str
    ext: str
    path: Path
    size: int
    created: bool  # False when the same content was already in the store


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()




class MediaStore:
    def __init__(self, root: Path):
        self.root = Path(root)

    def path_for(self, sha256: str, ext: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / f"{sha256}.{ext}"

    def put_bytes(self, data: bytes, ext: str, sha256: str | None = None) -> Stored:
        sha = sha256 or sha256_bytes(data)
        final = self.path_for(sha, ext)
        if final.is_file() and final.stat().st_size == len(data):
            return Stored(sha, ext, final, len(data), False)
        tmp_dir = self.root / TMP_DIR
        tmp_dir.mkdir(parents=True, exist_ok=True)
        tmp = tmp_dir / f"{sha}.{os.getpid()}.part"
        try:
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

    def stray_files(self) -> list[Path]:
        """Leftovers that are not content files: temporary parts and unexpected names."""
        out: list[Path] = []
        if not self.root.is_dir():
            return out
        tmp = self.root / TMP_DIR
        if tmp.is_dir():
            out += sorted(p for p in tmp.iterdir() if p.is_file())
        for a in sorted(self.root.iterdir()):
            if a.is_dir() and len(a.name) == 2:
                for b in sorted(a.iterdir()):
                    if b.is_dir():
                        out += [f for f in sorted(b.iterdir()) if f.is_file() and not _NAME.match(f.name)]
        return out
