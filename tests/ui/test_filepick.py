"""Where the file dialogs open: the folder of the last file chosen, else Documents — never the working
directory (an installed app's program folder, where an officer cannot save). Qt's own dialog, driven."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from landdesk.ui.widgets.filepick import EXCEL, PACKAGES, FilePick


def _answer(seen: list, choose: Path | None):
    """When the dialog shows: note the folder it opened in and the name it offers, then choose (or cancel)."""
    def act():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            return QTimer.singleShot(20, act)
        seen.append((Path(dialog.directory().absolutePath()), [Path(p).name for p in dialog.selectedFiles()]))
        if choose is None:
            dialog.reject()
        else:
            # the path typed in the file name box, as an officer may (quoted where several may be chosen)
            many = dialog.fileMode() == QFileDialog.FileMode.ExistingFiles
            dialog.findChild(QLineEdit, "fileNameEdit").setText(f'"{choose}"' if many else str(choose))
            dialog.accept()
    QTimer.singleShot(20, act)


def test_the_dialogs_open_where_the_officer_last_chose_a_file_else_in_documents(qtbot, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the "program folder"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    docs = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
    docs.mkdir(parents=True, exist_ok=True)
    usb = tmp_path / "USB DISK"
    usb.mkdir()
    (usb / "07210-000001-changes.ldpkg").write_bytes(b"x")
    seen: list = []

    _answer(seen, usb / "tien-do.xlsx")  # the first save: Documents, the name offered
    assert FilePick.save(None, "Lưu báo cáo", "tien-do.xlsx", EXCEL) == str(usb / "tien-do.xlsx")
    assert seen[-1] == (docs, ["tien-do.xlsx"])
    assert seen[-1][0] != tmp_path

    _answer(seen, usb / "07210-000001-changes.ldpkg")  # the next dialog opens on the stick
    assert FilePick.open_many(None, "Chọn gói", PACKAGES) == [str(usb / "07210-000001-changes.ldpkg")]
    assert seen[-1][0] == usb

    _answer(seen, None)  # cancelled: nothing chosen, the folder remembered stays
    assert FilePick.open(None, "Chọn", PACKAGES) is None
    assert seen[-1][0] == usb

    shutil.rmtree(usb)  # the stick taken out: Documents again
    _answer(seen, None)
    assert FilePick.folder(None, "Chọn thư mục") is None
    assert seen[-1][0] == docs
    assert os.getcwd() == str(tmp_path)
