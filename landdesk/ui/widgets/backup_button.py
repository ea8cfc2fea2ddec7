"""The status bar's last backup, as a button: a click backs up now (File → Sao lưu ngay…); red, with a
reminder in the status bar once per start, when there is no backup or the last one is older than the
workspace's reminder (services.status.backup_overdue)."""

from __future__ import annotations

from PySide6.QtWidgets import QToolButton


class BackupButton(QToolButton):
    def __init__(self, window):
        super().__init__()
        self.window = window
        self.setObjectName("backupButton")
        self.setAutoRaise(True)
        self.reminded = False
        self.clicked.connect(self.backup_now)

    def backup_now(self) -> None:
        from landdesk.ui.views.backups import backup_now

        backup_now(self.window)

    def show_state(self, last: str | None, age: float | None, overdue: bool) -> None:
        """`last`: the last backup's time as shown; `age` in days (None: never); `overdue`: remind."""
        self.setText(self.tr("Sao lưu gần nhất: %1").replace("%1", last) if last else self.tr("Chưa sao lưu"))
        tip = self.tr("Bấm để sao lưu ngay")
        if overdue and age is not None:
            tip = self.tr("Bản sao lưu gần nhất đã %1 ngày. Bấm để sao lưu ngay.").replace("%1", str(int(age)))
        if overdue and not self.reminded:  # once per start, in the status bar: no box steals the focus
            self.reminded = True
            self.window.statusBar().showMessage(tip if age is not None else self.tr(
                "Chưa sao lưu lần nào: bấm nút sao lưu bên phải."), 15000)
        self.setToolTip(tip)
        self.setStyleSheet("QToolButton { color: #b71c1c; font-weight: 600; }" if overdue else "")
