"""The province desk's dialogs: its login (a province account, not the commune's) and one queued
conflict shown side by side. Both expose `ask` classmethods (tests patch them)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from landdesk.domain.errors import LandDeskError
from landdesk.services.province import conflicts as conflict_service


def tr(text: str) -> str:
    return QCoreApplication.translate("Sync", text)


class DeskLogin:
    """Open a province desk and log in to it (its own users: a province account, not the commune's):
    the login dialog at once, the desk opening behind it, as the app's start does."""

    @classmethod
    def ask(cls, parent: QWidget, path: str, lang: str, username: str = ""):
        """The open desk with its user logged in, or None (cancelled, refused or not openable: said)."""
        from concurrent.futures import ThreadPoolExecutor

        from landdesk.storage.marker import read_marker
        from landdesk.ui.dialogs.setup import LoginDialog
        from landdesk.ui.tasks import show_error
        from landdesk.workspace.province import ProvinceDesk, no_admin_error

        try:
            name = str(read_marker(path, "province").get("province_name", ""))
        except LandDeskError as exc:
            show_error(parent, exc, lang)
            return None
        dlg = LoginDialog(parent, None, username, lang, place=(tr("Bàn làm việc tỉnh"), name))

        def opened() -> None:  # a desk made before province logins has no one to log in yet
            if not dlg.ws.has_users():
                dlg.error.setText(no_admin_error(Path(path)).message(lang))
                dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)

        dlg.opened.connect(opened)
        with ThreadPoolExecutor(1, thread_name_prefix="landdesk-open") as pool:
            dlg.set_workspace(pool.submit(ProvinceDesk.open_for_login, Path(path)))
            accepted = dlg.exec() == QDialog.DialogCode.Accepted
        if not accepted:
            if dlg.ws is not None:
                dlg.ws.close()
            if dlg.open_error is not None:
                show_error(parent, dlg.open_error, lang)
            return None
        dlg.ws.actor = dlg.actor
        return dlg.ws


class ConflictDialog(QDialog):
    """One queued conflict side by side; returns the chosen resolution."""

    def __init__(self, parent: QWidget | None, c: conflict_service.ConflictView):
        super().__init__(parent)
        self.setWindowTitle(tr("Xử lý xung đột"))
        self.choice: str | None = None
        lay = QVBoxLayout(self)
        if c.kind == "edit":
            lay.addWidget(QLabel(tr("Hồ sơ {id} của xã {c}: trường '{f}' bị sửa ở cả tỉnh và xã.").format(
                id=c.dossier_id, c=c.commune_code, f=c.field)))
            row = QHBoxLayout()
            for title, value in ((tr("Giá trị của tỉnh"), c.province_value), (tr("Giá trị của xã"), c.commune_value)):
                box = QVBoxLayout()
                box.addWidget(QLabel(title))
                text = QPlainTextEdit(_show(value))
                text.setReadOnly(True)
                box.addWidget(text)
                row.addLayout(box)
            lay.addLayout(row)
            choices = (("province", tr("Giữ giá trị của tỉnh")), ("commune", tr("Lấy giá trị của xã")))
        else:
            kind = {"serial": tr("số seri GCN"), "cccd": tr("số CCCD"), "parcel": tr("thửa đất")}.get(c.kind, c.kind)
            lay.addWidget(QLabel(tr("Hồ sơ {id} của xã {c} trùng {k} với hồ sơ {o} của xã {oc}.").format(
                id=c.dossier_id, c=c.commune_code, k=kind, o=c.other_dossier_id, oc=c.other_commune)))
            choices = (("keep_both", tr("Không trùng, giữ cả hai")), ("reject", tr("Trả lại hồ sơ cho xã")))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        for value, text in choices:
            b = buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
            b.setObjectName(value)
            b.clicked.connect(lambda _=False, v=value: self._pick(v))
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _pick(self, value: str) -> None:
        self.choice = value
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, c: conflict_service.ConflictView) -> str | None:
        dlg = cls(parent, c)
        return dlg.choice if dlg.exec() == QDialog.DialogCode.Accepted else None


def _show(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, indent=1)
