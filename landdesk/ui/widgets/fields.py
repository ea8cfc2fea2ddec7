"""Form fields of the Form 01 editor: text, date, citizen ID, notes, and pickers with
accent-insensitive type-to-select (typing "nu" picks "Nữ", "ont" or "o tai nong" picks the land-use
code ONT).

The field with keyboard focus is framed in a strong colour (drawn over whatever the platform style
draws, so it shows on Windows' own style and Fusion alike, and over a problem's red or amber
border) and a line edit's background turns pale yellow.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QElapsedTimer, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from landdesk.domain import reference
from landdesk.domain.text import fold, nfc
from landdesk.domain.values import parse_partial_date

ERROR_STYLE = "border: 2px solid #c62828; background: #fff3f3;"
WARNING_STYLE = "border: 2px solid #e0a000;"
DUPLICATE_STYLE = "border: 2px dashed #6a1b9a;"
FOCUS_COLOR = QColor("#1565c0")
FOCUS_FILL = QColor("#fff8d6")
FOCUS_WASH = QColor(255, 214, 64, 60)


class FieldMixin:
    """Every bindable field has a `path` inside its card and shows problems inline."""

    path: str = ""
    _base_tip: str = ""

    def show_problems(self, severity: str | None, messages: list[str]) -> None:
        style = {"error": ERROR_STYLE, "warning": WARNING_STYLE, "duplicate": DUPLICATE_STYLE}.get(severity or "", "")
        if self.styleSheet() != style:
            self.setStyleSheet(style)
        self.setToolTip("\n".join(messages) if messages else self._base_tip)
        self.setProperty("problem", severity or "")

    def _paint_focus(self, fill: bool = False) -> None:
        """A 3-pixel frame in the focus colour; `fill`: a light highlighter wash too (drop-downs,
        whose face the platform style paints and a palette cannot tint)."""
        if self.hasFocus():
            p = QPainter(self)
            if fill:
                p.fillRect(self.rect(), FOCUS_WASH)
            pen = QPen(FOCUS_COLOR, 3)
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            p.setPen(pen)
            p.drawRect(self.rect().adjusted(1, 1, -2, -2))
            p.end()

    def _tint(self, on: bool) -> None:
        if on:
            self._plain_palette = self.palette()
            pal = QPalette(self._plain_palette)
            pal.setColor(QPalette.ColorRole.Base, FOCUS_FILL)
            self.setPalette(pal)
        elif getattr(self, "_plain_palette", None) is not None:
            self.setPalette(self._plain_palette)
            self._plain_palette = None


class TextField(QLineEdit, FieldMixin):
    def __init__(self, path: str, placeholder: str = "", width: int | None = None):
        super().__init__()
        self.path = path
        self.setObjectName(path)
        self.setTextMargins(3, 0, 3, 0)  # the text clear of the focus frame
        if placeholder:
            self.setPlaceholderText(placeholder)
        if width:
            self.setMinimumWidth(width)

    def value(self) -> str:
        return nfc(self.text()).strip()

    def set_value(self, value) -> None:
        text = "" if value is None else str(value)
        if text != self.text():
            self.setText(text)
            self.setCursorPosition(0)  # show the start of a long value, not its end

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().paintEvent(event)
        self._paint_focus()

    def focusInEvent(self, event) -> None:  # noqa: N802
        self._tint(True)
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        self._tint(False)
        super().focusOutEvent(event)
        self.tidy()

    def tidy(self) -> None:
        """Show what was typed in its standard form once the field is left (dates, ID numbers)."""


class DateField(TextField):
    """A date typed as 12032019, 12/3/19 or 12-3-2019 (domain.values.parse_partial_date) is shown
    as dd/mm/yyyy once the field is left; `partial` fields (birth) also take mm/yyyy and yyyy."""

    def __init__(self, path: str, placeholder: str = "dd/mm/yyyy", partial: bool = False):
        super().__init__(path, placeholder)
        self.partial = partial

    def tidy(self) -> None:
        try:
            p = parse_partial_date(self.value())
        except ValueError:
            return  # left as typed: the rules say what is wrong with it
        if p is not None and (self.partial or p.day is not None) and p.display() != self.text():
            self.setText(p.display())


_ID_SPACING = re.compile(r"[\s.\-]+")


class IdField(TextField):
    """A citizen ID or ID card number: spaces (and dots, dashes) typed between digit groups are removed."""

    def value(self) -> str:
        text = super().value()
        bare = _ID_SPACING.sub("", text)
        return bare if bare.isdigit() else text

    def tidy(self) -> None:
        if self.value() != self.text():
            self.setText(self.value())


class NotesField(QPlainTextEdit, FieldMixin):
    textEdited = Signal(str)

    def __init__(self, path: str):
        super().__init__()
        self.path = path
        self.setObjectName(path)
        self.setTabChangesFocus(True)
        self.setMaximumHeight(80)
        self.show_problems(None, [])

    def show_problems(self, severity: str | None, messages: list[str]) -> None:
        # A style sheet, not painting: the text area paints on its viewport, under the frame.
        problem = {"error": ERROR_STYLE, "warning": WARNING_STYLE, "duplicate": DUPLICATE_STYLE}.get(severity or "", "")
        style = (f"QPlainTextEdit {{ {problem} }} " if problem else "") + \
            "QPlainTextEdit:focus { border: 3px solid #1565c0; background: #fff8d6; }"
        if self.styleSheet() != style:
            self.setStyleSheet(style)
        self.setToolTip("\n".join(messages))
        self.setProperty("problem", severity or "")
        self.textChanged.connect(lambda: self.textEdited.emit(self.toPlainText()))

    def value(self) -> str:
        return nfc(self.toPlainText()).strip()

    def set_value(self, value) -> None:
        if (value or "") != self.toPlainText():
            self.blockSignals(True)
            self.setPlainText(value or "")
            self.blockSignals(False)


class Picker(QComboBox, FieldMixin):
    """A closed combo box; typed letters select the best match, accents and case ignored.

    Items are (label, value, search text). The first item is empty (no value)."""

    textEdited = Signal(str)  # same signal name as QLineEdit, so the editor connects one way
    RESET_MS = 1200

    def __init__(self, path: str, items: list[tuple[str, object, str]], empty: str = "—"):
        super().__init__()
        self.path = path
        self.setObjectName(path)
        self._keys: list[tuple[str, str]] = [("", "")]
        # Values stay Python objects here: Qt would turn a StrEnum stored as item data into a plain str.
        self._values: list = [None]
        self.addItem(empty)
        for label, value, search in items:
            self.addItem(label)
            self._values.append(value)
            code = fold(str(value)) if value is not None else ""
            self._keys.append((code, fold(f"{label} {search}")))
        self._buffer = ""
        self._clock = QElapsedTimer()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(10)
        self.activated.connect(lambda _i: self.textEdited.emit(self.currentText()))

    def value(self):
        i = self.currentIndex()
        return self._values[i] if 0 <= i < len(self._values) else None

    def set_value(self, value) -> None:
        i = self._values.index(value) if value in self._values else 0
        self.blockSignals(True)
        self.setCurrentIndex(max(i, 0))
        self.blockSignals(False)

    def match(self, typed: str) -> int:
        """Index of the best item for typed text: code prefix, then label prefix, then word prefix,
        then anywhere; -1 when nothing matches."""
        key = fold(typed)
        if not key:
            return 0
        tiers: list[list[int]] = [[], [], [], []]
        for i, (code, text) in enumerate(self._keys):
            if i == 0:
                continue
            if code.startswith(key):
                tiers[0].append(i)
            elif text.startswith(key):
                tiers[1].append(i)
            elif f" {key}" in f" {text}":
                tiers[2].append(i)
            elif key in text:
                tiers[3].append(i)
        for tier in tiers:
            if tier:
                return tier[0]
        return -1

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        text = event.text()
        mods = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() == Qt.Key.Key_Backspace and self._buffer:
            self._buffer = self._buffer[:-1]
            self._select(self._buffer)
            return
        if event.key() == Qt.Key.Key_Delete:
            self._buffer = ""
            self.setCurrentIndex(0)
            self.textEdited.emit("")
            return
        if text and text.isprintable() and not mods and not self.view().isVisible():
            if self._clock.isValid() and self._clock.elapsed() > self.RESET_MS:
                self._buffer = ""
            self._clock.restart()
            candidate = self._buffer + text
            if self.match(candidate) >= 0:
                self._buffer = candidate
                self._select(candidate)
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        self._buffer = ""
        super().focusOutEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().paintEvent(event)
        self._paint_focus(fill=True)

    def _select(self, typed: str) -> None:
        i = self.match(typed)
        if i >= 0 and i != self.currentIndex():
            self.setCurrentIndex(i)
            self.textEdited.emit(self.currentText())


def enum_picker(path: str, enum_cls, lang: str) -> Picker:
    items = [(m.label(lang), m, f"{m.label_vi} {m.label_en}") for m in enum_cls]
    return Picker(path, items)


def land_use_picker(path: str, lang: str) -> Picker:
    codes = reference.land_use_codes()
    current = [c for c in codes if c.status != "legacy"]
    legacy = [c for c in codes if c.status == "legacy"]
    items = [(f"{c.code} — {c.name(lang)}", c.code, f"{c.name_vi} {c.name_en}") for c in current]
    old = "mã cũ" if lang == "vi" else "legacy"
    items += [(f"{c.code} — {c.name(lang)} ({old})", c.code, f"{c.name_vi} {c.name_en}") for c in legacy]
    p = Picker(path, items)
    p.setMinimumContentsLength(14)
    p.view().setMinimumWidth(420)  # the open list shows whole names
    return p
