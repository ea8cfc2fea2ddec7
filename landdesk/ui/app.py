"""Start-up: QApplication, translations, first-run wizard, login, the main window; offscreen screenshots.

`run()` and `screenshot()` are called by landdesk/cli/cmd_gui.py. The interactive start is progressive:
the login dialog needs only Qt, the settings and the workspace's marker file, so it is up in about the
time of a bare Qt window; SQLAlchemy, the database and the main window's modules load on a thread
behind it while the officer types the password. Nothing above the dialog may import SQLAlchemy.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QTimer, QTranslator
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from landdesk import __version__
from landdesk.domain import i18n, reference
from landdesk.domain.codes import UserRole
from landdesk.domain.errors import LandDeskError
from landdesk.domain.resources import resources_dir
from landdesk.storage.marker import is_desk, is_workspace, read_marker
from landdesk.ui import gcguard
from landdesk.ui import settings as user_settings

LANGS = ("vi", "en")
log = logging.getLogger("landdesk.ui")
_front: list = []  # the window (or login dialog) a second start brings forward
_auto: list = []  # the front window's automatic backups (ui/backup_schedule.py)


def make_settings() -> QSettings:
    """Per-user UI state (geometry, columns, language). Tests point QSettings.setPath elsewhere."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "LandDesk", "LandDesk")


def ensure_app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("LandDesk")
        app.setOrganizationName("LandDesk")
        app.setApplicationVersion(__version__)
        app.setStyle("Fusion")
        app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "landdesk.png")))
        font = QFont(app.font())
        if font.pointSizeF() < 10:
            font.setPointSizeF(10)
        app.setFont(font)
        gcguard.install(app)  # our own process: cycles are collected on the GUI thread (see gcguard.py)
    return app


def chosen_language(lang: str | None, settings: QSettings | None) -> str:
    if lang in LANGS:
        return lang
    if settings is not None:
        stored = user_settings.value(settings, "ui/lang")
        if stored in LANGS:
            return stored
    env = os.environ.get("LANDDESK_UI_LANG", "")
    return env if env in LANGS else "vi"


_installed: list[QTranslator] = []


def install_language(app: QCoreApplication, lang: str) -> bool:
    """Source strings are Vietnamese; English comes from resources/translations/landdesk_en.qm."""
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    i18n.use_language(lang)  # messages from below the window (LandDeskError.message()) follow it
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese if lang == "vi" else QLocale.Language.English))
    # Vietnamese: the app's own strings are the source text; Qt's (standard buttons, text-field
    # menus, file dialog) come from our qt_vi, as Qt ships no Vietnamese. English: landdesk_en.
    tr = QTranslator(app)
    ok = tr.load(str(resources_dir() / "translations" / ("qt_vi.qm" if lang == "vi" else f"landdesk_{lang}.qm")))
    if ok:
        app.installTranslator(tr)
        _installed.append(tr)
    return ok or lang == "vi"


def qt_dialogs_in(lang: str) -> None:
    """In Vietnamese, Qt's own file dialogs (translated by our qt_vi: "Tìm trong:", "Loại tệp:"), not the
    system's, which speak the language Windows was installed in; in English, the system's. (Not set
    before the login dialog: the Qt namespace costs its first paint 20 ms.)"""
    from PySide6.QtCore import Qt

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, lang == "vi")


def build_window(ws, *, lang: str = "vi", settings: QSettings | None = None):
    """The main window on an open workspace (the caller keeps both alive)."""
    from landdesk.ui.context import Hub, WindowContext
    from landdesk.ui.main_window import MainWindow
    from landdesk.ui.tasks import TaskRunner

    app = ensure_app()
    install_language(app, lang)
    qt_dialogs_in(lang)
    wctx = WindowContext(ws=ws, runner=TaskRunner(), hub=Hub(), lang=lang, settings=settings)
    return MainWindow(wctx)


def _first_run(root: Path, lang: str):
    """Wizard → (workspace, the administrator logged in, user name), or (None, None, "") when the officer
    cancels. A new workspace is entered at once with the password just chosen twice in the wizard (the
    login is checked and audited as the dialog's); a folder that already holds a workspace asks for it."""
    from landdesk.services.packages import keys
    from landdesk.ui.dialogs.setup import BackupKeyDialog, SetupWizard
    from landdesk.workspace import Workspace

    qt_dialogs_in(lang)
    choice = SetupWizard.ask(None, root)
    if choice is None:
        return None, None, ""
    from landdesk.ui.dialogs.station_join import StationJoinChoice, join_station

    if isinstance(choice, StationJoinChoice):  # a commune's workstation, from its enrolment file
        return join_station(choice), None, choice.username
    if is_workspace(choice.folder):
        return Workspace.open_for_login(choice.folder), None, choice.admin
    ws = Workspace.create(choice.folder, choice.commune_code, admin=choice.admin, password=choice.password,
                          full_name=choice.full_name)
    BackupKeyDialog.ask(None, keys.backup_key(ws.root / "keys"))  # shown once, for the office safe
    return ws, ws.authenticate(choice.admin, choice.password, via="window"), choice.admin


