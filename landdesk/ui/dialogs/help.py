"""Help: the offline manual (F1, at the page of the view in front), the keyboard shortcuts and About.

The manual is HTML under resources/help/<lang>/ (shipped with the frozen app, as all of resources/), shown
in a QTextBrowser: no network, no browser. Its pictures are the screenshots of docs/screenshots, made by
tools/screenshots.py. The shortcuts are read from the window's own actions, so the list is never out of
date, with the keys that are not menu entries (Enter, PgUp/PgDn, the viewer's) added.
"""

from __future__ import annotations

import platform
import sqlite3
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from landdesk import __version__
from landdesk.domain.resources import resources_dir

# The manual's page for each view of the window (the index for any other).
PAGES = {"records": "records.html", "form": "form.html", "scans": "scans.html", "review": "review.html",
         "dashboard": "dashboard.html", "province": "province.html"}


def tr(text: str) -> str:
    return QCoreApplication.translate("Help", text)


def help_dir(lang: str) -> Path:
    return resources_dir() / "help" / ("en" if lang == "en" else "vi")


def page_for(view_id: str | None) -> str:
    return PAGES.get(view_id or "", "index.html")


class HelpWindow(QDialog):
    """The manual; links between pages, back/forward/contents; 'landdesk:shortcuts' opens the key list."""

    def __init__(self, window, lang: str, page: str = "index.html"):
        super().__init__(window)
        self.window_ = window
        self.setObjectName("helpWindow")
        self.setWindowTitle(tr("Hướng dẫn sử dụng LandDesk"))
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpBrowser")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._link)
        folder = help_dir(lang)
        self.browser.setSearchPaths([str(folder), str(folder.parent)])
        bar = QHBoxLayout()
        for text, slot in ((tr("◀ Lùi"), self.browser.backward), (tr("Tiến ▶"), self.browser.forward),
                           (tr("Mục lục"), lambda: self.show_page("index.html")),
                           (tr("Phím tắt"), self._shortcuts)):
            b = QToolButton()
            b.setText(text)
            b.clicked.connect(slot)
            bar.addWidget(b)
        bar.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.browser, 1)
        self.show_page(page)
        screen = window.screen().availableGeometry() if window is not None else None
        self.resize(min(980, int(screen.width() * 0.8)) if screen else 900,
                    min(760, int(screen.height() * 0.85)) if screen else 700)

    def show_page(self, page: str) -> None:
        self.browser.setSource(QUrl(page))

    def page(self) -> str:
        return self.browser.source().fileName()

    def _link(self, url: QUrl) -> None:
        if url.scheme() == "landdesk" and url.path() == "shortcuts":
            self._shortcuts()
        elif url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)  # none in the manual today; never inside the browser
        else:
            self.browser.setSource(url)

    def _shortcuts(self) -> None:
        ShortcutsDialog.ask(self, self.window_)

    @classmethod
    def show_for(cls, window, lang: str, view_id: str | None) -> HelpWindow:
        dlg = cls(window, lang, page_for(view_id))
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.show()
        return dlg


def _extra_keys() -> list[tuple[str, str]]:
    """Keys that are not menu entries: they act inside one part of the window."""
    return [
        (tr("Danh sách hồ sơ"), "Enter", tr("Mở hồ sơ đang chọn")),
        (tr("Danh sách hồ sơ"), "Ctrl+Home / Ctrl+End", tr("Hồ sơ đầu / cuối danh sách")),
        (tr("Nhập Mẫu 01"), "Enter / Tab", tr("Sang ô kế tiếp (Shift+Tab: lùi lại)")),
        (tr("Nhập Mẫu 01"), "PgUp / PgDn", tr("Hồ sơ trước / sau trong danh sách đã mở")),
        (tr("Bản quét"), "F11", tr("Xem trang quét toàn màn hình (hoặc nháy đúp vào trang)")),
        (tr("Bản quét"), "Ctrl + " + tr("lăn chuột"), tr("Phóng to, thu nhỏ trang")),
        (tr("Xem toàn màn hình"), "PgUp / PgDn", tr("Trang trước / sau")),
        (tr("Xem toàn màn hình"), "+ / − / 0 / W", tr("Phóng to / thu nhỏ / vừa màn hình / vừa chiều ngang")),
        (tr("Xem toàn màn hình"), "L / R", tr("Xoay trái / phải")),
        (tr("Xem toàn màn hình"), "Esc / F11", tr("Đóng")),
    ]


