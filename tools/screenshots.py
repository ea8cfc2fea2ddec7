"""Render every view and dialog of the window to docs/screenshots/, at 1366×768 and 1920×1080, in Vietnamese and
English, and the manual's pictures (resources/help/img/): `python tools/screenshots.py [--site DIR]`.

The data is the demo commune of docs/gui.md (600 dossiers with scans, seed 5; six pages back in the unassigned
tray, one in the trash) and a province desk that imported its full package with a target of 1000. Each
screen size and language renders in its own offscreen process whose one screen is that size less a 40 px
taskbar, the window shown as `landdesk` shows it (maximised on these screens). Files are named
`NAME-LANG-WIDTHxHEIGHT.png`; docs/gui.md lists them. A developer tool: not shipped.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SIZES = ((1366, 768), (1920, 1080))
LANGS = ("vi", "en")
TASKBAR = 40
PASSWORD = "admin-pass-1"
VIEWS = ("records", "form", "scans", "review", "dashboard", "stations")  # then the province desk, its own window
HELP_WIDTH = 900  # the manual's pictures: the 1366 px views, scaled, as JPEG


def build_site(site: Path) -> None:
    """The demo commune and a province desk that imported its package (as docs/gui.md describes)."""
    from landdesk.services import scans, search
    from landdesk.services.packages import export, keys, profile
    from landdesk.services.province import importer, roster
    from landdesk.services.province import profile as prov_profile
    from landdesk.workspace import Workspace
    from landdesk.workspace.province import ProvinceDesk

    site.mkdir(parents=True)
    env = dict(os.environ, LANDDESK_PASSWORD=PASSWORD)
    subprocess.run([sys.executable, "-m", "landdesk", "--workspace", str(site / "commune"), "demo", "--records", "600",
                    "--scans", "--seed", "5"], check=True, env=env, cwd=REPO, capture_output=True)
    ws = Workspace.open(site / "commune")
    ids = ws.read(lambda ctx: search.browse_ids(ctx, search.make_filters()))
    pages = [p for did in ids[:40] for p in ws.read(lambda ctx, d=did: scans.list_pages(ctx, d))][:7]
    for page in pages[:6]:  # back in the unassigned tray
        ws.transact(lambda ctx, p=page: scans.move_page(ctx, p.id, None, None))
    ws.transact(lambda ctx: scans.delete_page(ctx, pages[6].id))  # one in the trash
    desk = ProvinceDesk.create(site / "province", "24", password=PASSWORD, targets={"07210": 1000})
    prof = site / "profile.ldpkg"
    desk.read(lambda ctx: prov_profile.export_profile(ctx, prof))
    ws.transact(lambda ctx: profile.import_profile(ctx, prof))
    desk.transact(lambda ctx: roster.add_key(ctx, "07210", ws.read(keys.public_key_b64)))
    made = export.export_package(ws, site / "out", full=True)
    importer.import_files(desk, made.paths, receipts_dir=site / "receipts")
    desk.close()
    ws.close()


def render_all(site: Path, out: Path, sizes=SIZES, langs=LANGS) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for width, height in sizes:
        for lang in langs:
            with tempfile.TemporaryDirectory() as tmp:
                cfg = Path(tmp) / "screen.json"
                cfg.write_text(json.dumps({"screens": [{"name": "S", "x": 0, "y": 0, "width": width,
                                                        "height": height - TASKBAR, "logicalDpiX": 96,
                                                        "logicalDpiY": 96, "dpr": 1}]}))
                env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={cfg}", LANDDESK_PASSWORD=PASSWORD,
                           PYTHONPATH=str(REPO), LANDDESK_LOG_DIR=str(Path(tmp) / "log"))
                subprocess.run([sys.executable, __file__, "--child", f"{width}x{height}", lang, str(site), str(out),
                                tmp], check=True, env=env, cwd=REPO)
                print(f"{width}x{height} {lang}: done", flush=True)


# ---- one screen size and language (a process of its own) ----------------------------------------------


def _settle(app, window=None, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()
        if window is not None:
            window.wctx.runner.wait_idle(10)
    app.processEvents()


def child(size: str, lang: str, site: Path, out: Path, tmp: Path) -> None:
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    from landdesk.ui import app as ui_app
    from landdesk.ui.views import province_view
    from landdesk.workspace import Workspace

    qapp = ui_app.ensure_app()
    ui_app.install_language(qapp, lang)
    ui_app.qt_dialogs_in(lang)
    suffix = f"-{lang}-{size}.png"

    def save(widget, name: str) -> None:
        widget.grab().save(str(out / (name + suffix)))

    settings = ui_app.make_settings()
    settings.setValue(province_view.DESK_SETTING, str(site / "province"))
    _wizard(qapp, save, lang)
    ws = Workspace.open_for_login(site / "commune")
    ws.login("admin", PASSWORD, via="screenshot")
    _login(qapp, save, ws, lang)
    window = ui_app.build_window(ws, lang=lang, settings=settings)
    window.show_first()
    _settle(qapp, window)
    for view in VIEWS:
        widget = window.show_view(view)
        if view == "form":
            widget.open_first_for_screenshot()
        elif hasattr(widget, "reload_now"):
            widget.reload_now()
        _settle(qapp, window, 40)
        save(window, view)
        if size.startswith("1366"):
            _help_picture(window, lang, view)
    _dialogs(qapp, window, save, lang)
    window.wctx.runner.wait_idle(30)
    ui_app.close_orderly(window, ws)
    _desk_window(qapp, save, site, lang, size)


def _desk_window(qapp, save, site: Path, lang: str, size: str) -> None:
    """The province desk opens in a window of its own (issue 13 §7), sized as the main window is."""
    from landdesk.ui import app as ui_app
    from landdesk.ui import province_window, screen_fit
    from landdesk.workspace.province import ProvinceDesk

    desk = ProvinceDesk.open_for_login(site / "province")
    desk.login("admin", PASSWORD, via="screenshot")
    window = province_window.build(desk, lang, None)
    screen_fit.fit(window)
    screen_fit.show_first(window, geometry_restored=False)
    _settle(qapp, window, 40)
    save(window, "province")
    if size.startswith("1366"):
        _help_picture(window, lang, "province")
    window.view.tabs.setCurrentWidget(window.view.dossiers)  # a commune's dossiers, a page at a time
    _settle(qapp, window, 40)
    save(window, "province-dossiers")
    ui_app.close_orderly(window, desk)


def _help_picture(window, lang: str, view: str) -> None:
    from PySide6.QtCore import Qt

    folder = REPO / "resources" / "help" / "img"
    folder.mkdir(parents=True, exist_ok=True)
    img = window.grab().toImage().scaledToWidth(HELP_WIDTH, Qt.TransformationMode.SmoothTransformation)
    img.save(str(folder / f"{lang}-{view}.jpg"), "JPG", 82)


def _wizard(qapp, save, lang: str) -> None:
    from landdesk.ui.dialogs.setup import SetupWizard
    from tests.ui.keys import type_text

    wiz = SetupWizard(None, Path.home() / "Documents" / "LandDesk")
    wiz.show()
    wiz.place.search.setFocus()
    type_text("da mai", wiz.place.search)
    _settle(qapp)
    save(wiz, "wizard-commune")
    wiz.next()
    _settle(qapp)
    save(wiz, "wizard-folder")
    wiz.folder.folder.setText(str(Path.home() / "OneDrive" / "LandDesk"))
    _settle(qapp)
    save(wiz, "wizard-folder-onedrive")
    wiz.folder.folder.setText(str(Path.home() / "Documents" / "LandDesk"))
    wiz.next()
    wiz.admin.full_name.setText("Nguyễn Thị Lan")
    wiz.admin.password.setText("mat-khau-xa-1")
    wiz.admin.password2.setText("mat-khau-xa-1")
    _settle(qapp)
    save(wiz, "wizard-admin")
    wiz.next()
    _settle(qapp)
    save(wiz, "wizard-summary")
    wiz.close()


def _login(qapp, save, ws, lang: str) -> None:
    from landdesk.ui.dialogs.setup import BackupKeyDialog, LoginDialog

    dlg = LoginDialog(None, ws, "admin", lang)
    dlg.show()
    _settle(qapp)
    save(dlg, "login")
    dlg.close()
    key = BackupKeyDialog(None, "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-6789")  # not a real key
    key.show()
    _settle(qapp)
    save(key, "backup-key")
    key.close()


def _dialogs(qapp, window, save, lang: str) -> None:
    """The dialogs and bars of the day's work that need no answer to be shown."""
    from landdesk.domain.model import Dossier
    from landdesk.services import dossiers
    from landdesk.ui.dialogs.help import AboutDialog, HelpWindow, ShortcutsDialog
    from landdesk.ui.dialogs.settings import SettingsDialog
    from landdesk.ui.dialogs.unsaved import UnsavedDialog

    def shot(dlg, name: str) -> None:
        dlg.show()
        _settle(qapp)
        save(dlg, name)
        dlg.close()

    shot(SettingsDialog(window, {"lang": lang, "idle_minutes": 10}), "settings")
    shot(AboutDialog(window), "about")
    shot(ShortcutsDialog(window, window), "shortcuts")
    shot(HelpWindow(window, lang, "form.html"), "help")
    shot(UnsavedDialog(window, "Hồ sơ số 12" if lang == "vi" else "Dossier no. 12"), "unsaved")
    editor = window.show_view("form")
    editor.open_first_for_screenshot()
    _settle(qapp, window, 40)
    panel = editor.panel
    if panel is not None and panel.current_view() is not None:
        panel.full_screen()
        _settle(qapp, window, 40)
        save(panel.viewer, "viewer-full-screen")
        panel.viewer.close()
    # the bar that offers back unsaved work after a power cut
    draft = Dossier(commune_code="07210", village="Tổ dân phố số 2", serial="DA 123456")
    window.wctx.ws.transact(lambda ctx: dossiers.save_draft(ctx, "new:screenshot", draft))
    window.show_view("records")
    window.offer_drafts()
    _settle(qapp, window, 40)
    save(window, "drafts-bar")
    window.wctx.ws.transact(lambda ctx: dossiers.discard_draft(ctx, "new:screenshot"))
    _gallery(qapp, window, save)


def _gallery(qapp, window, save) -> None:
    """The dialogs of ui/dialog_gallery.py (backup, restore, users, target, sending to the province…)."""
    from landdesk.ui import dialog_gallery

    for name in dialog_gallery.GALLERY:
        dlg = dialog_gallery.build(window, name)
        dlg.show()
        _settle(qapp, window, 20)
        save(dlg, f"dialog-{name}")
        dlg.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    ap.add_argument("--site", type=Path, default=Path(tempfile.gettempdir()) / "landdesk-screenshots-site",
                    help="the demo commune and province desk (made there when missing)")
    ap.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        size, lang, site, out, tmp = args.child
        child(size, lang, Path(site), Path(out), Path(tmp))
        return 0
    if not (args.site / "commune").is_dir():
        build_site(args.site)
    render_all(args.site, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