def error_box(exc: LandDeskError, lang: str) -> None:
    """A start-up error (no workspace window yet): one modal box, the message in the interface language."""
    QMessageBox.critical(None, "LandDesk", exc.message(lang))


def _workspace_folder(root: Path, settings: QSettings) -> Path | None:
    """The folder to open: the one asked for, else the last one used; None → the first-run wizard."""
    if is_workspace(root) or is_desk(root):
        return root
    last = user_settings.value(settings, "workspace/last")
    if last and (is_workspace(Path(last)) or is_desk(Path(last))) and not os.environ.get("LANDDESK_WORKSPACE"):
        return Path(last)
    return None


def _place(marker: dict) -> tuple[str, str] | None:
    unit = reference.commune(str(marker.get("commune_code", "")))
    return (unit.name, unit.province_name) if unit else None


def open_for_login(root: Path):
    """On the opening thread, while the login dialog is up: SQLAlchemy, the database, then the modules
    the main window's first paint needs, so that after OK only the window itself is left to build."""
    from landdesk.workspace import Workspace

    ws = Workspace.open_for_login(root)
    try:
        from landdesk.services import login, search  # noqa: F401 (login: the dialog's authenticate)
        from landdesk.ui import main_window  # noqa: F401
        from landdesk.ui.views import registry

        registry.view_modules()  # every view: the window is complete at its first paint
        # SQLAlchemy compiles a statement on first use (~8 ms for the records list's rows): do it now, for
        # an id that matches nothing, so no one's data is read before the password is checked (no one is
        # logged in yet: this one read acts as a viewer that sees nothing).
        from landdesk.storage.uow import Actor

        warm_up = Actor("warm-up", UserRole.VIEWER)
        ws.read(lambda ctx: search.fetch_summaries(replace(ctx, actor=warm_up), ["-"]))
    except Exception:  # build_window imports them again and reports the error there
        log.exception("main window modules could not be preloaded")
    return ws


class QtTypeWarmer:
    """PySide6 builds each class and its enums on first use: ~0.1 s for QtCore/QtGui/QtWidgets, of which
    30-40 ms fall inside the main window's constructor. While the login dialog waits for the password
    (and once the opening thread is done, so that the two never build the same class at once), build
    them from the event loop a few milliseconds at a time: typing stays smooth."""

    SLICE = 0.003  # seconds of work per event-loop turn

    def __init__(self, parent):
        self._names = None
        self._timer = QTimer(parent)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)

    def start(self) -> None:
        from PySide6 import QtCore, QtGui, QtWidgets

        self._names = iter([(mod, name) for mod in (QtCore, QtGui, QtWidgets) for name in dir(mod)])
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _step(self) -> None:
        end = time.perf_counter() + self.SLICE
        for mod, name in self._names:
            getattr(mod, name, None)
            if time.perf_counter() > end:
                return
        self._timer.stop()


def _login_while_opening(app, root: Path, username: str, lang: str, place):
    """The login dialog at once, the workspace opening on a thread behind it → (dialog, accepted, the open
    workspace or None). When this returns the thread has finished, whatever the officer did."""
    from landdesk.ui.dialogs.setup import LoginDialog

    dlg = LoginDialog(None, None, username, lang, place=place)
    _front[:] = [dlg]
    dlg.show()
    app.processEvents()  # painted and taking keys before the opening thread competes for the GIL
    # PySide6 builds classes on first use, and two threads must not build the same one at once: the Qt
    # namespace (20 ms, needed by the modules the thread imports and by the busy cursor) is built here.
    from PySide6.QtCore import Qt  # noqa: F401

    warmer = QtTypeWarmer(dlg)
    dlg.opened.connect(warmer.start)
    with ThreadPoolExecutor(1, thread_name_prefix="landdesk-open") as pool:
        opening = pool.submit(open_for_login, root)
        dlg.set_workspace(opening)
        # Esc or Enter may already have closed it while the first paint was processed: exec() would
        # show it again and wait for an answer already given
        if dlg.isVisible():
            accepted = dlg.exec() == QDialog.DialogCode.Accepted
        else:
            accepted = dlg.result() == QDialog.DialogCode.Accepted
        warmer.stop()
    return dlg, accepted, opening.result() if opening.exception() is None else None


