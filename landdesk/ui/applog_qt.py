"""The Qt side of the log (landdesk/applog.py): Qt's own warnings into the log file, uncaught exceptions
in slots shown as the one generic error box, and "Help → Open the log folder"."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QCoreApplication, QtMsgType, QUrl, qInstallMessageHandler
from PySide6.QtGui import QAction, QDesktopServices

from landdesk import applog

log = logging.getLogger("landdesk.qt")
_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
MAX_DISTINCT = 200  # Qt repeats some warnings per widget or per paint: each text is logged once
_seen: set[str] = set()
_installed: list = []


def tr(text: str) -> str:
    return QCoreApplication.translate("Help", text)


def _qt_message(kind, context, message: str) -> None:
    level = _LEVELS.get(kind, logging.WARNING)
    if level < logging.INFO or message in _seen or len(_seen) >= MAX_DISTINCT:
        return
    _seen.add(message)
    where = f" ({context.category})" if context is not None and context.category not in (None, "", "default") else ""
    log.log(level, "Qt%s: %s", where, message)


def install(show_error=None) -> None:
    """Qt's messages into the log; an exception escaping a slot (which PySide6 hands to sys.excepthook
    and then carries on) is logged by applog's hook and shown with `show_error(exc)`."""
    if _installed:
        return
    applog.setup("window")
    qInstallMessageHandler(_qt_message)
    previous = sys.excepthook

    def excepthook(kind, value, tb):
        previous(kind, value, tb)  # applog's hook: into the log (then the console, if any)
        if show_error is not None and not issubclass(kind, KeyboardInterrupt):
            try:
                show_error(value)
            except Exception:  # never let the error box raise in the hook
                log.exception("the error box could not be shown")

    sys.excepthook = excepthook
    _installed.append(excepthook)


def open_log_folder() -> bool:
    folder = applog.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def log_folder_action(parent) -> QAction:
    act = QAction(tr("Mở thư mục nhật ký"), parent)
    act.setObjectName("openLogFolder")
    act.setStatusTip(str(applog.log_dir()))
    act.triggered.connect(open_log_folder)
    return act
