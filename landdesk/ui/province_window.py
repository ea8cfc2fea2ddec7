"""The province desk's own window (issue 13 §7): a desk opens here, with the desk's view only, never
inside a commune's window — and a commune's views never show in it.

It opens when the app starts on a desk folder (`landdesk gui --workspace DESK`, or the desk used last
on this PC), or from a commune window (Tools → Open the province desk…, a commune's package opened on
a PC that has a desk), after the desk's own login (its province accounts, not the commune's)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QWidget

from landdesk import __version__
from landdesk.domain.errors import LandDeskError
from landdesk.ui import settings as user_settings
from landdesk.ui.views.province_view import DESK_SETTING, ProvinceView

_open: list[ProvinceWindow] = []  # desk windows opened from a commune window (kept alive while shown)


def tr(text: str) -> str:
    return QCoreApplication.translate("ProvinceWindow", text)


class ProvinceWindow(QMainWindow):
    def __init__(self, wctx, desk) -> None:
        super().__init__()
        self.wctx = wctx
        wctx.window = self
        self.view = ProvinceView(wctx)
        self.setCentralWidget(self.view)
        wctx.hub.changes_applied.connect(self.view.refresh)
        files = self.menuBar().addMenu(tr("&Tệp"))
        for text, slot, keys in ((tr("Nhập gói của xã…"), self.view.import_packages, QKeySequence.StandardKey.Open),
                                 (tr("Xuất báo cáo tiến độ…"), self.view.save_report, "Ctrl+E"),
                                 (tr("Mở bàn làm việc tỉnh khác…"), self.view.choose_desk, None),
                                 (None, None, None),
                                 (tr("Thoát"), self.close, QKeySequence.StandardKey.Quit)):
            if text is None:
                files.addSeparator()
                continue
            act = QAction(text, self)
            if keys is not None:
                act.setShortcut(QKeySequence(keys))
            act.triggered.connect(slot)
            files.addAction(act)
        self.act_quit = act  # the last one
        about = QAction(tr("Giới thiệu LandDesk"), self)
        about.triggered.connect(lambda: QMessageBox.about(self, "LandDesk", tr(
            "LandDesk {v} — bàn làm việc của tỉnh: nhận gói của các xã, theo dõi tiến độ, xử lý xung đột.").format(
                v=__version__)))
        self.menuBar().addMenu(tr("Trợ &giúp")).addAction(about)
        self.who = QLabel("")
        self.statusBar().addWidget(self.who, 1)
        self.view.use_desk(desk)

    def show_desk(self, desk) -> None:
        self.setWindowTitle(tr("LandDesk — Bàn làm việc tỉnh — {name}").format(name=desk.province_name))
        self.who.setText(tr("{user} ({role}) — {path}").format(
            user=desk.actor.username, role=desk.actor.role.label(self.wctx.lang), path=desk.root))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        self.wctx.runner.wait_idle(30)  # an import under way finishes its batch; the desk closes after it
        super().closeEvent(event)
        if self in _open:
            self.wctx.runner.shutdown()
            if self.view.desk is not None:
                self.view.desk.close()
            _open.remove(self)
            self.deleteLater()


def build(desk, lang: str, settings: QSettings | None) -> ProvinceWindow:
    """The window on a desk already logged in to (tests and screenshots start here)."""
    from landdesk.ui.app import ensure_app, install_language, qt_dialogs_in
    from landdesk.ui.context import Hub, WindowContext
    from landdesk.ui.tasks import TaskRunner

    app = ensure_app()
    install_language(app, lang)
    qt_dialogs_in(lang)
    return ProvinceWindow(WindowContext(ws=desk, runner=TaskRunner(), hub=Hub(), lang=lang, settings=settings), desk)


def open_desk(parent: QWidget | None, path: Path | str, lang: str, settings: QSettings | None,
              username: str = "") -> ProvinceWindow | None:
    """The desk's login, then its window shown (fitted to the screen); None when the officer cancels or
    the desk cannot be opened (the login dialog or an error box has said why)."""
    from landdesk.ui import screen_fit
    from landdesk.ui.dialogs.province import DeskLogin
    from landdesk.ui.tasks import show_error

    desk = DeskLogin.ask(parent, str(path), lang, username) if username else DeskLogin.ask(parent, str(path), lang)
    if desk is None:
        return None
    try:
        desk.fingerprint()  # its signing key opens for this account on this PC (else said, nothing shown)
    except LandDeskError as exc:
        desk.close()
        show_error(parent, exc, lang)
        return None
    user_settings.set_value(settings or QSettings(), DESK_SETTING, str(path))
    window = build(desk, lang, settings)
    screen_fit.fit(window)
    screen_fit.show_first(window, geometry_restored=False)
    window.raise_()
    window.activateWindow()
    return window


def open_from(window, path: Path | str | None = None, then=None) -> None:
    """From a commune window: the desk at `path` (else the one used last, else one chosen) in its own
    window, kept alive while it is shown; `then(desk_window)` once it is up."""
    from landdesk.storage.marker import is_desk
    from landdesk.ui.widgets.filepick import FilePick

    for w in _open:  # one window per desk
        if path is None or Path(w.view.desk.root) == Path(path):
            w.showNormal() if w.isMinimized() else w.show()
            w.raise_()
            w.activateWindow()
            if then is not None:
                then(w)
            return
    wctx = window.wctx
    if path is None:
        last = str(user_settings.value(wctx.settings or QSettings(), DESK_SETTING) or "")
        path = last if last and is_desk(last) else FilePick.folder(window, tr("Chọn thư mục bàn làm việc của tỉnh"))
        if not path:
            return
    desk_window = open_desk(window, path, wctx.lang, wctx.settings)
    if desk_window is None:
        return
    desk_window.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)  # the commune window decides
    # it closes only itself: "Đóng" (Ctrl+W, Ctrl+F4 on Windows), as a second window of an application does
    desk_window.act_quit.setText(tr("Đóng cửa sổ"))
    desk_window.act_quit.setShortcut(QKeySequence(QKeySequence.StandardKey.Close))
    _open.append(desk_window)
    if then is not None:
        then(desk_window)


def close_all() -> None:
    """When the commune window's app quits: desk windows opened from it close with it."""
    for w in list(_open):
        w.close()
    QApplication.processEvents()