def window_shortcuts(window) -> list[tuple[str, str, str]]:
    """(where, keys, what) for every menu entry with a key, then the keys of the window's parts."""
    rows = []
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is None or not menu_action.isVisible():
            continue
        where = menu_action.text().replace("&", "")
        for act in menu.actions():
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in act.shortcuts() if not k.isEmpty()]
            if keys and act.isVisible():
                rows.append((where, " / ".join(keys), act.text().replace("&", "").rstrip(".…")))
    return rows + _extra_keys()


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None, window):
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(tr("Phím tắt"))
        rows = window_shortcuts(window)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels([tr("Ở đâu"), tr("Phím"), tr("Việc")])
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addWidget(buttons)
        self.resize(760, 560)

    @classmethod
    def ask(cls, parent: QWidget | None, window) -> None:
        cls(parent, window).exec()


class AboutDialog(QDialog):
    """The version, and where this desk keeps its data, its log and its settings (each folder one click away)."""

    def __init__(self, window):
        super().__init__(window)
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion

        from landdesk import applog

        self.setObjectName("aboutDialog")
        self.setWindowTitle(tr("Giới thiệu LandDesk"))
        ws = window.wctx.ws
        settings = window.wctx.settings
        head = QLabel(tr("<b>LandDesk %1</b><br>Phần mềm địa chính xã: nhập Mẫu 01, bản quét, kiểm tra, "
                         "gửi dữ liệu lên tỉnh.").replace("%1", __version__))
        head.setWordWrap(True)
        grid = QGridLayout()
        self.places: dict[str, Path] = {}
        rows = [("workspace", tr("Dữ liệu của xã (cơ sở dữ liệu, bản quét, khóa, bản sao lưu)"), Path(ws.root)),
                ("log", tr("Nhật ký (gửi cho người hỗ trợ khi có lỗi)"), applog.log_dir())]
        if settings is not None:
            rows.append(("settings", tr("Cài đặt giao diện của người dùng này"), Path(settings.fileName()).parent))
        for i, (key, label, path) in enumerate(rows):
            self.places[key] = path
            text = QLabel(f"{label}:<br><code>{path}</code>")
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.setWordWrap(True)
            open_button = QPushButton(tr("Mở thư mục"))
            open_button.setObjectName(f"open_{key}")
            open_button.clicked.connect(lambda _=False, p=path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(p))))
            grid.addWidget(text, i, 0)
            grid.addWidget(open_button, i, 1, Qt.AlignmentFlag.AlignTop)
        versions = QLabel(f"Python {platform.python_version()} · Qt {qVersion()} · PySide6 {pyside_version}"
                          f" · SQLite {sqlite3.sqlite_version}")
        versions.setStyleSheet("color: palette(mid);")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addLayout(grid)
        lay.addWidget(versions)
        lay.addWidget(buttons)
        self.setMinimumWidth(560)

    @classmethod
    def ask(cls, window) -> None:
        cls(window).exec()


def open_help(window) -> HelpWindow:
    """F1: the manual at the page of the view in front (kept as `window.help_window`)."""
    window.help_window = HelpWindow.show_for(window, window.wctx.lang, window.current_view_id())
    return window.help_window


def help_actions(window) -> list:
    """The Help menu's own entries: the manual (F1), the shortcuts, About."""
    from PySide6.QtGui import QAction

    out = []
    for text, slot, keys in ((tr("&Hướng dẫn sử dụng"), lambda: open_help(window), QKeySequence.StandardKey.HelpContents),
                             (tr("&Phím tắt"), lambda: ShortcutsDialog.ask(window, window), None),
                             (tr("&Giới thiệu LandDesk"), lambda: AboutDialog.ask(window), None)):
        act = QAction(text, window)
        if keys is not None:
            act.setShortcut(QKeySequence(keys))
        act.triggered.connect(slot)
        out.append(act)
    return out
