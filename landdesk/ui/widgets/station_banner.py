"""The status bar's note on a commune workstation: which station this is and when it last synchronised
(empty at the primary desk). It refreshes itself whenever changes are applied (an exchange is one), so the
main window only places it."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QLabel

log = logging.getLogger("landdesk.ui")

# What only the commune's primary desk does (sending to the province and its receipts, the province
# profile, the province desk): not offered at a station, whose services refuse the sending anyway.
PRIMARY_ONLY = ("actionSendProvince", "actionResend", "actionApplyReceipts", "actionImportProfile",
                "open_province_desk")


class StationBanner(QLabel):
    def __init__(self, wctx):
        super().__init__()
        self.wctx = wctx
        self._title: str | None = None  # the window's own title, before the station is added to it
        self.setObjectName("station_banner")
        self.setStyleSheet("color: #0b5394; font-weight: bold")
        wctx.hub.changes_applied.connect(lambda *_: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        from landdesk.ui.tasks import Op
        from landdesk.ui.views.stations_view import station_banner

        Op(self.wctx, station_banner, parent=self, kind="read").success(self._show) \
            .failure(lambda exc: log.warning("station banner: %s", exc)).run()

    def _show(self, banner: str | None) -> None:
        # Short in the bar ("Máy trạm MT01 · 04/12/2026 13:08"), whole in the tooltip: the status bar's
        # messages (the backup reminder) need the room at 1366 px.
        head, _, tail = (banner or "").partition(" · ")
        self.setText(f"{head} · {tail.rpartition(': ')[2]}  |  " if banner else "")
        self.setToolTip(banner or "")
        win = self.window()
        if win is self or not banner:
            return
        from PySide6.QtGui import QAction

        for name in PRIMARY_ONLY:
            for act in win.findChildren(QAction, name):
                act.setVisible(False)
        if self._title is None:
            self._title = win.windowTitle()
        win.setWindowTitle(self._title + " — " + banner.split(" · ")[0])
