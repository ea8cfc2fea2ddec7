"""Where the workspace lives on a Windows PC, with Windows' path rules (PureWindowsPath) on any machine:
Documents\\LandDesk by default, the old hidden default kept for existing users, and folders synced by
OneDrive or on the network refused — in `landdesk init` and in the set-up wizard."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path, PureWindowsPath

import pytest

from landdesk import paths

FIXED, REMOVABLE, REMOTE = 3, 2, 4
ENV = {"OneDrive": r"C:\Users\can.bo\OneDrive", "OneDriveCommercial": r"C:\Users\can.bo\OneDrive - UBND xã"}


def _drive(root: str) -> int:
    return {"Z:\\": REMOTE, "E:\\": REMOVABLE}.get(root.upper(), FIXED)


@pytest.mark.parametrize("path, reason", [
    (r"C:\Users\can.bo\Documents\LandDesk", None),
    (r"D:\LandDesk\xa-bac-giang", None),
    (r"E:\LandDesk", None),  # a USB drive is this computer's
    (r"C:\Users\can.bo\OneDrive\Documents\LandDesk", "synced"),
    (r"c:\users\CAN.BO\onedrive\LandDesk", "synced"),  # Windows paths ignore case
    (r"C:\Users\can.bo\OneDrive - UBND xã\LandDesk", "synced"),
    (r"C:\Users\other\OneDrive - Sở TNMT\LandDesk", "synced"),  # by its name when not this user's
    (r"C:\Users\can.bo\Dropbox\LandDesk", "synced"),
    (r"\\may-chu\chia-se\LandDesk", "network"),
    (r"\\?\UNC\may-chu\chia-se\LandDesk", "network"),
    (r"\\?\C:\LandDesk", None),
    (r"Z:\LandDesk", "network"),  # a mapped network drive (GetDriveTypeW: DRIVE_REMOTE)
])
def test_windows_rules(path, reason):
    assert paths.windows_reason(PureWindowsPath(path), ENV, _drive) == reason


MOUNTS = """/dev/vda / ext4 rw 0 0
server:/export /mnt/nfs nfs4 rw 0 0
//srv/share /mnt/smb\\040share cifs rw 0 0
user@host:/x /home/u/remote fuse.sshfs rw 0 0
/dev/sdb1 /media/usb fuseblk rw 0 0
tmpfs /tmp tmpfs rw 0 0
"""


@pytest.mark.parametrize("path, reason", [
    ("/home/u/LandDesk", None),
    ("/mnt/nfs/LandDesk", "network"),
    ("/mnt/smb share/LandDesk", "network"),
    ("/mnt/smb", None),
    ("/home/u/remote/ws", "network"),
    ("/media/usb/LandDesk", None),  # NTFS on a USB stick (fuseblk) is a local disk
    ("/home/u/OneDrive/LandDesk", "synced"),
])
def test_linux_rules(path, reason):
    assert paths.posix_reason(Path(path), MOUNTS) == reason


def test_default_workspace_is_documents_and_keeps_the_old_one(tmp_path, monkeypatch):
    monkeypatch.delenv("LANDDESK_WORKSPACE", raising=False)
    docs, data = tmp_path / "Documents", tmp_path / "AppData" / "LandDesk"
    monkeypatch.setattr(paths.platformdirs, "user_documents_dir", lambda: str(docs))
    monkeypatch.setattr(paths, "data_dir", lambda: data)
    assert paths.default_workspace() == docs / "LandDesk"
    (data / "workspace").mkdir(parents=True)
    assert paths.default_workspace() == docs / "LandDesk"  # an empty folder is no workspace
    (data / "workspace" / paths.MARKER).write_text("{}")
    assert paths.default_workspace() == data / "workspace"  # an existing user's workspace stays in use
    monkeypatch.setenv("LANDDESK_WORKSPACE", str(tmp_path / "elsewhere"))
    assert paths.default_workspace() == tmp_path / "elsewhere"


def test_documents_inside_onedrive_moves_the_default_home(tmp_path, monkeypatch):
    """Windows' 'Known Folder Move' puts Documents inside OneDrive: the default is then ~/LandDesk."""
    monkeypatch.delenv("LANDDESK_WORKSPACE", raising=False)
    monkeypatch.setattr(paths.platformdirs, "user_documents_dir", lambda: str(tmp_path / "OneDrive" / "Documents"))
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "data")
    assert paths.default_workspace() == Path.home() / "LandDesk"


def test_marker_name_matches_storage():
    from landdesk.storage import marker

    assert paths.MARKER == marker.MARKER


def test_init_refuses_a_onedrive_folder(tmp_path):
    target = tmp_path / "OneDrive" / "LandDesk"
    r = subprocess.run([sys.executable, "-m", "landdesk", "--workspace", str(target), "init", "--commune", "07210"],
                       capture_output=True, text=True, timeout=120, env=dict(os.environ, LANDDESK_LANG="en"),
                       encoding="utf-8")
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "OneDrive" in r.stderr and "Backup" in r.stderr
    assert not target.exists()


def test_wizard_refuses_a_onedrive_folder(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from landdesk.ui.dialogs.setup import SetupWizard

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: shown.append(text)))
    wiz = SetupWizard(None, tmp_path / "OneDrive" / "LandDesk")
    qtbot.addWidget(wiz)
    assert wiz.folder.validatePage() is False
    assert shown and "OneDrive" in shown[0]
    wiz.folder.folder.setText(str(tmp_path / "LandDesk"))
    assert wiz.folder.validatePage() is True
