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


class EditorBody(QSplitter):
    def __init__(self, wctx, banner: QWidget, form: QWidget, problems: QWidget, history: QWidget):
        super().__init__()
        self.setObjectName("editorSplitter")
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
        if state is not None:
            self.restoreState(state)

    def show_dossier(self, dossier_id: str | None) -> None:
        if self.panel is not None:
            try:
                self.panel.show_dossier(dossier_id)
            except Exception:
                log.exception("scan panel failed to show the dossier")

    def save_state(self, settings) -> None:
        user_settings.set_value(settings, "editor/splitter", self.saveState())
