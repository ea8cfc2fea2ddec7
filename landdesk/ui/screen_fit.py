"""The main window on the screen it opens on (issue 13 §9): sized to the available area (the taskbar
excluded), maximised on small screens, the sidebar hidden where the editor needs its room."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication

# Screens smaller than this (available area) open the window maximised.
ROOMY = QSize(1600, 940)
# Below this available width (125 % scaling on a 1366 px screen leaves 1093 logical px) the sidebar starts
# hidden: the editor needs its room, and the toolbar and the View menu (Ctrl+1…) hold every view too.
NARROW = 1280


def available(window) -> QRect:
    return (window.screen() or QGuiApplication.primaryScreen()).availableGeometry()


def small_screen(window) -> bool:
    area = available(window)
    return area.width() < ROOMY.width() or area.height() < ROOMY.height()


def fit(window) -> None:
    """The first size: a small screen's whole available area (show_first maximises it); on a large one
    90 % of it, at most 1440 × 900, centred. The sidebar shown when there is room for it."""
    area = available(window)
    if small_screen(window):
        window.resize(area.size() - (window.frameGeometry().size() - window.geometry().size()))
    else:
        window.resize(min(1440, int(area.width() * 0.9)), min(900, int(area.height() * 0.9)))
    window.move(area.center() - window.rect().center())
    if hasattr(window, "show_sidebar"):  # (the province desk's window has none)
        window.show_sidebar(area.width() >= NARROW)


def show_first(window, geometry_restored: bool) -> None:
    """The interactive start: maximised on a small screen unless the officer chose a size before."""
    if small_screen(window) and not geometry_restored:
        window.showMaximized()
    else:
        window.show()
