"""What backups and restores share: the layout's names, the manifest, file-name safety.

Version 2 (this one) is encrypted: every file but the manifest and the workspace marker is sealed with
the workspace's backup key (services/backup_crypto.py), scans go to `media-encrypted/` beside the
backups (so version-1 backups in the same target keep their plain `media/`), and the manifest carries a
MAC under the same key. Version 1 (plain) backups still restore.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath

from landdesk.domain.errors import LandDeskError
from landdesk.domain.fileio import atomic_write_text
from landdesk.storage.marker import DB_NAME, MARKER  # noqa: F401 - the workspace's file names, for backup/restore

FORMAT = "landdesk-backup"
VERSION = 2
MANIFEST = "manifest.json"
PREFIX = "landdesk-backup-"
MEDIA = "media"
MEDIA_SEALED = "media-encrypted"
KEYS = "keys"
_MEDIA_ROOTS = {f"../{MEDIA}", f"../{MEDIA_SEALED}"}


@dataclass
class Manifest:
    folder: Path
    data: dict = field(default_factory=dict)

    @property
    def encrypted(self) -> bool:
        return self.data.get("encryption") is not None

    @property
    def media_root(self) -> Path:
        root = self.data.get("media_root", f"../{MEDIA}")
        if root not in _MEDIA_ROOTS:
            raise damaged("thư mục bản quét không hợp lệ.", "the scans folder is not valid.")
        return (self.folder / root).resolve()


def damaged(vi: str, en: str) -> LandDeskError:
    return LandDeskError(f"Bản sao lưu bị hỏng, không khôi phục: {vi}", f"The backup is damaged, not restored: {en}")


def rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def walk(root: Path) -> Iterator[Path]:
    """Files under root, sorted, skipping temporary ones (.part files, hidden folders such as the
    scan store's .tmp/)."""
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.endswith(".part") and not name.startswith("."):
                yield Path(dirpath) / name


def write_json(path: Path, data: dict) -> None:
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=1))


def manifest_mac(key: bytes, data: dict) -> str:
    body = json.dumps({k: v for k, v in data.items() if k != "mac"}, sort_keys=True, ensure_ascii=False)
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()


_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
             *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_BAD_CHARS = set('<>:"|?*') | {chr(i) for i in range(32)}


def safe_name(rel_path: str) -> bool:
    """A relative path that stays inside the folder it is restored into, on Windows as on Linux:
    no drive ('C:x'), no root ('/x', '\\\\x'), no '..', no alternate data stream ('a:b'), no device
    name ('CON', 'nul.txt'), no part ending in a dot or a space, no control characters."""
    if not isinstance(rel_path, str) or not rel_path or len(rel_path) > 400:
        return False
    win, posix = PureWindowsPath(rel_path), PurePosixPath(rel_path)
    if win.drive or win.root or win.is_absolute() or posix.is_absolute():
        return False
    parts = rel_path.replace("\\", "/").split("/")
    for part in parts:
        if part in ("", ".", "..") or part[-1] in ". " or _BAD_CHARS & set(part):
            return False
        if part.split(".")[0].upper().rstrip() in _RESERVED:
            return False
    return True
