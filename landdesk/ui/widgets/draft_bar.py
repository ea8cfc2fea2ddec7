"""The bar at the top of the window that offers back unsaved work after a crash or power cut.

A bar, not a dialog: it appears once the drafts are read (on the database thread, after the first
paint) and takes no keyboard focus, so an officer already typing is not interrupted. "Mở lại" shows
the draft in the editor (several: the officer picks one), "Bỏ" discards them, × hides the bar until
the next start.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton

from landdesk.ui.dialogs.drafts import DraftDialog, describe
from landdesk.ui.tasks import Op


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("DraftBar", text, None, n)


class DraftBar(QFrame):
    restored = Signal(str)  # draft key shown in the editor

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.wctx = window.wctx
        self.pending: list = []
        self.existing: dict = {}
        self.setObjectName("draftBar")
        self.setStyleSheet("#draftBar { background: #fff4ce; border-bottom: 1px solid #e0c060; }")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.restore_button = QPushButton(tr("Mở lại"))
        self.discard_button = QPushButton(tr("Bỏ bản nháp"))
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setToolTip(tr("Để sau (hỏi lại ở lần mở sau)"))
        self.close_button.setAutoRaise(True)
        for b in (self.restore_button, self.discard_button, self.close_button):
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click does not take the keyboard from a field
        self.restore_button.clicked.connect(self.restore)
        self.discard_button.clicked.connect(self.discard)
        self.close_button.clicked.connect(self.hide)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.restore_button)
        lay.addWidget(self.discard_button)
        lay.addWidget(self.close_button)
        self.setVisible(False)

    def offer(self) -> None:
        """Read the drafts left behind on the database thread; show the bar when there are any."""
        from landdesk.ui.views.editor.drafts import pending_at_start

        Op(self.wctx, pending_at_start, parent=self, kind="read").success(self._found).run()

    def _found(self, found) -> None:
        self.pending, self.existing = found
        n = len(self.pending)
        if not n:
            self.setVisible(False)
            return
        first = describe(self.pending[0][1], self.existing.get(self.pending[0][0]), self.wctx.lang)
        self.text.setText(tr("LandDesk giữ lại %n hồ sơ đang nhập dở chưa lưu từ lần làm việc trước (%1).", n)
                          .replace("%1", first if n == 1 else first + ", …"))
        self.restore_button.setText(tr("Mở lại") if n == 1 else tr("Chọn và mở lại…"))
        self.setVisible(True)

    def restore(self) -> None:
        if not self.pending:
            return
        key = self.pending[0][0]
        if len(self.pending) > 1:
            choice = DraftDialog.ask(self.window, self.pending, self.wctx.lang, existing=self.existing)
            if choice is None:
                return
            if choice[0] == "discard":
                self.discard()
                return
            key = choice[1]
        editor = self.window.page("form")
        if editor is None:
            return
        if hasattr(editor, "can_close") and not editor.can_close():
            return  # the officer kept the work in the editor: the draft stays offered
        editor.restore_draft(key, self.pending, self.existing)
        self.pending = [(k, d) for k, d in self.pending if k != key]
        self.setVisible(bool(self.pending))
        if self.pending:
            self._found((self.pending, self.existing))
        self.restored.emit(key)

    def discard(self) -> None:
        from landdesk.ui.views.editor.drafts import discard

        for key, _d in self.pending:
            discard(self, key)
        self.pending = []
        self.setVisible(False)
