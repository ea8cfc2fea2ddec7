"""The editor's title line: which dossier, its status, whether it has unsaved changes, the last
save or draft, and the buttons for the mouse (the keyboard uses the shortcuts)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


def tr(text: str) -> str:
    return QCoreApplication.translate("Editor", text)


class EditorHeader(QWidget):
    save_clicked = Signal()
    save_next_clicked = Signal()
    previous_clicked = Signal()
    next_clicked = Signal()

    def __init__(self):
        super().__init__()
        self.title = QLabel()
        self.title.setObjectName("editorTitle")
        self.title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.modified = QLabel("● " + tr("Có thay đổi chưa lưu"))
        self.modified.setObjectName("editorModified")
        self.modified.setStyleSheet("color: #b45309; font-weight: 600;")
        self.modified.setToolTip(tr("Hồ sơ đã sửa mà chưa lưu: Ctrl+S để lưu."))
        self.modified.setVisible(False)
        self.state = QLabel()
        self.state.setObjectName("editorState")
        self.btn_save = QPushButton(tr("Lưu (Ctrl+S)"))
        self.btn_next = QPushButton(tr("Lưu và tiếp (Ctrl+Enter)"))
        self.btn_prev_dossier = QPushButton(tr("◀ Trước"))
        self.btn_next_dossier = QPushButton(tr("Sau ▶"))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.title)
        lay.addWidget(self.modified)
        lay.addWidget(self.state, 1)
        for b, signal in ((self.btn_prev_dossier, self.previous_clicked), (self.btn_next_dossier, self.next_clicked),
                          (self.btn_save, self.save_clicked), (self.btn_next, self.save_next_clicked)):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard path uses shortcuts, not these
            b.clicked.connect(signal)
            lay.addWidget(b)

    def show_dossier(self, d, exists: bool, lang: str, position: int, count: int) -> None:
        if exists:
            self.title.setText(f"{tr('Hồ sơ số %1').replace('%1', str(d.num))} · {d.status.label(lang)}")
        else:
            self.title.setText(tr("Hồ sơ mới"))
        self.btn_prev_dossier.setEnabled(position > 0)
        self.btn_next_dossier.setEnabled(0 <= position < count - 1)

    def set_modified(self, dirty: bool) -> None:
        if self.modified.isVisibleTo(self) != dirty:
            self.modified.setVisible(dirty)

    @property
    def is_modified(self) -> bool:
        return self.modified.isVisibleTo(self)

    def say(self, text: str) -> None:
        self.state.setText(text)
