"""Where things live on this machine: default workspace, data and logs (resources/: domain/resources.py),
and which folders must not hold a workspace (synced or network folders).

The default workspace is Documents\\LandDesk, where an officer finds it and a backup program sees it
(it used to be hidden under AppData: a workspace already there is still used). A workspace is a SQLite
database written in place: OneDrive (and Dropbox, Google Drive) upload a half-written file and may put
an older copy back; network shares do not keep SQLite's locks. Both are refused with an explanation.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path, PurePath, PureWindowsPath

import platformdirs

from landdesk.domain.errors import LandDeskError

APP = "LandDesk"
MARKER = "landdesk-workspace.json"  # as landdesk/storage/marker.py (not imported: no storage below here)
SYNC_ENV = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")
SYNC_NAMES = re.compile(r"^(onedrive( - .+)?|dropbox|google drive|my drive|icloud ?drive)$", re.I)
# Linux file systems that are not this machine's disk (fuseblk is NTFS/exFAT on a local disk: allowed).
NETWORK_FS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "ceph", "glusterfs", "9p", "davfs", "sshfs"}
DRIVE_REMOTE = 4  # GetDriveTypeW


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP, appauthor=False))


def legacy_workspace() -> Path:
    """Where versions before 0.2 created the default workspace (hidden under AppData)."""
    return data_dir() / "workspace"


def default_workspace() -> Path:
    """LANDDESK_WORKSPACE; else the old hidden default when a workspace is there; else Documents\\LandDesk
    (or the home folder's LandDesk when Documents itself is synced by OneDrive)."""
    env = os.environ.get("LANDDESK_WORKSPACE")
    if env:
        return Path(env).expanduser()
    old = legacy_workspace()
    if (old / MARKER).is_file():
        return old
    documents = Path(platformdirs.user_documents_dir())
    if unsafe_reason(documents) is not None:  # Windows "Known Folder Move": Documents inside OneDrive
        return Path.home() / APP
    return documents / APP


# ---- folders a workspace must not be in ---------------------------------------------------------------


class UnsafeLocation(LandDeskError):
    def __init__(self, folder: PurePath, reason: str):
        self.reason = reason
        if reason == "synced":
            vi = (f"Không tạo được không gian làm việc trong {folder}: thư mục này được OneDrive (hoặc dịch vụ "
                  "đồng bộ khác) đồng bộ. Dịch vụ đó tải lên tệp cơ sở dữ liệu khi nó đang được ghi và có thể "
                  "chép đè bản cũ, làm hỏng dữ liệu. Hãy chọn một thư mục trên ổ đĩa của máy này, ngoài "
                  "OneDrive, và dùng chức năng Sao lưu để giữ bản sao.")
            en = (f"Cannot use {folder} for a workspace: OneDrive (or another sync service) syncs this folder. It "
                  "uploads the database while it is being written and may put an older copy back, damaging the "
                  "data. Choose a folder on this computer's own drive, outside OneDrive, and use Backup to keep "
                  "copies.")
        else:
            vi = (f"Không tạo được không gian làm việc trong {folder}: thư mục này nằm trên ổ mạng. Cơ sở dữ liệu "
                  "không được dùng qua mạng (khóa tệp không tin cậy, dễ hỏng dữ liệu). Hãy chọn một thư mục trên "
                  "ổ đĩa của máy này; các máy trong xã làm việc chung bằng chức năng máy trạm.")
            en = (f"Cannot use {folder} for a workspace: it is on a network drive. The database must not be used "
                  "over a network (file locks are unreliable there and data gets damaged). Choose a folder on this "
                  "computer's own drive; computers of one commune work together as stations.")
        super().__init__(vi, en)


def check_workspace_location(folder: Path | str) -> None:
    """Raise `UnsafeLocation` when `folder` is synced (OneDrive…) or on a network drive. Called by the
    set-up wizard and `landdesk init` before a workspace is created."""
    reason = unsafe_reason(Path(folder))
    if reason is not None:
        raise UnsafeLocation(Path(folder), reason)


def unsafe_reason(folder: Path) -> str | None:
    """'synced', 'network' or None for this machine's `folder` (which need not exist yet)."""
    if os.name == "nt":
        return windows_reason(PureWindowsPath(os.path.abspath(folder)), os.environ, _drive_type)
    mounts = ""
    try:
        with open("/proc/mounts", encoding="utf-8", errors="replace") as f:
            mounts = f.read()
    except OSError:
        pass
    return posix_reason(Path(os.path.abspath(folder)), mounts)


def windows_reason(path: PureWindowsPath, env: Mapping[str, str], drive_type: Callable[[str], int]) -> str | None:
    """The Windows rules, on a PureWindowsPath so that they run (and are tested) anywhere."""
    for name in SYNC_ENV:
        root = env.get(name)
        if root and _under(path, PureWindowsPath(root)):
            return "synced"
    if any(SYNC_NAMES.match(part) for part in path.parts[1:]):
        return "synced"
    drive = path.drive
    if drive.startswith("\\\\?\\") and not drive.upper().startswith("\\\\?\\UNC\\"):
        return windows_reason(PureWindowsPath(str(path)[4:]), env, drive_type)  # \\?\C:\... is local
    if drive.startswith("\\\\") or drive.startswith("//"):  # \\server\share (UNC), \\?\UNC\server\share
        return "network"
    if len(drive) == 2 and drive[1] == ":" and drive_type(drive + "\\") == DRIVE_REMOTE:  # a mapped drive
        return "network"
    return None


def _under(path: PureWindowsPath, root: PureWindowsPath) -> bool:
    p, r = [x.casefold() for x in path.parts], [x.casefold() for x in root.parts]
    return len(p) >= len(r) and p[:len(r)] == r


def _drive_type(root: str) -> int:
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)))  # type: ignore[attr-defined]


def posix_reason(path: Path, mounts: str) -> str | None:
    """The mount holding `path` (longest mount point that contains it) from /proc/mounts text."""
    best, fstype = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[1])  # \040 = space
        if (str(path) == point or str(path).startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
            best, fstype = point, fields[2]
    if fstype in NETWORK_FS or fstype.startswith("fuse.") or fstype.split(".")[0] in NETWORK_FS:
        return "network"
    if any(SYNC_NAMES.match(part) for part in path.parts[1:]):
        return "synced"
    return None
