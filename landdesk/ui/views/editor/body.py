"""The editor's body: the Form 01 tab (duplicates banner, form, problem list) and the history tab,
beside the scan panel (landdesk/ui/widgets/scan_panel.py) in a splitter the user's settings keep."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QScrollArea, QSplitter, QTabWidget, QVBoxLayout, QWidget

from landdesk.ui import settings as user_settings
from landdesk.ui.widgets.scan_panel import make_scan_panel

log = logging.getLogger("landdesk.ui")


def tr(text: str) -> str:
    return QCoreApplication.translate("Editor", text)


def default_split(width: int, form_min: int, panel_min: int) -> list[int]:
    """The form keeps the room its fields need (no sideways scrolling); the page viewer gets the rest,
    up to 45 % of the width — a certificate readable beside the form on a 1366 px screen."""
    panel = max(panel_min, min(int(width * 0.45), width - form_min))
    return [width - panel, panel]


class EditorBody(QSplitter):
    def __init__(self, wctx, banner: QWidget, form: QWidget, problems: QWidget, history: QWidget):
        super().__init__()
        self.setObjectName("editorSplitter")
        self.form = form
        form_page = QWidget()
        fl = QVBoxLayout(form_page)
        fl.setContentsMargins(0, 0, 0, 0)
        fl.addWidget(banner)
        fl.addWidget(form, 1)
        fl.addWidget(problems)
        self.tabs = QTabWidget()
        self.tabs.addTab(form_page, tr("Mẫu 01"))
        self.tabs.addTab(history, tr("Lịch sử thay đổi"))
        self.addWidget(self.tabs)
        self.panel = None
        try:
            self.panel = make_scan_panel(wctx)
        except Exception:  # a broken panel must not stop data entry
            log.exception("the scan panel could not be built")
        if self.panel is not None:
            # In a scroll area: however wide the panel's toolbar, the form keeps its room on 1366 px.
            holder = QScrollArea()
            holder.setWidgetResizable(True)
            holder.setFrameShape(QScrollArea.Shape.NoFrame)
            holder.setWidget(self.panel)
            holder.setMinimumWidth(280)
            self.addWidget(holder)
            self.setStretchFactor(0, 3)
            self.setStretchFactor(1, 2)
            self.setSizes([800, 330])
        state = user_settings.value(wctx.settings, "editor/splitter")
        self._split_pending = not (state is not None and self.restoreState(state))

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._split_pending and self.panel is not None and self.width() > 0:
            self._split_pending = False
            self.setSizes(default_split(self.width(), self._form_min(), self.widget(1).minimumWidth()))

    def _form_min(self) -> int:
        """The tab's width at which the form's fields need no sideways scrolling."""
        body = self.form.widget()
        chrome = self.tabs.width() - self.form.viewport().width() if self.tabs.width() > 0 else 40
        return body.minimumSizeHint().width() + max(chrome, self.form.verticalScrollBar().sizeHint().width() + 24)

    def show_dossier(self, dossier_id: str | None) -> None:
        if self.panel is not None:
            try:
                self.panel.show_dossier(dossier_id)
            except Exception:
                log.exception("scan panel failed to show the dossier")

    def save_state(self, settings) -> None:
        user_settings.set_value(settings, "editor/splitter", self.saveState())