def run(workspace_path, user: str | None = None, lang: str | None = None, package: Path | None = None) -> int:
    """The interactive start: the login dialog first (it needs neither SQLAlchemy nor the database), the
    workspace opening behind it, then the main window. One window per workspace (single_instance).
    `package`: a sync package opened from Explorer, shown once the window is up."""
    from landdesk.ui import applog_qt

    app = ensure_app()
    settings = make_settings()
    lang = chosen_language(lang, settings)
    install_language(app, lang)
    applog_qt.install(lambda exc: _unexpected_error(exc, lang))
    username = user or user_settings.value(settings, "login/last_user")
    ws = place = lock = actor = None
    try:
        root = _workspace_folder(Path(workspace_path), settings)
        if root is None:
            ws, actor, first_admin = _first_run(Path(workspace_path), lang)
            if ws is None:
                return 0
            username = first_admin or username
            lock = _window_lock(ws.root)
        else:
            lock = _window_lock(root)
            if lock is None:  # the workspace is open in another window: that one came forward
                return 0
            if not is_desk(root):
                place = _place(read_marker(root))  # a damaged or newer marker is reported before the dialog
    except LandDeskError as exc:
        error_box(exc, lang)
        return 2
    try:
        if root is not None and is_desk(root):
            return _run_desk(app, settings, root, lang, package, user or "")
        return _login_and_run(app, settings, ws, root, place, username, lang, package, actor)
    finally:
        if lock is not None:
            lock.release()


def _run_desk(app, settings, root: Path, lang: str, package: Path | None, user: str) -> int:
    """A province desk: its own login and its own window (ui/province_window.py), no commune views."""
    from landdesk.ui import province_window

    window = province_window.open_desk(None, root, lang, settings, user)
    if window is None:
        return 0
    user_settings.set_value(settings, "workspace/last", str(root))
    _front[:] = [window]
    if package is not None:
        from landdesk.ui.open_package import open_package

        open_package(window, package)
    code = app.exec()
    close_orderly(_front[0] if _front else window, window.wctx.ws)
    return int(code)


def _window_lock(root: Path):
    """This process's hold on the workspace's window, or None when another window has it (asked to
    come forward; if it does not answer, the officer is told)."""
    from landdesk.ui import single_instance

    lock = single_instance.WindowLock(root, on_raise=lambda: single_instance.bring_forward(_front[0] if _front else None))
    if lock.acquire():
        return lock
    if not single_instance.ask_first_to_raise(root):
        QMessageBox.information(None, "LandDesk", QCoreApplication.translate(
            "Startup", "Thư mục làm việc này đang được mở trong một cửa sổ LandDesk khác."))
    return None


def _unexpected_error(exc: BaseException, lang: str) -> None:
    from landdesk.ui.tasks import show_error

    show_error(QApplication.activeWindow(), exc, lang)


def _login_and_run(app, settings, ws, root, place, username: str, lang: str, package: Path | None = None,
                   actor=None) -> int:
    from landdesk.ui.dialogs.setup import LoginDialog

    if actor is not None:  # the wizard's new workspace, its administrator logged in already
        dlg, accepted = None, True
    elif ws is not None:  # the wizard found a workspace in the chosen folder: open already
        dlg = LoginDialog(None, ws, username, lang)
        accepted = dlg.exec() == QDialog.DialogCode.Accepted
    else:
        dlg, accepted, ws = _login_while_opening(app, root, username, lang, place)
    if ws is not None:
        user_settings.set_value(settings, "workspace/last", str(ws.root))
    if not accepted:
        if ws is not None:
            ws.close()
        if dlg.open_error is None:
            return 0
        if isinstance(dlg.open_error, LandDeskError):
            error_box(dlg.open_error, lang)
            return 2
        raise dlg.open_error
    actor = actor or dlg.actor
    user_settings.set_value(settings, "login/last_user", actor.username)
    ws.actor = actor
    window = build_window(ws, lang=lang, settings=settings)
    _front[:] = [window]
    window.show_first()
    window.offer_drafts()
    # Automatic backups: daily, and on exit after a session that changed something — listening before
    # the event loop runs, so no change of the session is missed (its first daily check waits minutes).
    _auto[:] = [_auto_backup(window)]
    if package is not None:
        from landdesk.ui.open_package import open_package

        open_package(window, package)
    code = app.exec()
    front = _front[0] if _front else window  # a language switch replaces the window
    for auto in _auto:
        auto.on_exit()
    _auto.clear()
    close_orderly(front, front.wctx.ws)  # (a restore in the window replaced the workspace object)
    return int(code)


def _auto_backup(window, changed: bool = False):
    from landdesk.ui.backup_schedule import AutoBackup

    auto = AutoBackup(window)
    auto.changed = changed  # (what the session changed so far, when a new window takes over)
    return auto


