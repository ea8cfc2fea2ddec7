"""Offer back the drafts the editor left behind (crash, power cut, closed without saving)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)


def describe(d, saved, lang: str) -> str:
    names = ", ".join(n for n in d.holder_names()[:2]) or ("(chưa có tên)" if lang == "vi" else "(no name yet)")
    serial = d.serial or "—"
    if saved is not None:
        head = f"Hồ sơ số {saved.num}" if lang == "vi" else f"Dossier no. {saved.num}"
    else:
        head = "Hồ sơ mới" if lang == "vi" else "New dossier"
    return f"{head} · {serial} · {names}"


class DraftDialog(QDialog):
    def __init__(self, parent: QWidget | None, drafts: list, lang: str, existing: dict):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Khôi phục bản nháp"))
        self.choice: tuple[str, str | None] | None = None
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("LandDesk đã giữ lại những hồ sơ đang nhập dở chưa được lưu.\n"
                                     "Chọn một hồ sơ để mở lại và tiếp tục nhập.")))
        self.list = QListWidget()
        for key, d in drafts:
            item = QListWidgetItem(describe(d, existing.get(key), lang))
            item.setData(256, key)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _i: self._restore())
        lay.addWidget(self.list)
        buttons = QDialogButtonBox()
        restore = buttons.addButton(self.tr("Mở lại bản nháp"), QDialogButtonBox.ButtonRole.AcceptRole)
        discard = buttons.addButton(self.tr("Bỏ các bản nháp"), QDialogButtonBox.ButtonRole.DestructiveRole)
        later = buttons.addButton(self.tr("Để sau"), QDialogButtonBox.ButtonRole.RejectRole)
        restore.clicked.connect(self._restore)
        discard.clicked.connect(self._discard)
        later.clicked.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(560, 300)

    def _restore(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.choice = ("restore", item.data(256))
            self.accept()

    def _discard(self) -> None:
        self.choice = ("discard", None)
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, drafts: list, lang: str, existing: dict | None = None):
        """("restore", key), ("discard", None), or None to decide later."""
        dlg = cls(parent, drafts, lang, existing or {})
        dlg.exec()
        return dlg.choice
