"""The Form 01 editor view (see shell.py for how its parts fit together)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from landdesk.ui.views.editor.commands import menu_entries as actions
from landdesk.ui.views.editor.shell import DossierEditor
from landdesk.ui.views.registry import ViewSpec

VIEWS = [ViewSpec("form", lambda: QCoreApplication.translate("Views", "Nhập Mẫu 01"), DossierEditor, order=20)]

__all__ = ["VIEWS", "DossierEditor", "actions"]
