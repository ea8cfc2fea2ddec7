"""Typing for GUI tests: Vietnamese text as per-character key events (qtbot.keyClicks aborts on
non-ASCII), and a counter of the keystrokes an officer makes beyond the data itself."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication


def focus():
    w = QApplication.focusWidget()
    assert w is not None, "nothing has keyboard focus"
    return w


def type_text(text: str, widget=None) -> None:
    """Each character as a KeyPress/KeyRelease with Key_unknown, to the focused widget."""
    for ch in text:
        target = widget or focus()
        QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))
        QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyRelease, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


class Keyboard:
    """Counts keystrokes that are not data: Enter/Tab to move on, shortcuts."""

    def __init__(self, qtbot):
        self.qtbot = qtbot
        self.extra = 0
        self.data_chars = 0

    def data(self, text: str) -> None:
        self.data_chars += len(text)
        type_text(text)

    def scanner(self, payload: str) -> None:
        """A USB 2D scanner in keyboard mode: the payload then Enter, none of it typed by the officer."""
        type_text(payload)
        self._key(Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")

    def enter(self) -> None:
        self.extra += 1
        self._key(Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")

    def tab(self) -> None:
        self.extra += 1
        self.qtbot.keyClick(focus(), Qt.Key.Key_Tab)

    def shortcut(self, key, modifiers) -> None:
        """One chord (e.g. Ctrl+Shift+H) counts as one keystroke; it goes through Qt's shortcut map."""
        self.extra += 1
        self.qtbot.keyClick(focus(), key, modifiers)

    def _key(self, key, mods, text: str) -> None:
        target = focus()
        QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, key, mods, text))
        QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyRelease, key, mods, text))
