"""Start-up: QApplication, translations, first-run wizard, login, the main window; offscreen screenshots.

`run()` and `screenshot()` are called by landdesk/cli/cmd_gui.py.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QTranslator
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from landdesk import __version__
from landdesk.domain.errors import LandDeskError
from landdesk.paths import resources_dir
from landdesk.ui.context import Hub, WindowContext
from landdesk.ui.tasks import TaskRunner

LANGS = ("vi", "en")


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
        font = QFont(app.font())
        if font.pointSizeF() < 10:
            font.setPointSizeF(10)
        app.setFont(font)
    return app


def chosen_language(lang: str | None, settings: QSettings | None) -> str:
    if lang in LANGS:
        return lang
    if settings is not None:
        stored = str(settings.value("ui/lang", "") or "")
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
    os.environ["LANDDESK_LANG"] = lang  # LandDeskError.message() follows the interface language
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese if lang == "vi" else QLocale.Language.English))
    if lang == "vi":
        return True
    tr = QTranslator(app)
    ok = tr.load(str(resources_dir() / "translations" / f"landdesk_{lang}.qm"))
    if ok:
        app.installTranslator(tr)
        _installed.append(tr)
    return ok


def build_window(ws, *, lang: str = "vi", settings: QSettings | None = None, defer_views: bool = False):
    """The main window on an open workspace (the caller keeps both alive). `defer_views`: the
    interactive start shows the core views first and adds the others a moment later."""
    from landdesk.ui.main_window import MainWindow

    app = ensure_app()
    install_language(app, lang)
    wctx = WindowContext(ws=ws, runner=TaskRunner(), hub=Hub(), lang=lang, settings=settings)
    return MainWindow(wctx, defer_views=defer_views)


def _first_run(root: Path, lang: str):
    """Wizard → new workspace, or None when the officer cancels."""
    from landdesk.ui.dialogs.setup import SetupWizard
    from landdesk.workspace import Workspace, is_workspace

    choice = SetupWizard.ask(None, root)
    if choice is None:
        return None, None
    if is_workspace(choice.folder):
        return Workspace.open(choice.folder), choice.admin
    ws = Workspace.create(choice.folder, choice.commune_code, admin=choice.admin, password=choice.password,
                          full_name=choice.full_name)
    return ws, choice.admin


def run(workspace_path, user: str | None = None, lang: str | None = None) -> int:
    from landdesk.ui.dialogs.setup import LoginDialog
    from landdesk.workspace import Workspace, is_workspace

    app = ensure_app()
    settings = make_settings()
    lang = chosen_language(lang, settings)
    install_language(app, lang)
    root = Path(workspace_path)
    try:
        if is_workspace(root):
            ws = Workspace.open(root)
        else:
            last = str(settings.value("workspace/last", "") or "")
            if last and is_workspace(Path(last)) and not os.environ.get("LANDDESK_WORKSPACE"):
                ws = Workspace.open(last)
            else:
                ws, user = _first_run(root, lang)
                if ws is None:
                    return 0
    except LandDeskError as exc:
        QMessageBox.critical(None, "LandDesk", exc.message(lang))
        return 2
    settings.setValue("workspace/last", str(ws.root))
    actor = LoginDialog.ask(None, ws, user or str(settings.value("login/last_user", "") or ""), lang)
    if actor is None:
        ws.close()
        return 0
    settings.setValue("login/last_user", actor.username)
    ws.actor = actor
    window = build_window(ws, lang=lang, settings=settings, defer_views=True)
    window.show()
    window.offer_drafts()
    code = app.exec()
    window.wctx.runner.shutdown()
    ws.close()
    return int(code)


def screenshot(workspace_path, out, view: str = "records", user: str | None = None, lang: str | None = None,
               size: tuple[int, int] = (1366, 768)) -> int:
    """Render one view of the main window offscreen to a PNG (no login: a local, trusted front end)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from landdesk.workspace import Workspace

    app = ensure_app()
    lang = lang if lang in LANGS else "vi"
    ws = Workspace.open(Path(workspace_path), user=user)
    try:
        window = build_window(ws, lang=lang, settings=None)
        window.resize(*size)
        window.show()
        widget = window.show_view(view) if view in window.view_ids() else None
        if widget is None and view != "form":
            raise LandDeskError(f"Không có màn hình '{view}' trong bản này.", f"No '{view}' view in this build.")
        if view == "form":
            window.show_view("form")
            window.page("form").open_first_for_screenshot()
        elif hasattr(widget, "reload_now"):
            widget.reload_now()  # the whole list and its count, not the first page only
        _settle(app, window)
        window.grab().save(str(out))
        window.wctx.runner.shutdown()
        window.close()
    finally:
        ws.close()
    return 0


def _settle(app, window, rounds: int = 30) -> None:
    """Let lazy loads and queued ops finish so the picture shows data, not placeholders."""
    for _ in range(rounds):
        app.processEvents()
        window.wctx.runner.wait_idle(10)
    app.processEvents()