def switch_language(window, lang: str):
    """The interface in `lang` at once: the same workspace and user in a new window built in that
    language (every string is set when a widget is built), the old one retired. None when the officer
    keeps unsaved work (Cancel at the editor's prompt): the language then changes at the next start."""
    if not window.can_leave():
        return None
    ws, settings = window.wctx.ws, window.wctx.settings
    maximized = window.isMaximized()
    window.save_state()
    new = build_window(ws, lang=lang, settings=settings)
    new.show_view(window.current_view_id() or "records")
    if maximized:
        new.showMaximized()
    else:
        new.show()
    for i, old in enumerate(_auto):  # the automatic backups follow the window in front
        old.stopped = True
        old.timer.stop()
        old.first.stop()
        _auto[i] = _auto_backup(new, old.changed)
    window.retire()
    _front[:] = [new]
    return new


def close_orderly(window, ws) -> None:
    """After the event loop: the database threads stopped, the window's widgets deleted while the
    application still exists (not left to the interpreter's last garbage collection, in whatever
    order it takes them), the workspace closed (its last connection checkpoints the WAL into the
    database file), the log flushed."""
    from PySide6.QtCore import QEvent

    desks = sys.modules.get("landdesk.ui.province_window")
    if desks is not None:  # desk windows opened from this one close with it
        desks.close_all()
    window.wctx.runner.shutdown()
    _front.clear()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    ws.close()
    for handler in logging.getLogger().handlers + logging.getLogger("landdesk").handlers:
        handler.flush()


def screenshot(workspace_path, out, view: str = "records", user: str | None = None, lang: str | None = None,
               size: tuple[int, int] = (1366, 768), *, password: str | None) -> int:
    """Render one view of the main window offscreen to a PNG, after the same login as the window's
    (a wrong or missing password: LoginRefused, nothing rendered)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from landdesk.workspace import Workspace

    lang = lang if lang in LANGS else "vi"
    if is_desk(workspace_path):
        return _desk_screenshot(Path(workspace_path), out, user, lang, size, password)
    ws = Workspace.open_for_login(Path(workspace_path))
    window = None
    try:
        ws.login(user, password, via="screenshot")
        if view == "province":  # issue 13 §7: never in a commune's window
            raise LandDeskError(f"Bàn làm việc tỉnh có cửa sổ riêng: chụp nó bằng --workspace <thư mục bàn làm việc "
                                f"tỉnh>; {workspace_path} là không gian làm việc của xã.",
                                f"The province desk has a window of its own: render it with --workspace <desk folder>; "
                                f"{workspace_path} is a commune workspace.")
        app = ensure_app()
        window = _shown(build_window(ws, lang=lang, settings=None), size)
        if view.startswith("dialog:"):  # a dialog of the day's work, on this workspace's data (ui/dialog_gallery.py)
            from landdesk.ui import dialog_gallery

            dialog_gallery.render(window, view.split(":", 1)[1], out, lambda: _settle(app, window, 5))
            return 0
        widget = window.show_view(view) if view in window.view_ids() else None
        if widget is None and view != "form":
            raise LandDeskError(f"Không có màn hình '{view}' trong bản này.", f"No '{view}' view in this build.")
        if view == "form":
            window.show_view("form")
            window.page("form").open_first_for_screenshot()
        elif hasattr(widget, "reload_now"):
            widget.reload_now()  # the whole list and its count, not the first page only
        _save(app, window, out)
    finally:
        # Closed on every path: a window left shown by a refused view stays a live top-level window of the
        # process (in a test run, one another test's driver could pick up).
        if window is not None:
            _close(window)
        ws.close()
    return 0


def _desk_screenshot(root: Path, out, user: str | None, lang: str, size: tuple[int, int], password: str | None) -> int:
    """The province desk's window (its only view), after the desk's own login."""
    from landdesk.ui import province_window
    from landdesk.workspace.province import ProvinceDesk

    desk = ProvinceDesk.open_for_login(root)
    window = None
    try:
        desk.login(user, password, via="screenshot")
        app = ensure_app()
        window = _shown(province_window.build(desk, lang, None), size)
        _save(app, window, out)
    finally:
        if window is not None:
            _close(window)
        desk.close()
    return 0


def _shown(window, size: tuple[int, int]):
    window.resize(*size)
    window.show()
    return window


def _save(app, window, out) -> None:
    """The window settled and saved to `out` (the main window's and the desk's alike)."""
    _settle(app, window)
    window.grab().save(str(out))


def _close(window) -> None:
    window.wctx.runner.shutdown()
    window.close()


def _settle(app, window, rounds: int = 30) -> None:
    """Let lazy loads and queued ops finish so the picture shows data, not placeholders."""
    for _ in range(rounds):
        app.processEvents()
        window.wctx.runner.wait_idle(10)
    app.processEvents()
