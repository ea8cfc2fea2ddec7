"""What every view, dialog and panel of one main window receives (no global singletons)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal

from landdesk.domain import i18n
from landdesk.ui.tasks import TaskRunner


class Hub(QObject):
    """The window's signals. Views listen here and never reach into each other."""

    # A write finished: `changes` is a frozenset of domain.changes.Change kinds; `initiator` is
    # the widget that asked for it (a view may skip refreshing its own change).
    changes_applied = Signal(object, object)
    # Ask the window to open a dossier in the editor: (dossier_id or "" for a new one, ordered ids
    # of the list it was opened from, for PgUp/PgDn and "save and next").
    open_dossier = Signal(str, object)
    # Ask the window to show a view by its registry id.
    show_view = Signal(str)
    # A short message for the status bar.
    status_message = Signal(str)


@dataclass
class WindowContext:
    """The open workspace, the one task runner, the signal hub, the language and per-user settings."""

    ws: Any  # landdesk.workspace.Workspace
    runner: TaskRunner
    hub: Hub
    lang: str = "vi"
    settings: QSettings | None = None
    window: Any = None  # the MainWindow, once built
    extras: dict = field(default_factory=dict)  # for other panels to share state (keyed by module)

    def t(self, vi: str, en: str) -> str:
        """For strings built from data (enum labels come from codes.LabeledEnum.label(lang))."""
        return i18n.pick(vi, en, self.lang)
